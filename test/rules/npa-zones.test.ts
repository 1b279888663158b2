import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import { NPA_GROUPS, NPA_ZONES, zonesForNumber } from "../../src/rules/npa-zones";

const sorted = (zones: readonly string[] | null | undefined) => (zones ? [...zones].sort() : zones);

describe("NPA_ZONES spot checks", () => {
  it.each([
    // major cities
    ["212", ["America/New_York"]], // New York
    ["213", ["America/Los_Angeles"]], // Los Angeles
    ["312", ["America/Chicago"]], // Chicago
    ["713", ["America/Chicago"]], // Houston
    ["305", ["America/New_York"]], // Miami
    ["404", ["America/New_York"]], // Atlanta
    ["206", ["America/Los_Angeles"]], // Seattle
    ["303", ["America/Denver"]], // Denver
    ["602", ["America/Phoenix"]], // Phoenix, no DST
    ["808", ["Pacific/Honolulu"]],
    ["915", ["America/Denver"]], // El Paso is Mountain, unlike the rest of Texas
    ["689", ["America/New_York"]], // Orlando overlay; the source data says Chicago
    ["787", ["America/Puerto_Rico"]],
    // Canada, one or more per province and territory
    ["416", ["America/Toronto"]],
    ["514", ["America/Toronto"]],
    ["604", ["America/Vancouver"]],
    ["403", ["America/Edmonton"]],
    ["204", ["America/Winnipeg"]],
    ["306", ["America/Regina"]],
    ["474", ["America/Regina"]], // Saskatchewan overlay; the source data says Winnipeg
    ["506", ["America/Halifax"]],
    ["902", ["America/Halifax"]],
  ])("%s → %j", (npa, zones) => {
    expect(sorted(NPA_ZONES.get(npa))).toEqual(sorted(zones));
  });

  // Every area code we list with more than one zone, so adding or dropping a split is deliberate.
  const MULTI_ZONE: Record<string, string[]> = {
    "907": ["America/Anchorage", "America/Adak"],
    "928": ["America/Phoenix", "America/Denver"],
    "448": ["America/Chicago", "America/New_York"],
    "850": ["America/Chicago", "America/New_York"],
    "208": ["America/Boise", "America/Los_Angeles"],
    "986": ["America/Boise", "America/Los_Angeles"],
    "219": ["America/Chicago", "America/New_York"],
    "574": ["America/Chicago", "America/New_York"],
    "812": ["America/Chicago", "America/New_York"],
    "930": ["America/Chicago", "America/New_York"],
    "620": ["America/Chicago", "America/Denver"],
    "785": ["America/Chicago", "America/Denver"],
    "270": ["America/Chicago", "America/New_York"],
    "364": ["America/Chicago", "America/New_York"],
    "606": ["America/Chicago", "America/New_York"],
    "906": ["America/Detroit", "America/Menominee"],
    "701": ["America/Chicago", "America/Denver"],
    "308": ["America/Chicago", "America/Denver"],
    "775": ["America/Los_Angeles", "America/Denver"],
    "458": ["America/Los_Angeles", "America/Denver"],
    "541": ["America/Los_Angeles", "America/Denver"],
    "605": ["America/Chicago", "America/Denver"],
    "423": ["America/New_York", "America/Chicago"],
    "236": ["America/Vancouver", "America/Edmonton"],
    "250": ["America/Vancouver", "America/Edmonton"],
    "257": ["America/Vancouver", "America/Edmonton"],
    "672": ["America/Vancouver", "America/Edmonton"],
    "778": ["America/Vancouver", "America/Edmonton"],
    "709": ["America/St_Johns", "America/Halifax"],
    "879": ["America/St_Johns", "America/Halifax"],
    "807": ["America/Toronto", "America/Winnipeg"],
    "367": ["America/Toronto", "America/Halifax"],
    "418": ["America/Toronto", "America/Halifax"],
    "581": ["America/Toronto", "America/Halifax"],
    "867": ["America/Whitehorse", "America/Edmonton", "America/Winnipeg", "America/Toronto"],
  };

  it.each(Object.entries(MULTI_ZONE))("multi-zone %s → %j", (npa, zones) => {
    expect(sorted(NPA_ZONES.get(npa))).toEqual(sorted(zones));
  });

  it("has no other multi-zone area codes", () => {
    const multi = [...NPA_ZONES].filter(([, z]) => z.length > 1).map(([npa]) => npa);
    expect(multi.sort()).toEqual(Object.keys(MULTI_ZONE).sort());
  });

  it.each([
    // overlay complexes: every code in a group covers the same ground, so the same zones
    ["212", "332 347 646 718 917 929"],
    ["416", "437 647 942"],
    ["905", "289 365 742"],
    ["514", "263 438"],
    ["450", "354 579"],
    ["819", "468 873"],
    ["418", "367 581"],
    ["306", "474 639"],
    ["204", "431 584"],
    ["403", "368 587 780 825"],
    ["250", "236 257 672 778"],
    ["709", "879"],
    ["902", "782"],
    ["506", "428"],
    ["208", "986"],
    ["270", "364"],
    ["812", "930"],
    ["850", "448"],
    ["541", "458"],
    ["407", "321 689"],
    ["440", "436"],
    ["716", "624"],
    ["815", "779 861"],
  ])("overlays of %s (%s) share its zones", (parent, overlays) => {
    for (const npa of overlays.split(" ")) expect(sorted(NPA_ZONES.get(npa)), npa).toEqual(sorted(NPA_ZONES.get(parent)));
  });
});

