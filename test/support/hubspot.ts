/**
 * A stand-in for HubSpot's CRM v3 object endpoints (contacts with search, deals, notes), behind
 * fetch interception beside Twilio. Request bodies are checked against HubSpot's published shapes
 * (SimplePublicObjectInputForCreate, SimplePublicObjectInput, PublicObjectSearchRequest): property
 * values are strings, associations name a HUBSPOT_DEFINED type; anything else is HubSpot's 400.
 */
import { vi } from "vitest";
import * as z from "../../src/zod";

const properties = z.record(z.string(), z.string());
const association = z.object({
  to: z.object({ id: z.string() }),
  types: z.array(z.object({ associationCategory: z.enum(["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED"]), associationTypeId: z.int() })),
});
const createInput = z.strictObject({ properties, associations: z.optional(z.array(association)) });
const updateInput = z.strictObject({ properties });
const searchInput = z.strictObject({
  filterGroups: z.array(z.object({ filters: z.array(z.object({ propertyName: z.string(), operator: z.enum(["EQ", "NEQ", "HAS_PROPERTY", "CONTAINS_TOKEN"]), value: z.optional(z.string()) })) })),
  properties: z.optional(z.array(z.string())),
  limit: z.optional(z.int()),
  after: z.optional(z.string()),
});

export interface HubspotObject {
  id: string;
  properties: Record<string, string>;
  associations: z.infer<typeof association>[];
}

type ObjectType = "contacts" | "deals" | "notes";

export function hubspotStandIn(opts: { token: string; contacts?: Record<string, string>[] }) {
  const store: Record<ObjectType, Map<string, HubspotObject>> = { contacts: new Map(), deals: new Map(), notes: new Map() };
  let nextId = 1000;
  const add = (type: ObjectType, props: Record<string, string>, associations: HubspotObject["associations"] = []) => {
    const o = { id: String(nextId++), properties: props, associations };
    store[type].set(o.id, o);
    return o;
  };
  for (const c of opts.contacts ?? []) add("contacts", c);
  const state = {
    token: opts.token,
    /** Answers to give before the next requests, in order (status, Retry-After, HubSpot's body; `hang`: no answer until the request is aborted). */
    script: [] as { status: number; retryAfter?: string; body?: unknown; hang?: boolean }[],
    requests: [] as { method: string; path: string; body: unknown; status: number }[],
    store,
    all: (type: ObjectType) => [...store[type].values()],
    creates: (type: ObjectType) => state.requests.filter((r) => r.method === "POST" && r.path === `/crm/v3/objects/${type}` && r.status === 201).length,
  };

  const answer = async (req: Request, url: URL): Promise<Response> => {
    const body = req.method === "GET" ? undefined : await req.json();
    const record = (res: Response) => (state.requests.push({ method: req.method, path: url.pathname, body, status: res.status }), res);
    if (req.headers.get("authorization") !== `Bearer ${state.token}`) {
      return record(Response.json({ status: "error", message: "Authentication credentials not found.", category: "INVALID_AUTHENTICATION" }, { status: 401 }));
    }
    const scripted = state.script.shift();
    if (scripted?.hang) return new Promise<Response>((_r, reject) => req.signal.addEventListener("abort", () => reject(req.signal.reason)));
    if (scripted) {
      const headers = scripted.retryAfter ? { "retry-after": scripted.retryAfter } : undefined;
      const body = scripted.body ?? { status: "error", message: "You have reached your secondly limit.", category: "RATE_LIMITS" };
      return record(Response.json(body, { status: scripted.status, headers }));
    }
    const bad = (message: string) => record(Response.json({ status: "error", message, category: "VALIDATION_ERROR" }, { status: 400 }));
    const m = /^\/crm\/v3\/objects\/(contacts|deals|notes)(?:\/(search|\d+))?$/.exec(url.pathname);
    if (!m) return record(new Response(null, { status: 404 }));
    const type = m[1] as ObjectType;
    if (req.method === "POST" && m[2] === "search" && type === "contacts") {
      const parsed = searchInput.safeParse(body);
      if (!parsed.success) return bad(parsed.error.message);
      const results = state.all("contacts").filter((c) => parsed.data.filterGroups.some((g) => g.filters.every((f) => f.operator === "EQ" && c.properties[f.propertyName] === f.value)));
      return record(Response.json({ total: results.length, results: results.slice(0, parsed.data.limit ?? 10).map(({ id, properties }) => ({ id, properties })) }));
    }
    if (req.method === "GET" && !m[2]) {
      const limit = Number(url.searchParams.get("limit") ?? "10");
      const results = state.all(type).slice(0, limit).map(({ id, properties }) => ({ id, properties, archived: false }));
      return record(Response.json({ results }));
    }
    if (req.method === "POST" && !m[2]) {
      const parsed = createInput.safeParse(body);
      if (!parsed.success) return bad(parsed.error.message);
      for (const a of parsed.data.associations ?? []) if (!store.contacts.has(a.to.id)) return bad(`no contact ${a.to.id} to associate`);
      const o = add(type, parsed.data.properties, parsed.data.associations);
      return record(Response.json({ id: o.id, properties: o.properties, archived: false }, { status: 201 }));
    }
    if (req.method === "PATCH" && m[2] && m[2] !== "search") {
      const parsed = updateInput.safeParse(body);
      if (!parsed.success) return bad(parsed.error.message);
      const o = store[type].get(m[2]);
      if (!o) return record(Response.json({ status: "error", message: "resource not found", category: "OBJECT_NOT_FOUND" }, { status: 404 }));
      Object.assign(o.properties, parsed.data.properties);
      return record(Response.json({ id: o.id, properties: o.properties, archived: false }));
    }
    return record(new Response(null, { status: 405 }));
  };

  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const url = new URL(req.url);
    if (url.hostname === "api.twilio.com") return Response.json({ sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued" }, { status: 201 });
    if (url.hostname === "api.hubapi.com") return answer(req, url);
    return new Response("blocked", { status: 599 });
  });
  return state;
}
