/**
 * The application-based carriers' settings APIs for the stand-in in carrier-setup.ts, stateful:
 * Plivo's numbers and applications, Vonage's Numbers API (rest.nexmo.com) and Application API,
 * Bandwidth's Dashboard API at api.bandwidth.com (number details, a location's origination settings,
 * applications in XML, changed by PATCH; a bearer token its stand-in issued, or 401); and their
 * call-create APIs, which accept a test call and place nothing.
 */
import { bandwidthBearerOk, bandwidthUnauthorized } from "./carriers-bandwidth";

export interface PlivoApp {
  answer_url: string | null;
  hangup_url: string | null;
  message_url: string | null;
  [field: string]: string | null;
}

export interface VonageApp {
  name: string;
  capabilities: Record<string, { webhooks?: Record<string, { address: string; http_method: string }> } & Record<string, unknown>>;
  keys?: { public_key: string };
  privacy?: { improve_ai: boolean };
}

export interface AppSetupState {
  plivo: { numbers: Map<string, { application: string | null }>; apps: Map<string, PlivoApp> };
  vonage: { numbers: Array<{ msisdn: string; app_id?: string | null; moHttpUrl?: string }>; apps: Map<string, VonageApp> };
  /** Numbers by their ten digits; origination settings by `site/peer` (the Voice application's id); applications' elements by id. */
  bandwidth: { tns: Map<string, { site: string; peer: string }>; origination: Map<string, string | null>; apps: Map<string, Record<string, string>> };
}

export function appSetupState(): AppSetupState {
  return {
    plivo: { numbers: new Map(), apps: new Map() },
    vonage: { numbers: [], apps: new Map() },
    bandwidth: { tns: new Map(), origination: new Map(), apps: new Map() },
  };
}

export async function appSetupRoute(s: AppSetupState, req: Request, url: URL): Promise<Response | null> {
  if (url.hostname === "api.plivo.com") return plivoRoute(s, req, url);
  if (url.hostname === "rest.nexmo.com" || url.hostname === "api.nexmo.com") return vonageRoute(s, req, url);
  if (url.hostname === "api.bandwidth.com" && url.pathname.startsWith("/api/")) {
    return bandwidthBearerOk(req) ? bandwidthRoute(s, req, url) : xml("<ResponseStatus><ErrorCode>401</ErrorCode><Description>Unauthorized</Description></ResponseStatus>", 401);
  }
  if (url.hostname === "voice.bandwidth.com" && req.method === "POST" && /^\/api\/v2\/accounts\/\d+\/calls$/.test(url.pathname)) {
    if (!bandwidthBearerOk(req)) return bandwidthUnauthorized();
    return Response.json({ callId: `c-${crypto.randomUUID()}`, state: "initiated" }, { status: 201 });
  }
  return null;
}

const plivoMissing = () => Response.json({ api_id: crypto.randomUUID(), error: "not found" }, { status: 404 });

async function plivoRoute(s: AppSetupState, req: Request, url: URL): Promise<Response | null> {
  if (/^\/v1\/Account\/[^/]+\/Call\/$/.test(url.pathname) && req.method === "POST") {
    return Response.json({ api_id: crypto.randomUUID(), message: "call fired", request_uuid: crypto.randomUUID() }, { status: 201 });
  }
  const number = /^\/v1\/Account\/[^/]+\/Number\/(\d+)\/$/.exec(url.pathname);
  if (number && req.method === "GET") {
    const n = s.plivo.numbers.get(number[1]!);
    return n ? Response.json({ api_id: crypto.randomUUID(), number: number[1], ...n }) : plivoMissing();
  }
  const app = /^\/v1\/Account\/([^/]+)\/Application\/([^/]+)\/$/.exec(url.pathname);
  if (!app) return null;
  const found = s.plivo.apps.get(app[2]!);
  if (!found) return plivoMissing();
  if (req.method === "GET") return Response.json({ api_id: crypto.randomUUID(), app_id: app[2], ...found });
  Object.assign(found, (await req.json()) as Record<string, string>);
  return Response.json({ api_id: crypto.randomUUID(), message: "changed" }, { status: 202 });
}

