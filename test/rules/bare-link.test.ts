/** The checker's warning for a link alone on its line (it reads like phishing): saved, with what to write instead. */
import { describe, expect, it } from "vitest";
import { checkTemplate } from "../../src/rules/template-check";

const ACME = { business: "Acme Plumbing", bookingUrl: "https://acme.example/book" };

describe("a link alone on its line", () => {
  it.each([
    ["the booking link", "This is {business}. Sorry we missed you!\n{bookingUrl}\nReply STOP to opt out.", "{bookingUrl}"],
    ["its old spelling", "This is {business}. Sorry we missed you!\n  {booking_url}\nReply STOP to opt out.", "{booking_url}"],
    ["an address typed out", "This is {business}. Sorry we missed you!\nhttps://acme.workers.dev/book\nReply STOP to opt out.", "https://acme.workers.dev/book"],
  ])("%s: saved, with a warning saying what to write instead", (_label, body, link) => {
    const check = checkTemplate("missed_call", body, ACME);
    expect(check.errors).toEqual([]);
    expect(check.warnings.filter((w) => w.code === "bare_link")).toEqual([
      { code: "bare_link", message: `${link} stands alone on its line: a link with no words around it looks like phishing to many callers and to carriers' spam filters. Say what it is, for example "Book online: ${link}".` },
    ]);
  });

  it.each([
    "This is {business}. Sorry we missed you!\nBook online: {bookingUrl}\nReply STOP to opt out.",
    "This is {business}. Sorry we missed you! Book at {bookingUrl}\nReply STOP to opt out.",
    "This is {business}. Sorry we missed you! Reply STOP to opt out.",
  ])("%j: no warning", (body) => {
    expect(checkTemplate("missed_call", body, ACME).warnings.map((w) => w.code)).not.toContain("bare_link");
  });
});
