/** Templates that greet the caller by name ({callerFirstName}): rendered, checked and previewed with a name and without one. */
import { describe, expect, it } from "vitest";
import { checkTemplate, namePreviews } from "../../src/rules/template-check";
import { DEFAULT_TEMPLATES, renderTemplate, type TemplateVars } from "../../src/rules/templates";

const ACME: TemplateVars = { business: "Acme Plumbing", bookingUrl: "https://acme.example/book" };

describe("a missing name", () => {
  it.each([
    ["after a greeting reads \"Hi there\", never \"Hi ,\"", "Hi {callerFirstName}, it's {business}.", "Hi there, it's Acme Plumbing."],
    ["after any greeting, in its own case", "HELLO {caller_first_name}! {business}.", "HELLO there! Acme Plumbing."],
    ["after no greeting is dropped", "Thanks {callerFirstName}, it's {business}.", "Thanks, it's Acme Plumbing."],
    ["after a word that only ends like a greeting is dropped", "Chi {callerFirstName}, {business}.", "Chi, Acme Plumbing."],
  ])("%s", (_name, body, expected) => {
    expect(renderTemplate(body, ACME)).toBe(expected);
  });
});

describe("templates that greet the caller by name", () => {
  const body = "Hi {callerFirstName}, it's {business}. Reply STOP to opt out.";

  it("are checked and previewed with a name and without one", () => {
    const check = checkTemplate("missed_call", body, ACME);
    expect(check.previews).toEqual({
      withName: "Hi Christopher, it's Acme Plumbing. Reply STOP to opt out.",
      withoutName: "Hi there, it's Acme Plumbing. Reply STOP to opt out.",
    });
    // The counts are the longer, named text's.
    expect(check.length).toBe(check.previews!.withName.length);
  });

  it("preview with the sample's own name when it has one", () => {
    expect(namePreviews(body, { ...ACME, callerFirstName: "Dana" }).withName).toBe("Hi Dana, it's Acme Plumbing. Reply STOP to opt out.");
  });

  it("have no name previews when they do not use the name", () => {
    expect(checkTemplate("missed_call", DEFAULT_TEMPLATES.missed_call, ACME).previews).toBeUndefined();
  });

  it("are refused when the text without a name breaks a rule", () => {
    const check = checkTemplate("help", "{callerFirstName}", ACME);
    expect(check.errors).toEqual([{ code: "renders_empty", message: expect.stringMatching(/^For a caller whose name we do not know: /) }]);
  });
});
