// @ts-check
/**
 * The worker's admin surface as the scripts, the benchmark and the node tests call it: the JSON API
 * under `/api` (bearer token) and the admin pages' login (session cookie).
 */

/**
 * Calls the admin JSON API; resolves to the parsed answer (undefined for an empty one) and throws
 * on a non-2xx answer with its status and body.
 *
 * @typedef {<T = any>(method: string, pathname: string, body?: unknown) => Promise<T>} AdminApi
 */

/**
 * @param {string} workerUrl origin of the worker, no trailing slash
 * @param {string} token the worker's ADMIN_TOKEN
 * @returns {AdminApi}
 */
export function adminApi(workerUrl, token) {
  return async (method, pathname, body) => {
    const res = await fetch(`${workerUrl}/api${pathname}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /api${pathname} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/**
 * POST /admin/login with the token (same Origin, as a browser sends it).
 *
 * @param {string} workerUrl
 * @param {string} adminToken
 * @returns {Promise<string>} the session cookie, as `name=value`
 */
export async function adminLogin(workerUrl, adminToken) {
  const res = await fetch(`${workerUrl}/admin/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: workerUrl },
    body: new URLSearchParams({ token: adminToken, next: "/admin" }).toString(),
  });
  await res.arrayBuffer();
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c?.startsWith("__Host-textback_admin="));
  if (res.status !== 303 || !cookie) throw new Error(`admin login → ${res.status}, no session cookie`);
  return cookie;
}
