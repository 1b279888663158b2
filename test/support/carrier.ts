import { vi } from "vitest";
import { readForm } from "./form";

export interface CarrierRequest {
  url: string;
  authorization: string | null;
  form: URLSearchParams;
}

/**
 * Intercepts outbound fetches to Twilio's API inside the test isolate (worker, DO and queue consumer
 * all run there). Answers with the scripted responses in order, then 201s.
 */
export function mockTwilio(script: Array<{ status: number; body?: unknown }> = []) {
  const requests: CarrierRequest[] = [];
  const queue = [...script];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const url = new URL(req.url);
    if (url.hostname !== "api.twilio.com") return new Response("blocked: " + req.url, { status: 599 });
    const form = await readForm(req);
    requests.push({ url: req.url, authorization: req.headers.get("authorization"), form });
    const next = queue.shift();
    if (next) return Response.json(next.body ?? { code: 20500, message: "Internal" }, { status: next.status });
    return Response.json(
      { sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued", to: form.get("To"), from: form.get("From"), body: form.get("Body") },
      { status: 201 },
    );
  });
  return { requests, spy, to: (phone: string) => requests.filter((r) => r.form.get("To") === phone) };
}
