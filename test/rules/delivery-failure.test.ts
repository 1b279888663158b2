import { describe, expect, it } from "vitest";
import { describeFetchError, describeHttpFailure } from "../../src/rules/delivery-failure";
import { subscriberUrlProblem } from "../../src/rules/subscriber-url";

describe("describeHttpFailure", () => {
  it.each([
    [503, null, "HTTP 503"],
    [500, undefined, "HTTP 500"],
    [429, 30, "HTTP 429 (Retry-After 30 s)"],
    [410, null, "HTTP 410 Gone"],
    [301, null, "HTTP 301: redirects are not followed"],
    [400, null, "HTTP 400"],
  ] as const)("HTTP %i (Retry-After %s) → %s", (status, retryAfter, expected) => {
    expect(describeHttpFailure(status, retryAfter)).toBe(expected);
  });
});

describe("describeFetchError", () => {
  it.each([
    ["the timeout", new DOMException("The operation was aborted due to timeout", "TimeoutError"), "timeout after 10 s"],
    ["an abort", new DOMException("aborted", "AbortError"), "timeout after 10 s"],
    ["a lost connection", new TypeError("Network connection lost."), "DNS/connection failed: Network connection lost."],
    ["a DNS failure", new Error("DNS lookup failed"), "DNS/connection failed: DNS lookup failed"],
    ["a certificate", new Error("TLS peer's certificate is not trusted; reason = unable to get local issuer certificate"), "TLS error: TLS peer's certificate is not trusted; reason = unable to get local issuer certificate"],
    ["a handshake", new Error("SSL handshake failed"), "TLS error: SSL handshake failed"],
    ["something thrown that is not an Error", "boom", "DNS/connection failed: boom"],
    ["nothing", undefined, "DNS/connection failed: no answer"],
  ])("%s", (_, e, expected) => {
    expect(describeFetchError(e, 10_000)).toBe(expected);
  });

  it("never quotes a URL (a Zap's path is its key), and stays one short line", () => {
    const said = describeFetchError(new TypeError(`fetch to https://hooks.zapier.com/hooks/catch/123/abcSECRET/ failed:\n${"x".repeat(500)}`), 10_000);
    expect(said).not.toContain("abcSECRET");
    expect(said).not.toContain("\n");
    expect(said).toMatch(/^DNS\/connection failed: fetch to <url> failed: x+…$/);
    expect(said.length).toBeLessThanOrEqual("DNS/connection failed: ".length + 120);
  });
});

describe("subscriberUrlProblem", () => {
  it.each([
    ["http://127.0.0.1:9000/hook", true, null],
    ["http://localhost:3000/textback", true, null],
    ["https://localhost/textback", true, null],
    ["http://[::1]:8080/", true, null],
    ["https://crm.example/hook", true, null],
    ["https://crm.example/hook", false, null],
    ["http://127.0.0.1:9000/hook", false, "must be an https URL"],
    ["https://localhost/textback", false, "must name a public host like example.com"],
    ["http://10.0.0.5/hook", true, "must be an https URL"],
    ["https://192.168.1.10/hook", true, "must name a host, not an IP address"],
    ["http://169.254.169.254/latest", true, "must be an https URL"],
    ["http://user:pw@127.0.0.1:9000/", true, "must be an https URL"],
    ["http://api.localhost/", true, "must be an https URL"],
    ["ftp://127.0.0.1/", true, "must be an https URL"],
  ])("%s (local allowed: %s) → %s", (url, allowLocal, expected) => {
    expect(subscriberUrlProblem(url, allowLocal)).toBe(expected);
  });
});