describe("NPA_ZONES as a whole", () => {
  it("covers the ~400 US and Canadian geographic area codes, each once", () => {
    const all = NPA_GROUPS.flatMap((g) => g.npas.split(" "));
    expect(all.length).toBe(NPA_ZONES.size);
    expect(new Set(all).size).toBe(all.length);
    expect(NPA_ZONES.size).toBeGreaterThanOrEqual(400);
  });

  it("keys are NANP area codes: 3 digits, first 2-9, second not 9, not N11 or an easily recognisable code", () => {
    for (const npa of NPA_ZONES.keys()) {
      expect(npa, npa).toMatch(/^[2-9][0-8]\d$/);
      // ERCs (last two digits equal: 8YY toll-free, 900, N11, ...) are never geographic (§7.2)
      expect(npa[1] === npa[2], npa).toBe(false);
    }
  });

  it("every zone is a valid IANA zone, and no area code has none or a duplicate", () => {
    for (const [npa, zones] of NPA_ZONES) {
      expect(zones.length, npa).toBeGreaterThan(0);
      expect(new Set(zones).size, npa).toBe(zones.length);
      for (const zone of zones) expect(() => new Intl.DateTimeFormat("en-US", { timeZone: zone }), `${npa} ${zone}`).not.toThrow();
    }
  });

  // A few numbers per area code, since libphonenumber marks some exchanges invalid (7331234: American Samoa).
  const region = (npa: string) => {
    for (const rest of ["2345678", "5551234", "3456789", "7654321", "4567890", "8675309", "2223333", "9876543", "7331234"]) {
      const p = parsePhoneNumberFromString(`+1${npa}${rest}`);
      if (p?.isValid()) return { country: p.country, type: p.getType() };
    }
    return null;
  };
  const TERRITORIES = ["PR", "VI", "GU", "MP", "AS"];

  it("matches libphonenumber-js's idea of which area codes are US/CA geographic", () => {
    // Assigned overlays newer than the pinned metadata, and a Canadian code it knows but whose
    // province we could not confirm (its numbers fall back to the business zone).
    const NEWER_THAN_METADATA = ["436", "624", "861"];
    const UNPLACED = ["273"];
    const missing: string[] = [];
    for (let n = 200; n <= 999; n++) {
      const npa = String(n);
      const r = region(npa);
      const geographic =
        r !== null &&
        ["US", "CA", ...TERRITORIES].includes(r.country ?? "") &&
        (r.type === "FIXED_LINE_OR_MOBILE" || r.type === "FIXED_LINE" || r.type === "MOBILE");
      if (geographic && !NPA_ZONES.has(npa) && !UNPLACED.includes(npa)) missing.push(npa);
      if (!geographic && NPA_ZONES.has(npa)) expect(NEWER_THAN_METADATA, `${npa} not geographic in metadata`).toContain(npa);
    }
    expect(missing).toEqual([]);
  });
});

describe("zonesForNumber", () => {
  it.each([
    ["+12125551234", ["America/New_York"]],
    ["+12085551234", ["America/Boise", "America/Los_Angeles"]],
    ["+17095551234", ["America/St_Johns", "America/Halifax"]],
    ["+13065551234", ["America/Regina"]],
    ["+18085551234", ["Pacific/Honolulu"]],
    // toll-free, premium and other non-geographic codes have no location
    ["+18005551234", null],
    ["+18335551234", null],
    ["+18885551234", null],
    ["+19005551234", null],
    ["+15005551234", null],
    // Caribbean NANP members are not US/CA
    ["+18765551234", null],
    ["+12425551234", null],
    // unassigned or N11
    ["+12215551234", null],
    ["+13115551234", null],
    // not +1 E.164
    ["+442071234567", null],
    ["+33123456789", null],
    ["12125551234", null],
    ["+1212555123", null],
    ["+121255512345", null],
    ["+1 212 555 1234", null],
    ["", null],
  ])("%s → %j", (e164, zones) => {
    expect(zonesForNumber(e164)).toEqual(zones);
  });
});
