import { describe, expect, it } from "vitest";
import { addressCorrection, addressInPassing } from "../../../src/rules/extract/address-fix";

describe("addressCorrection", () => {
  it.each([
    ["sorry, it's 412 Elm St not 214", "214 Elm St", { address: "412 Elm St" }],
    ["Actually 12 Oak Ave, typo", "12 Oak St", { address: "12 Oak Ave" }],
    ["wrong address, I meant 88 Pine Rd Austin TX 78704", "8 Pine Rd", { address: "88 Pine Rd Austin TX 78704", zip: "78704" }],
    ["412 Elm St not 214", "214 Elm St", { address: "412 Elm St" }],
  ] as const)("%j corrects %j", (reply, given, fixed) => {
    expect(addressCorrection(reply, given)).toEqual(fixed);
  });

  it.each([
    ["I'm at 412 Elm St", "214 Elm St"],
    ["sorry, running late", "214 Elm St"],
    ["sorry it's 214 Elm St", "214 Elm St."],
    ["sorry, it's 412 Elm St", undefined],
  ] as const)("%j leaves %j as it is", (reply, given) => {
    expect(addressCorrection(reply, given)).toBeNull();
  });
});

describe("addressInPassing", () => {
  it("gives a lead without an address the one the caller names, with its ZIP", () => {
    expect(addressInPassing("4410 E Indian School Rd, Phoenix 85018", undefined)).toEqual({ address: expect.stringContaining("4410 E Indian School Rd"), zip: "85018" });
    expect(addressInPassing("we're at 12 Oak Ave", undefined)).toEqual({ address: expect.stringContaining("12 Oak Ave") });
  });

  it("names nothing in a text without an address, and only corrects one the lead has", () => {
    expect(addressInPassing("ok thanks, see you soon", undefined)).toBeNull();
    expect(addressInPassing("I'm at 412 Elm St", "214 Elm St")).toBeNull();
    expect(addressInPassing("sorry, it's 412 Elm St not 214", "214 Elm St")).toEqual({ address: "412 Elm St" });
  });
});
