/** An admin page session in tests: log in as a browser would, then GET and POST forms with its cookie and CSRF token. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { ORIGIN } from "./app";

export const TOKEN = "test-admin-token-at-least-32-chars";
let clientSeq = 0;

/** A distinct client address per login, so the login rate limit of one test never touches another. */
export function clientIp(): string {
  clientSeq += 1;
  return `203.0.113.${clientSeq}`;
}

export interface Session {
  cookie: string;
  csrf: string;
}

export function request(method: string, path: string, opts: { cookie?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    // What a browser sends with a same-origin form post.
    headers.origin ??= ORIGIN;
    body = new URLSearchParams(opts.form).toString();
  }
  return exports.default.fetch(`${ORIGIN}${path}`, { method, headers, body, redirect: "manual" });
}

export function login(token = TOKEN, ip = clientIp()) {
  return request("POST", "/admin/login", { form: { token, next: "/admin" }, headers: { "cf-connecting-ip": ip } });
}

/** Log in and pick up the session's CSRF token from a page, as a browser would. */
export async function newSession(): Promise<Session> {
  const res = await login();
  expect(res.status).toBe(303);
  const cookie = /^([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
  const page = await (await request("GET", "/admin/businesses", { cookie })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! };
}

export const get = (s: Session | null, path: string) => request("GET", path, { cookie: s?.cookie });
export const post = (s: Session | null, path: string, form: Record<string, string>, headers?: Record<string, string>) =>
  request("POST", path, { cookie: s?.cookie, form: s ? { _csrf: s.csrf, ...form } : form, headers });

