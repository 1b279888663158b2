import { describe, expect, it } from "vitest";
import { countSegments } from "../../src/rules/encoding";
import { closedLeadAnswer, outOfAreaNotice, zipOutsideArea } from "../../src/rules/lost-reason";
import { commandConfirmation } from "../../src/rules/owner-commands";

const LINK = "https://tb.example/admin/businesses/b1/leads/l_1";

describe("why a lead was lost, in words", () => {
  it("names the ZIP only when it is why: out of area, and outside the service area", () => {
    expect(zipOutsideArea({ lostReason: "out_of_area", fields: { zip: "76116" } }, ["75240"])).toBe("76116");
    // A person chose "out of area" for a caller whose ZIP the area holds, or a business with no area.
    expect(zipOutsideArea({ lostReason: "out_of_area", fields: { zip: "75240" } }, ["75240"])).toBeNull();
    expect(zipOutsideArea({ lostReason: "out_of_area", fields: { zip: "76116" } }, undefined)).toBeNull();
    expect(zipOutsideArea({ lostReason: "price", fields: { zip: "76116" } }, ["75240"])).toBeNull();
  });

  it("the owner's notice keeps how to undo it whole however long the address", () => {
    const notice = outOfAreaNotice("Maria G. (972) 230-9805", { zip: "76116", address: "6101 Camp Bowie Blvd ".repeat(30).trim() }, LINK);
    expect(countSegments(notice).segments).toBeLessThanOrEqual(3);
    expect(notice).toMatch(/^Textback: closed as out of area: Maria G\. \(972\) 230-9805\. ZIP 76116 is not in your service area \(address: 6101 Camp Bowie/);
    expect(notice.endsWith(`, so they got your out-of-area message. If that's wrong, reply to text them and reopen the lead: ${LINK}`)).toBe(true);
  });

  it("a shortcut on a closed lead says how and when it closed, and where to reopen it", () => {
    const closed = { status: "lost" as const, lostReason: "out_of_area" as const, zip: "76116", when: "2:41 PM", link: LINK };
    expect(closedLeadAnswer("(214) 230-7788", closed)).toBe(`Textback: Nothing changed: (214) 230-7788's lead was closed as out of area (ZIP 76116) at 2:41 PM. To reopen it: ${LINK}`);
    expect(closedLeadAnswer("(214) 230-7788", { ...closed, status: "won", lostReason: null, zip: null, when: "Dec 7, 2026, 2:41 PM", link: null })).toBe(
      "Textback: Nothing changed: (214) 230-7788's lead was closed as won at Dec 7, 2026, 2:41 PM. To reopen it, open the lead on the admin page.",
    );
    expect(commandConfirmation({ kind: "lost", reason: "other", note: "x" }, "(214) 230-7788", false, null, { ...closed, lostReason: null })).toMatch(/closed as lost at 2:41 PM/);
    expect(commandConfirmation({ kind: "won", cents: 20_000 }, "(214) 230-7788", false, null, { ...closed, lostReason: "price", zip: null })).toMatch(/closed as lost \(price\) at 2:41 PM/);
    // No lead closed either: as before.
    expect(commandConfirmation({ kind: "won", cents: null }, "(214) 230-7788", false)).toBe("Textback: Nothing changed, (214) 230-7788 has no open lead.");
    expect(commandConfirmation({ kind: "block" }, "(214) 230-7788", false, null, closed)).toBe("Textback: Blocked: (214) 230-7788. No more texts to them.");
  });
});
