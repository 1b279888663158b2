import { describe, expect, it } from "vitest";
import { signalwireSpaceProblem } from "../../src/carriers/signalwire";
import { publicUrlProblem } from "../../src/rules/public-url";

describe("publicUrlProblem", () => {
  it.each([
    ["https://acme.example/book", null],
    ["https://hooks.acme.com/textback?key=1#x", null],
    ["https://crm.example:8443/hooks", null],
    ["https://Acme.COM./book", null],
    ["https://xn--caf-dma.fr/", null],
  ])("accepts %s", (url, problem) => {
    expect(publicUrlProblem(url)).toBe(problem);
  });

  it.each([
    ["plain http", "http://acme.example/book", "must be an https URL"],
    ["javascript:", "javascript:alert(1)", "must be an https URL"],
    ["ftp", "ftp://acme.example/file", "must be an https URL"],
    ["not a URL", "acme dot com", "must be a URL like https://example.com/path"],
    ["no scheme", "acme.example/book", "must be a URL like https://example.com/path"],
    ["a user and password", "https://user:pass@acme.example/", "must not contain a user name or password"],
    ["a user alone", "https://token@acme.example/", "must not contain a user name or password"],
    ["loopback v4", "https://127.0.0.1/", "must name a host, not an IP address"],
    ["loopback v4 with a port", "https://127.0.0.1:8788/hook", "must name a host, not an IP address"],
    ["cloud metadata (link-local)", "https://169.254.169.254/latest/meta-data", "must name a host, not an IP address"],
    ["private 10/8", "https://10.0.0.1/", "must name a host, not an IP address"],
    ["private 192.168/16", "https://192.168.1.1/", "must name a host, not an IP address"],
    ["a public v4 address", "https://8.8.8.8/", "must name a host, not an IP address"],
    ["v4 as one decimal number", "https://2130706433/", "must name a host, not an IP address"],
    ["v4 in hex", "https://0x7f.1/", "must name a host, not an IP address"],
    ["v4 shortened", "https://127.1/", "must name a host, not an IP address"],
    ["loopback v6", "https://[::1]/", "must name a host, not an IP address"],
    ["v4-mapped v6", "https://[::ffff:169.254.169.254]/", "must name a host, not an IP address"],
    ["link-local v6", "https://[fe80::1]/", "must name a host, not an IP address"],
    ["unique-local v6", "https://[fd00::1]/", "must name a host, not an IP address"],
    ["localhost", "https://localhost/", "must name a public host like example.com"],
    ["localhost with a trailing dot", "https://localhost./", "must name a public host like example.com"],
    ["a subdomain of localhost", "https://api.localhost/", "must name a public host, not a local or internal one"],
    ["mDNS .local", "https://printer.local/", "must name a public host, not a local or internal one"],
    ["cloud-internal names", "https://metadata.google.internal/computeMetadata/v1/", "must name a public host, not a local or internal one"],
    ["home.arpa", "https://router.home.arpa/", "must name a public host, not a local or internal one"],
    ["a single-label name", "https://intranet/", "must name a public host like example.com"],
    ["too long", `https://acme.example/${"a".repeat(2000)}`, "must be at most 2000 characters"],
  ])("refuses %s", (_name, url, problem) => {
    expect(publicUrlProblem(url)).toBe(problem);
  });
});

describe("signalwireSpaceProblem", () => {
  it.each(["acme.signalwire.com", "https://acme.signalwire.com", "https://acme.signalwire.com/", "ACME.SignalWire.com"])("accepts %s", (space) => {
    expect(signalwireSpaceProblem(space)).toBeNull();
  });

  it.each([
    ["plain http", "http://acme.signalwire.com", "must be an https URL"],
    ["loopback with a port", "http://127.0.0.1:8788", "must be an https URL"],
    ["loopback over https", "https://127.0.0.1", "must name a host, not an IP address"],
    ["cloud metadata", "169.254.169.254", "must name a host, not an IP address"],
    ["localhost", "localhost:8788", "must name a public host like example.com"],
    ["another domain", "acme.example.com", "must be a host under signalwire.com, like example.signalwire.com"],
    ["a look-alike domain", "acme.signalwire.com.evil.example", "must be a host under signalwire.com, like example.signalwire.com"],
    ["a look-alike suffix", "acmesignalwire.com", "must be a host under signalwire.com, like example.signalwire.com"],
    ["signalwire.com itself", "signalwire.com", "must be a host under signalwire.com, like example.signalwire.com"],
    ["credentials before the host", "https://acme.signalwire.com@evil.example", "must not contain a user name or password"],
    ["a path", "acme.signalwire.com/api/../../x", "must be the Space's host alone, like example.signalwire.com"],
    ["a query", "https://evil.example?.signalwire.com", "must be the Space's host alone, like example.signalwire.com"],
    ["a fragment", "https://evil.example#.signalwire.com", "must be the Space's host alone, like example.signalwire.com"],
    ["a port", "acme.signalwire.com:8443", "must be the Space's host alone, like example.signalwire.com"],
  ])("refuses %s", (_name, space, problem) => {
    expect(signalwireSpaceProblem(space)).toBe(problem);
  });
});
