import { describe, expect, it } from "vitest";
import { twiml, twimlResponse } from "../../src/webhooks/twiml";

describe("TwiML", () => {
  it("escapes business names and URLs", () => {
    const xml = twimlResponse(twiml.say(`Smith & Sons <"Plumbing">`), twiml.record({ action: "https://x.test/a?b=1&c=2", maxLength: 60 }));
    expect(xml).toContain("<Say>Smith &amp; Sons &lt;&quot;Plumbing&quot;&gt;</Say>");
    expect(xml).toContain('action="https://x.test/a?b=1&amp;c=2"');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response>')).toBe(true);
  });
});
