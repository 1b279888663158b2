/**
 * A stand-in for the carriers' number-settings APIs, stateful: Twilio's IncomingPhoneNumbers and
 * Messaging Services, SignalWire's Compatibility API (the same resource under /api/laml), Telnyx's
 * phone numbers, Call Control applications and messaging profiles; Plivo's, Vonage's and
 * Bandwidth's in carrier-setup-apps.ts. Intercepts fetch like the send mocks, and records every
 * request.
 */
import { vi } from "vitest";
import { appSetupRoute, appSetupState, type AppSetupState } from "./carrier-setup-apps";
import { answerBandwidthToken } from "./carriers-bandwidth";
import { readForm } from "./form";

export interface TwilioNumberState {
  sid: string;
  phone_number: string;
  voice_url: string | null;
  sms_url: string | null;
  status_callback: string | null;
  voice_application_sid: string | null;
  sms_application_sid: string | null;
}

export interface SetupStandIn extends AppSetupState {
  twilio: Map<string, TwilioNumberState>;
  services: Array<{ sid: string; friendly_name: string; use_inbound_webhook_on_number: boolean; inbound_request_url: string | null; numbers: string[]; campaignStatus?: string }>;
  /** Toll-free verification status by the number's SID. */
  tollfree: Map<string, string>;
  telnyx: { numbers: Map<string, { id: string; connection_id: string | null; messaging_profile_id: string | null }>; apps: Map<string, { webhook_event_url: string | null }>; profiles: Map<string, { webhook_url: string | null }> };
  /** Answer the next request (the next one `only` accepts) with this status instead (a carrier error), and `body` if given. */
  failNext: (status: number, only?: (url: URL) => boolean, body?: unknown) => void;
  requests: Array<{ method: string; url: string; authorization: string | null; body: string }>;
}

const FORM_FIELDS: Record<string, keyof TwilioNumberState> = { VoiceUrl: "voice_url", SmsUrl: "sms_url", StatusCallback: "status_callback", VoiceApplicationSid: "voice_application_sid", SmsApplicationSid: "sms_application_sid" };

export function setupStandIn(): SetupStandIn {
  const s: SetupStandIn = {
    twilio: new Map(),
    services: [],
    tollfree: new Map(),
    telnyx: { numbers: new Map(), apps: new Map(), profiles: new Map() },
    ...appSetupState(),
    failNext: (status, only = () => true, body) => void failures.push({ status, only, body }),
    requests: [],
  };
  const failures: Array<{ status: number; only: (url: URL) => boolean; body?: unknown }> = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const url = new URL(req.url);
    // Bandwidth's token endpoint is not a settings API: neither recorded nor failed on purpose.
    const token = await answerBandwidthToken(req, url);
    if (token) return token;
    const body = req.method === "GET" ? "" : await req.clone().text();
    s.requests.push({ method: req.method, url: req.url, authorization: req.headers.get("authorization"), body });
    const at = failures.findIndex((f) => f.only(url));
    const fail = at === -1 ? undefined : failures.splice(at, 1)[0]!;
    if (fail) {
      const body = fail.body ?? { code: fail.status * 100, message: "error", errors: [{ code: String(fail.status), title: "error" }] };
      return Response.json(body, { status: fail.status, headers: fail.status === 429 ? { "retry-after": "30" } : {} });
    }
    return (await twilioRoute(s, req, url)) ?? (await telnyxRoute(s, req, url)) ?? (await appSetupRoute(s, req, url)) ?? new Response("not simulated", { status: 599 });
  });
  return s;
}

async function twilioRoute(s: SetupStandIn, req: Request, url: URL): Promise<Response | null> {
  const list = /\/2010-04-01\/Accounts\/[^/]+\/IncomingPhoneNumbers\.json$/.exec(url.pathname);
  if (list && req.method === "GET") {
    const n = s.twilio.get(url.searchParams.get("PhoneNumber") ?? "");
    return Response.json({ incoming_phone_numbers: n ? [n] : [] });
  }
  const one = /\/2010-04-01\/Accounts\/[^/]+\/IncomingPhoneNumbers\/([^/]+)\.json$/.exec(url.pathname);
  if (one && req.method === "POST") {
    const n = [...s.twilio.values()].find((x) => x.sid === one[1]);
    if (!n) return Response.json({ code: 20404, message: "not found" }, { status: 404 });
    for (const [k, v] of await readForm(req)) if (FORM_FIELDS[k]) (n as unknown as Record<string, string | null>)[FORM_FIELDS[k]] = v === "" ? null : v;
    return Response.json(n);
  }
  if (/\/2010-04-01\/Accounts\/[^/]+\/Calls\.json$/.test(url.pathname) && req.method === "POST") {
    return Response.json({ sid: `CA${crypto.randomUUID().replace(/-/g, "")}`, status: "queued" }, { status: 201 });
  }
  if (url.hostname === "messaging.twilio.com" && url.pathname === "/v1/Services") return Response.json({ services: s.services });
  const usa2p = /^\/v1\/Services\/([^/]+)\/Compliance\/Usa2p$/.exec(url.pathname);
  if (url.hostname === "messaging.twilio.com" && usa2p) {
    const status = s.services.find((x) => x.sid === usa2p[1])?.campaignStatus;
    return Response.json({ compliance: status ? [{ campaign_status: status }] : [] });
  }
  if (url.hostname === "messaging.twilio.com" && url.pathname === "/v1/Tollfree/Verifications") {
    const status = s.tollfree.get(url.searchParams.get("TollfreePhoneNumberSid") ?? "");
    return Response.json({ verifications: status ? [{ status }] : [] });
  }
  const svc = /^\/v1\/Services\/([^/]+)\/PhoneNumbers$/.exec(url.pathname);
  if (url.hostname === "messaging.twilio.com" && svc) {
    const found = s.services.find((x) => x.sid === svc[1]);
    return Response.json({ phone_numbers: (found?.numbers ?? []).map((phone_number) => ({ phone_number })) });
  }
  return null;
}

async function telnyxRoute(s: SetupStandIn, req: Request, url: URL): Promise<Response | null> {
  if (url.hostname !== "api.telnyx.com") return null;
  if (url.pathname === "/v2/calls" && req.method === "POST") return Response.json({ data: { call_control_id: "v3:test", call_session_id: crypto.randomUUID() } });
  if (url.pathname === "/v2/phone_numbers") {
    const n = s.telnyx.numbers.get(url.searchParams.get("filter[phone_number]") ?? "");
    return Response.json({ data: n ? [n] : [] });
  }
  const app = /^\/v2\/call_control_applications\/([^/]+)$/.exec(url.pathname);
  const profile = /^\/v2\/messaging_profiles\/([^/]+)$/.exec(url.pathname);
  const [store, id, field] = app ? [s.telnyx.apps, app[1]!, "webhook_event_url"] : profile ? [s.telnyx.profiles, profile[1]!, "webhook_url"] : [null, "", ""];
  if (!store) return null;
  const item = store.get(id) as Record<string, string | null> | undefined;
  if (!item) return Response.json({ errors: [{ code: "10005", title: "Resource not found" }] }, { status: 404 });
  if (req.method === "PATCH") item[field] = ((await req.json()) as Record<string, string | null>)[field] ?? null;
  return Response.json({ data: { id, ...item } });
}
