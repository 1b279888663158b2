/** People in tests: invite one through the API, set their password through the invite page, log them in. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { Role } from "../../src/vocabulary";
import { apiJson, ORIGIN } from "./app";
import { clientIp, request, type Session } from "./admin-session";

export const PASSWORD = "violet tractor lantern";
let seq = 0;

export interface Person {
  id: string;
  email: string;
  password: string;
  role: Role;
}

/** An invite made with ADMIN_TOKEN: the user's id, and the link's path and token. */
export async function invite(role: Role, businessIds: string[], email = uniqueEmail(), name = `Test ${role}`) {
  const { id, inviteUrl } = await apiJson<{ id: string; inviteUrl: string }>("POST", "/users", { email, name, role, businessIds });
  const path = new URL(inviteUrl).pathname;
  return { id, email, path, token: path.split("/").at(-1)! };
}

export function uniqueEmail(): string {
  seq += 1;
  return `person${seq}.${crypto.randomUUID().slice(0, 8)}@example.com`;
}

/** Posts the invite form as a browser would. */
export function acceptInvite(path: string, password = PASSWORD, confirm = password) {
  return request("POST", path, { form: { password, confirm } });
}

/** A user invited and with a password set, ready to log in. */
export async function person(role: Role, businessIds: string[], name?: string): Promise<Person> {
  const { id, email, path } = await invite(role, businessIds, uniqueEmail(), name);
  expect((await acceptInvite(path)).status).toBe(303);
  return { id, email, password: PASSWORD, role };
}

export function loginAs(email: string, password: string, extra: Record<string, string> = {}, ip = clientIp()) {
  return request("POST", "/admin/login", { form: { email, password, next: "/admin", ...extra }, headers: { "cf-connecting-ip": ip } });
}

/** Logs a person in and picks up the session's CSRF token from their own page, as a browser would. */
export async function sessionOf(p: { email: string; password: string }, extra: Record<string, string> = {}): Promise<Session> {
  const res = await loginAs(p.email, p.password, extra);
  expect(res.status).toBe(303);
  const cookie = /^([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
  const page = await (await request("GET", "/admin/businesses", { cookie })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! };
}

/** A request to the API with a personal token. */
export function withToken(token: string, method: string, path: string, body?: unknown) {
  return exports.default.fetch(`${ORIGIN}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
