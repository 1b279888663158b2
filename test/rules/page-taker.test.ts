import { describe, expect, it } from "vitest";
import { takerOnCall } from "../../src/rules/page-taker";

const SAM = { phone: "+17372345601", name: "Sam" };
const LEE = { phone: "+17372345602", name: "Lee Park" };
const user = (name: string) => ({ kind: "user" as const, id: "u_1", name });

describe("who takes a page on the admin page, as the on-call list has them", () => {
  it("the entry named as the user is, case and spacing aside, else by their first name alone", () => {
    expect(takerOnCall(user("lee  park"), [SAM, LEE])).toEqual(LEE);
    expect(takerOnCall(user("Sam Ortiz"), [SAM, LEE])).toEqual(SAM);
    expect(takerOnCall(user(" sam "), [SAM, LEE])).toEqual(SAM);
  });

  it("nobody for a name the list does not have, or a last name alone", () => {
    expect(takerOnCall(user("Kim"), [SAM, LEE])).toBeNull();
    expect(takerOnCall(user("Park"), [SAM, LEE])).toBeNull();
    expect(takerOnCall(user("Lee"), [SAM, LEE])).toBeNull();
    expect(takerOnCall(user("Sam"), [])).toBeNull();
  });

  it("nobody when two people on the list share the name; one person listed twice is still them", () => {
    const otherSam = { phone: "+17372345603", name: "Sam" };
    expect(takerOnCall(user("Sam Ortiz"), [SAM, otherSam])).toBeNull();
    expect(takerOnCall(user("Sam Ortiz"), [SAM, { ...SAM }])).toEqual(SAM);
    // The full name decides before the first name could be two people.
    expect(takerOnCall(user("Sam Ortiz"), [SAM, otherSam, { phone: "+17372345604", name: "Sam Ortiz" }])).toEqual({ phone: "+17372345604", name: "Sam Ortiz" });
  });

  it("the admin token and API tokens are nobody on the list", () => {
    expect(takerOnCall({ kind: "admin_token" }, [SAM])).toBeNull();
    expect(takerOnCall({ kind: "token", id: "t_1", name: "Sam", userId: "u_1" }, [SAM])).toBeNull();
  });
});
