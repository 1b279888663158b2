import { describe, expect, it } from "vitest";
import { businessCountry, firstNameOf, importedTag, normalizeTag, standingOf, vipAlertBody } from "../../src/rules/contacts";

describe("standingOf: what a contact's tags make of a call", () => {
  it.each<[string[], string | null]>([
    [[], null],
    [["plumbing", "supplier"], null],
    [["customer"], "customer"],
    [["customer", "vip"], "vip"],
    [["vip", "blocked"], "blocked"],
    [["internal", "vip", "customer"], "internal"],
    [["blocked", "internal"], "internal"],
  ])("%j → %s", (tags, standing) => {
    expect(standingOf({ name: null, tags })).toBe(standing);
  });

  it("a stranger has none", () => {
    expect(standingOf(null)).toBeNull();
  });
});

describe("firstNameOf", () => {
  it.each<[string | null, string | null]>([
    ["Maria Lopez", "Maria"],
    ["  Maria   Lopez ", "Maria"],
    ["Lopez, Maria", "Maria"],
    ["Lopez, Maria Elena", "Maria"],
    ["Dr. Jane Smith", "Jane"],
    ["mrs Smith", "Smith"],
    ["Dr.", "Dr."],
    ["Cher", "Cher"],
    ["José Ñúñez", "José"],
    ["", null],
    ["   ", null],
    [",", null],
    [null, null],
  ])("%j → %j", (name, first) => {
    expect(firstNameOf(name)).toBe(first);
  });
});

describe("normalizeTag", () => {
  it.each<[string, string | null]>([
    ["VIP", "vip"],
    ["  Plumbing   Supplier ", "plumbing supplier"],
    ["Família", "família"],
    ["", null],
    ["   ", null],
    ["a;b", null],
    ["a,b", null],
    ["tab\there", "tab here"],
    ["bell\u0007", null],
    ["x".repeat(40), "x".repeat(40)],
    ["x".repeat(41), null],
  ])("%j → %j", (raw, tag) => {
    expect(normalizeTag(raw)).toBe(tag);
  });
});

describe("importedTag: another tool's label as a tag", () => {
  it.each<[string, string | null]>([
    ["Customers", "customer"],
    [" VIPs ", "vip"],
    ["customer", "customer"],
    ["Plumbing Supplier", "plumbing supplier"],
    ["Customers;", null],
  ])("%j → %j", (raw, tag) => {
    expect(importedTag(raw)).toBe(tag);
  });
});

describe("vipAlertBody", () => {
  it("names the VIP and the number to call back", () => {
    expect(vipAlertBody({ name: "Maria  Lopez", tags: ["vip"] }, "+14155552671")).toBe("Textback: VIP Maria Lopez ((415) 555-2671) called and got no answer: call back");
    expect(vipAlertBody({ name: null, tags: ["vip"] }, "+14155552671")).toBe("Textback: VIP (415) 555-2671 called and got no answer: call back");
  });
});

describe("businessCountry: where a business's national numbers are read", () => {
  const none: { forwardTo: string | null; notifyPhone: string | null; allowedCountries: string[] } = { forwardTo: null, notifyPhone: null, allowedCountries: ["US", "CA"] };
  it.each<[string, string[], typeof none, string]>([
    ["its first own number", ["+442071838750", "+15122345678"], none, "GB"],
    ["+1 876 is Jamaica, not the US", ["+18762345678"], none, "JM"],
    ["else its forward-to phone", [], { ...none, forwardTo: "+61491570156" }, "AU"],
    ["else the owner's phone", [], { ...none, notifyPhone: "+4915112345678" }, "DE"],
    ["else its first allowed country", [], { ...none, allowedCountries: ["CA", "US"] }, "CA"],
    ["else the US", [], { ...none, allowedCountries: [] }, "US"],
  ])("%s", (_name, numbers, business, country) => {
    expect(businessCountry(numbers, business)).toBe(country);
  });
});
