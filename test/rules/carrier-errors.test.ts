import { describe, expect, it } from "vitest";
import { carrierErrorWords, isCarrierAuthError, isLandlineError } from "../../src/rules/carrier-errors";

describe("carrier auth errors", () => {
  it.each(["20003", "10009", "http_401", "http_403"])("%s is the number's credentials refused", (code) => {
    expect(isCarrierAuthError(code)).toBe(true);
    if (!code.startsWith("http_")) expect(carrierErrorWords(code)).toBe("the carrier refused the number's credentials");
  });

  it.each(["21211", "30007", "http_500", "invalid_credentials", "", null, undefined])("%j is not", (code) => {
    expect(isCarrierAuthError(code)).toBe(false);
  });

  it("a Bandwidth API user, which Bandwidth no longer takes, stops the number like refused credentials, and says what it needs", () => {
    expect(isCarrierAuthError("api_user_retired")).toBe(true);
    expect(carrierErrorWords("api_user_retired")).toBe("Bandwidth no longer accepts API users (username and password): the number needs an API credential's client ID and secret");
  });
});

describe("landline errors", () => {
  it.each(["21614", "21635", "30006", "40001", "bandwidth-4720"])("%s: the number is a landline or cannot take texts, so its caller is called back", (code) => {
    expect(isLandlineError(code)).toBe(true);
    expect(carrierErrorWords(code)).toMatch(/landline|not a mobile/);
  });

  it.each(["21211", "21612", "30004", "30005", "40008", "40310", "plivo-50", "plivo-70", "bandwidth-4406", "bandwidth-4721", "21610", "", null, undefined])("%j is not", (code) => {
    expect(isLandlineError(code)).toBe(false);
  });
});
