import { describe, expect, it } from "vitest";
import { closeConfirmRefusal, numbersAttachedRefusal } from "../../src/rules/business-close";

describe("closing a business: the confirmation", () => {
  it("takes only the exact name", () => {
    expect(closeConfirmRefusal("Acme Plumbing", "Acme Plumbing")).toBeNull();
    for (const wrong of ["acme plumbing", "Acme Plumbing ", " Acme Plumbing", "Acme"]) {
      expect(closeConfirmRefusal("Acme Plumbing", wrong)).toMatch(/^confirm: does not match/);
    }
  });

  it("names the field when the confirmation is missing or not text", () => {
    for (const missing of [undefined, null, "", 7]) expect(closeConfirmRefusal("Acme Plumbing", missing)).toMatch(/^confirm: required/);
  });
});

describe("closing a business: numbers still attached", () => {
  it("is no refusal without numbers", () => {
    expect(numbersAttachedRefusal([])).toBeNull();
  });

  it("names every number, how to remove it, and that the carrier keeps sending until it is released there", () => {
    const words = numbersAttachedRefusal(["+15125550100", "+15125550101"])!;
    expect(words).toMatch(/^numbers: \+15125550100, \+15125550101 still attached/);
    expect(words).toContain("DELETE /api/businesses/:id/numbers/:numberId");
    expect(words).toMatch(/changes nothing at the carrier/);
  });
});