async function vonageRoute(s: AppSetupState, req: Request, url: URL): Promise<Response | null> {
  if (url.hostname === "rest.nexmo.com" && url.pathname === "/account/numbers") {
    const numbers = s.vonage.numbers.filter((n) => n.msisdn.startsWith(url.searchParams.get("pattern") ?? ""));
    return Response.json({ count: numbers.length, numbers });
  }
  if (url.hostname === "api.nexmo.com" && url.pathname === "/v1/calls" && req.method === "POST") {
    return Response.json({ uuid: crypto.randomUUID(), status: "started", direction: "outbound", conversation_uuid: `CON-${crypto.randomUUID()}` }, { status: 201 });
  }
  const app = /^\/v2\/applications\/([^/]+)$/.exec(url.pathname);
  if (url.hostname !== "api.nexmo.com" || !app) return null;
  const found = s.vonage.apps.get(app[1]!);
  if (!found) return Response.json({ type: "https://developer.nexmo.com/api-errors#not-found", title: "Not Found" }, { status: 404 });
  // PUT replaces the application with what was sent, as Vonage's does.
  if (req.method === "PUT") s.vonage.apps.set(app[1]!, (await req.json()) as VonageApp);
  return Response.json({ id: app[1], ...s.vonage.apps.get(app[1]!) });
}

const xml = (body: string, status = 200) => new Response(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${body}`, { status, headers: { "content-type": "application/xml" } });
const bandwidthMissing = () => xml("<ResponseStatus><ErrorCode>404</ErrorCode><Description>not found</Description></ResponseStatus>", 404);

async function bandwidthRoute(s: AppSetupState, req: Request, url: URL): Promise<Response | null> {
  const tn = /^\/api\/tns\/(\d+)\/tndetails$/.exec(url.pathname);
  if (tn) {
    const n = s.bandwidth.tns.get(tn[1]!);
    if (!n) return bandwidthMissing();
    return xml(`<TelephoneNumberResponse><TelephoneNumberDetails><FullNumber>${tn[1]}</FullNumber><Site><Id>${n.site}</Id><Name>Main</Name></Site><SipPeer><PeerId>${n.peer}</PeerId><PeerName>Office</PeerName></SipPeer></TelephoneNumberDetails></TelephoneNumberResponse>`);
  }
  const origination = /^\/api\/accounts\/\d+\/sites\/([^/]+)\/sippeers\/([^/]+)\/products\/origination\/settings$/.exec(url.pathname);
  if (origination) {
    const app = s.bandwidth.origination.get(`${origination[1]}/${origination[2]}`);
    const http = app ? `<HttpSettings><VoiceV2ProxyPeerId>\n 500166\n </VoiceV2ProxyPeerId><HttpVoiceV2AppId>\n ${app}\n </HttpVoiceV2AppId></HttpSettings>` : "";
    return xml(`<SipPeerOriginationSettingsResponse><SipPeerOriginationSettings><VoiceProtocol>HTTP</VoiceProtocol>${http}</SipPeerOriginationSettings></SipPeerOriginationSettingsResponse>`);
  }
  const app = /^\/api\/accounts\/\d+\/applications\/([^/]+)$/.exec(url.pathname);
  if (!app) return null;
  const found = s.bandwidth.apps.get(app[1]!);
  if (!found) return bandwidthMissing();
  if (req.method === "PATCH") {
    for (const [, name, value] of (await req.text()).matchAll(/<(\w+)>([^<]*)<\/\1>/g)) found[name!] = value!.replace(/&amp;/g, "&");
  }
  const fields = Object.entries(found)
    .map(([k, v]) => `<${k}>${v.replace(/&/g, "&amp;")}</${k}>`)
    .join("");
  return xml(`<ApplicationProvisioningResponse><Application><ApplicationId>${app[1]}</ApplicationId>${fields}<CallbackCreds><UserId>cb</UserId></CallbackCreds></Application></ApplicationProvisioningResponse>`);
}
