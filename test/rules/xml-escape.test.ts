import { describe, expect, it } from "vitest";
import { escapeXml } from "../../src/rules/xml-escape";

describe("escapeXml", () => {
  it("writes the five reserved characters as entities, and nothing else", () => {
    expect(escapeXml(`Tom & Jerry's "Plumbing" <24h>`)).toBe("Tom &amp; Jerry&apos;s &quot;Plumbing&quot; &lt;24h&gt;");
    expect(escapeXml("Café Ünal · 9–5")).toBe("Café Ünal · 9–5");
  });

  it("escapes an entity already written, so text is never read as markup", () => {
    expect(escapeXml("&amp;")).toBe("&amp;amp;");
  });
});
