import { describe, expect, it } from "vitest";
import { callerFirstName, callerIdDisplayName, carrierCallerName } from "../../src/rules/caller-name";

describe("carrierCallerName", () => {
  it.each<[string, string | null | undefined, string | null]>([
    ["a person, Last,First", "SMITH,JOHN", "Smith,John"],
    ["a person, First Last", "MARIA LOPEZ", "Maria Lopez"],
    ["keeps a name already in mixed case", "Maria Lopez", "Maria Lopez"],
    ["title-cases apostrophes and hyphens", "O'BRIEN,MARY-ANN", "O'Brien,Mary-Ann"],
    ["collapses blanks", "  JOHN    SMITH ", "John Smith"],
    ["absent", undefined, null],
    ["empty", "", null],
    ["WIRELESS CALLER", "WIRELESS CALLER", null],
    ["UNKNOWN", "UNKNOWN", null],
    ["unknown name, any case and punctuation", "Unknown Name", null],
    ["UNAVAILABLE", "UNAVAILABLE", null],
    ["anonymous", "Anonymous", null],
    ["restricted", "RESTRICTED", null],
    ["out of area", "OUT-OF-AREA", null],
    ["toll free", "TOLL FREE CALL", null],
    ["spam likely", "SPAM LIKELY", null],
    ["a number", "+14155550123", null],
    ["digits in the name", "4155550123", null],
    ["a city and state", "DALLAS TX", null],
    ["a two-word city and state", "SAN ANTONIO TX", null],
    ["a city and province", "TORONTO ON", null],
    ["a business", "ACME PLUMBING LLC", null],
    ["a business (inc)", "WIDGETS INC", null],
    ["symbols", "JOHN <SMITH>", null],
    ["initials only", "J K", null],
    ["far too long for CNAM", "A".repeat(41), null],
    ["a placeholder padded with a state", "CELL PHONE   XX", null],
    ["a placeholder with a state code", "WIRELESS CALLER TX", null],
    ["a state code alone", "TX", null],
    ["a state's name alone", "CALIFORNIA", null],
    ["a two-word state's name", "NEW YORK", null],
    ["a province's name", "British Columbia", null],
  ])("%s", (_name, raw, expected) => {
    expect(carrierCallerName(raw)).toBe(expected);
  });
});

describe("callerFirstName", () => {
  it("takes the contact's name before the lead's and the carrier's", () => {
    expect(callerFirstName({ contact: "Dr. Jane Smith", lead: "Dana", carrier: "SMITH,JOHN" })).toBe("Jane");
  });

  it("takes the lead's name when the contact has none", () => {
    expect(callerFirstName({ contact: null, lead: "dana k", carrier: "SMITH,JOHN" })).toBe("dana");
    expect(callerFirstName({ contact: "  ", lead: "Dana", carrier: null })).toBe("Dana");
  });

  it("takes the carrier's caller ID name last, first name first", () => {
    expect(callerFirstName({ carrier: "SMITH,JOHN" })).toBe("John");
    expect(callerFirstName({ carrier: "MARIA LOPEZ" })).toBe("Maria");
  });

  it("is null when no source is a name", () => {
    expect(callerFirstName({})).toBeNull();
    expect(callerFirstName({ carrier: "WIRELESS CALLER" })).toBeNull();
    expect(callerFirstName({ carrier: "DALLAS TX" })).toBeNull();
    expect(callerFirstName({ carrier: "+14155550123" })).toBeNull();
  });

  it("does not greet anyone by an initial from caller ID", () => {
    expect(callerFirstName({ carrier: "J SMITH" })).toBeNull();
  });
});

describe("callerIdDisplayName", () => {
  it.each<[string, string | null | undefined, string | null]>([
    ["First Last, upper case", "JOHN SMITH", "John Smith"],
    ["Last,First turned around", "SMITH,JOHN", "John Smith"],
    ["Last, First Middle", "SMITH, JOHN A", "John A Smith"],
    ["apostrophes and hyphens", "O'BRIEN,MARY-ANN", "Mary-Ann O'Brien"],
    ["mixed case kept", "Maria Lopez", "Maria Lopez"],
    ["blanks collapsed", "  MARIA    LOPEZ ", "Maria Lopez"],
    ["a trailing comma", "SMITH,", "Smith"],
    ["WIRELESS CALLER", "WIRELESS CALLER", null],
    ["UNKNOWN", "UNKNOWN", null],
    ["CELL PHONE   XX", "CELL PHONE   XX", null],
    ["a city and state", "SAN ANTONIO TX", null],
    ["a state alone", "TX", null],
    ["a number", "+14155550123", null],
    ["a business", "ACME PLUMBING LLC", null],
    ["absent", undefined, null],
    ["empty", "", null],
  ])("%s", (_name, raw, expected) => {
    expect(callerIdDisplayName(raw)).toBe(expected);
  });
});
