import { describe, expect, it } from "vitest";
import { xmlField, xmlRecord } from "../../src/carriers/bandwidth-xml";
import { bandwidthDashboardRoot } from "../../src/carriers/setup-bandwidth";
import { carrierReason } from "../../src/carriers/setup-error";
import { plivoApplicationId } from "../../src/carriers/setup-plivo";
import { vonageNumbersRoot } from "../../src/carriers/setup-vonage";

describe("Bandwidth's Dashboard XML", () => {
  const details = "<TelephoneNumberResponse><TelephoneNumberDetails><SiteId>9</SiteId><Site><Id>1001</Id></Site><SipPeer><PeerId>\n  2002\n</PeerId></SipPeer></TelephoneNumberDetails></TelephoneNumberResponse>";

  it("reads a nested element, trimmed, and not one whose name merely starts the same", () => {
    expect(xmlField(details, "Site", "Id")).toBe("1001");
    expect(xmlField(details, "SipPeer", "PeerId")).toBe("2002");
    expect(xmlField(details, "Id")).toBe("1001");
    expect(xmlField(details, "Location")).toBeNull();
    expect(xmlField("<A><B>  </B></A>", "B")).toBeNull();
  });

  it("decodes entities when reading and escapes them when writing", () => {
    expect(xmlField("<Url>https://t.example/a?x=1&amp;y=&#50;</Url>", "Url")).toBe("https://t.example/a?x=1&y=2");
    expect(xmlRecord("Application", { CallInitiatedCallbackUrl: "https://t.example/v?a=1&b=<2>" })).toBe(
      "<Application><CallInitiatedCallbackUrl>https://t.example/v?a=1&amp;b=&lt;2&gt;</CallInitiatedCallbackUrl></Application>",
    );
  });
});

describe("where the settings APIs are", () => {
  it("derives Vonage's Numbers API and Bandwidth's Dashboard API (api.bandwidth.com, which takes bearer tokens) from the configured origins, or uses a stand-in's one origin", () => {
    expect(vonageNumbersRoot("https://api.nexmo.com")).toBe("https://rest.nexmo.com");
    expect(vonageNumbersRoot("http://127.0.0.1:8788/")).toBe("http://127.0.0.1:8788");
    expect(bandwidthDashboardRoot("https://messaging.bandwidth.com/")).toBe("https://api.bandwidth.com");
    expect(bandwidthDashboardRoot("http://127.0.0.1:8788")).toBe("http://127.0.0.1:8788");
  });

  it("finds a Plivo number's XML application, and no application behind a trunk", () => {
    expect(plivoApplicationId({ application: "/v1/Account/MA123/Application/29986316244302815/" })).toBe("29986316244302815");
    expect(plivoApplicationId({ app_id: "77", application: null })).toBe("77");
    expect(plivoApplicationId({ application: "/v1/Account/MA123/Zentrunk/Trunk/23626388960837953/" })).toBeNull();
    expect(plivoApplicationId({ application: null })).toBeNull();
  });
});

describe("a carrier's reason for refusing a call", () => {
  it("reads Vonage's detail before its title, Plivo's error and Bandwidth's description, on one short line", () => {
    expect(carrierReason('{"type":"…#forbidden","title":"Forbidden","detail":"Your account may not call this destination."}')).toBe("Your account may not call this destination.");
    expect(carrierReason('{"title":"Unauthorized"}')).toBe("Unauthorized");
    expect(carrierReason(JSON.stringify({ api_id: "x", error: "from number is\n   not voice enabled" }))).toBe("from number is not voice enabled");
    expect(carrierReason('{"type":"validation","description":"Invalid to: must be an E164 telephone number","id":null}')).toBe("Invalid to: must be an E164 telephone number");
    expect(carrierReason(JSON.stringify({ error: "x".repeat(500) }))).toHaveLength(200);
  });

  it("has none for a body that is not JSON, or names no reason in words", () => {
    expect(carrierReason("<html>Bad Gateway</html>")).toBeNull();
    expect(carrierReason('{"error":{"answer_url":["required"]}}')).toBeNull();
    expect(carrierReason('"just a string"')).toBeNull();
    expect(carrierReason('{"title":"  "}')).toBeNull();
  });
});
