import { describe, expect, it } from "vitest";
import { newerThanLocal, newestConsent, optedOutAnswer, staffMembers, staffStopNotice } from "../../src/rules/staff-consent";
import { parseSettings } from "../../src/settings";

const AT = Date.UTC(2026, 11, 3, 18);
const OWNER = "+13125550199";
const SAM = "+17372345601";

describe("the business's own people's consent", () => {
  it("the owner first, then the on-call list; the owner listed on call too is the owner", () => {
    const settings = parseSettings({ urgent: { onCall: [{ phone: SAM, name: "Sam" }, { phone: OWNER, name: "Pat" }] } });
    expect(staffMembers(OWNER, settings)).toEqual([
      { phone: OWNER, role: "owner", name: null },
      { phone: SAM, role: "on_call", name: "Sam" },
    ]);
    expect(staffMembers(null, settings).map((p) => p.phone)).toEqual([SAM, OWNER]);
  });

  it("the newer record wins; on a tie the second (the ledger's, which says how)", () => {
    const line = { optedOut: true, at: 5 };
    const ledger = { optedOut: false, at: 5, source: "keyword" as const };
    expect(newestConsent(line, { optedOut: false, at: 9 })).toEqual({ optedOut: false, at: 9 });
    expect(newestConsent({ optedOut: true, at: 9 }, ledger)).toEqual({ optedOut: true, at: 9 });
    expect(newestConsent(line, ledger)).toBe(ledger);
    expect(newestConsent(null, undefined)).toBeNull();
  });

  it("the line takes the ledger's records that are newer than its own (a STOP or START to another number)", () => {
    const local = new Map([
      [OWNER, { optedOut: true, at: 5 }],
      [SAM, { optedOut: true, at: 20 }],
    ]);
    const ledger = { [OWNER]: { optedOut: false, at: 9 }, [SAM]: { optedOut: false, at: 10 }, "+17372345602": { optedOut: true, at: 1 } };
    expect(newerThanLocal(local, ledger)).toEqual([
      [OWNER, { optedOut: false, at: 9 }],
      ["+17372345602", { optedOut: true, at: 1 }],
    ]);
  });

  it("why an answer to a caller was not sent, in the business's words and time zone", () => {
    expect(optedOutAnswer("+14155552671", { optedOut: true, at: AT, source: "intent" }, "America/Chicago", "en-US")).toBe(
      "Textback: not sent to (415) 555-2671: they texted STOP on Dec 3, 2026. Nothing goes to them until they text START.",
    );
    expect(optedOutAnswer("+447400123456", { optedOut: true, at: AT, source: "carrier_error" }, "Europe/London", "en-GB")).toBe(
      "Textback: not sent to +447400123456: they are opted out since 3 Dec 2026. Nothing goes to them until they text START.",
    );
  });

  it("what the settings page says of a stopped phone", () => {
    expect(staffStopNotice({ phone: OWNER, role: "owner", name: null }, { optedOut: true, at: AT, source: "keyword" }, "America/Chicago")).toBe(
      "The owner's phone texted STOP on Dec 3, 2026: no alerts or relays are sent to it until it texts START.",
    );
    expect(staffStopNotice({ phone: SAM, role: "on_call", name: "Sam" }, { optedOut: true, at: AT, source: "admin" }, "America/Chicago")).toBe(
      "Sam's phone (on call) was opted out on Dec 3, 2026: no pages are sent to it until it texts START.",
    );
  });
});
