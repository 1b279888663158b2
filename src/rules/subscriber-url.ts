import { publicUrlProblem } from "./public-url";

/** The developer's own machine, as a URL names it (WHATWG parsing already lowercased it and bracketed IPv6). */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * What is wrong with an event subscriber's URL, or null. Subscribers are public https URLs
 * (publicUrlProblem); `allowLocal` (a worker run on the developer's machine by `npm start`, never a
 * deployed one) also takes http or https on 127.0.0.1, localhost or [::1], any port, so a receiver
 * under development needs neither a public name nor a certificate.
 *
 * @example subscriberUrlProblem("http://127.0.0.1:9000/hook", true) // null
 * @example subscriberUrlProblem("http://127.0.0.1:9000/hook", false) // "must be an https URL"
 * @example subscriberUrlProblem("http://10.0.0.5/hook", true) // "must be an https URL"
 */
export function subscriberUrlProblem(input: string, allowLocal: boolean): string | null {
  return allowLocal && isLoopbackUrl(input) ? null : publicUrlProblem(input);
}

function isLoopbackUrl(input: string): boolean {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return false;
  }
  return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTS.has(url.hostname) && url.username === "" && url.password === "";
}
