import { describe, expect, it } from "vitest";

describe("the test pool", () => {
  it("answers a request no test intercepted with 503, without a DNS lookup (vitest.config.ts, outboundService)", async () => {
    const res = await fetch("https://crm.example/hooks", { method: "POST", body: "{}" });
    expect(res.status).toBe(503);
    expect(await res.text()).toBe("no network in tests: POST crm.example");
  });
});
