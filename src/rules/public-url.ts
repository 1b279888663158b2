import * as z from "../zod";

/**
 * URLs a business gives us (its booking link, its CRM webhook, its SignalWire Space) end up in texts
 * to callers or as the target of requests carrying signatures and carrier credentials. Only a public
 * https origin by name is accepted: an IP literal, loopback, a private or link-local address (cloud
 * metadata at 169.254.169.254) or an internal name would turn our Worker into a proxy into someone's
 * network, and plain http or `user:pass@` would leak what we send. Names are checked as written: a
 * public name that resolves to a private address is the DNS's business, and Workers' outbound
 * requests cannot reach a private network anyway.
 */

/** Suffixes that never name a host on the public internet (RFC 6761, 6762, 8375 and ICANN's never-delegated names). */
const INTERNAL_SUFFIXES = ["localhost", "local", "internal", "intranet", "lan", "home", "corp", "private", "arpa"];

/** WHATWG URL parsing already turned 0x7f.1, 2130706433 and 127.1 into this dotted form. */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The longest URL we store: a booking link goes into a text, a webhook URL into every event. */
export const MAX_URL_LENGTH = 2000;

/**
 * What is wrong with a URL for us to link to or call, or null when it is a public https URL.
 *
 * @example publicUrlProblem("http://169.254.169.254/latest") // "must be an https URL"
 * @example publicUrlProblem("https://hooks.acme.com/textback") // null
 */
export function publicUrlProblem(input: string): string | null {
  if (input.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return "must be a URL like https://example.com/path";
  }
  if (url.protocol !== "https:") return "must be an https URL";
  if (url.username !== "" || url.password !== "") return "must not contain a user name or password";
  return hostProblem(url.hostname);
}

/** Why a host (as URL parsing normalised it) is not a public name, or null. */
export function hostProblem(hostname: string): string | null {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[") || IPV4.test(host)) return "must name a host, not an IP address";
  const labels = host.split(".");
  if (labels.length < 2 || labels.some((l) => l === "")) return "must name a public host like example.com";
  if (INTERNAL_SUFFIXES.includes(labels.at(-1)!)) return "must name a public host, not a local or internal one";
  return null;
}

/** A string field holding a public https URL (see publicUrlProblem); the issue says what is wrong. */
export const publicUrlSchema = z.string().check(
  z.superRefine((value, ctx) => {
    const problem = publicUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
  }),
);
