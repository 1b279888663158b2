import { describe, expect, it } from "vitest";
import COMMON from "../../src/rules/common-passwords.json";
import { commonPasswords, passwordProblem, unpackWords } from "../../src/rules/password-policy";

describe("passwordProblem", () => {
  it("ships the top 10,000 list, most common first", () => {
    expect(COMMON).toHaveLength(10_000);
    expect(COMMON.slice(0, 2)).toEqual(["123456", "password"]);
  });

  it("checks against exactly that list: the packed form the Worker carries unpacks to every word and no other", () => {
    expect(commonPasswords()).toEqual(new Set(COMMON));
  });

  it("unpacks front-coding: a capital keeps that many characters of the word before", () => {
    expect([...unpackWords("Adragon\nGfly\nApass\nEword\nEwords")]).toEqual(["dragon", "dragonfly", "pass", "password", "passwords"]);
    expect([...unpackWords("")]).toEqual([]);
  });

  it.each([
    ["short", "abc123XYZ!", /at least 12 characters \(this has 10\)/],
    ["eleven characters", "correcthors", /at least 12/],
    ["a keyboard row with digits added", "qwertyuiop123", /digits or symbols added/],
    ["a listed long one, any case", "1QAZ2WSX3EDC", /most common passwords/],
    ["a listed one with digits added", "password1234", /common password with digits or symbols added/],
    ["with symbols around", "!!sunshine2024!!", /digits or symbols added/],
    ["a common word repeated", "dragondragon", /repeats a short or common word/],
    ["one character over and over", "aaaaaaaaaaaa", /repeats/],
    ["only digits", "123987456321000", /some letters/],
    ["a passphrase", "violet tractor lantern", null],
    ["a random string", "q9X!v2Lr#8mZ", null],
  ])("%s", (_name, password, expected) => {
    const problem = passwordProblem(password);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
