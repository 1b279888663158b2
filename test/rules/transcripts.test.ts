import { describe, expect, it } from "vitest";
import { failureCode, NUMBER_REMOVED, transcriptErrorWords, transcriptNote, transcriptVerdict } from "../../src/rules/transcripts";
import { TRANSCRIPT_STATUSES } from "../../src/vocabulary";

describe("what a read of a voicemail's words does", () => {
  it.each([
    [{ ok: true, text: "hello" }, "deliver"],
    [{ ok: true, text: "" }, "deliver"],
    [{ ok: false, failure: 404 }, "gone"],
    [{ ok: false, failure: 410 }, "gone"],
    [{ ok: false, failure: 500 }, "retry"],
    [{ ok: false, failure: 503 }, "retry"],
    [{ ok: false, failure: 429 }, "retry"],
    [{ ok: false, failure: 401 }, "retry"],
    [{ ok: false, failure: "network" }, "retry"],
    [{ ok: false, failure: "foreign_url" }, "retry"],
    [{ ok: false, failure: "api_user_retired" }, "retry"],
  ] as const)("%j → %s", (read, verdict) => {
    expect(transcriptVerdict(read)).toBe(verdict);
  });

  it("stores a failure as a short code", () => {
    expect(failureCode(503)).toBe("HTTP 503");
    expect(failureCode("network")).toBe("network");
  });
});

describe("a read's failure, and a voicemail without words, in words", () => {
  it.each([
    ["HTTP 500", "Vonage had a problem of its own (HTTP 500)"],
    ["HTTP 401", "Vonage refused the number's credentials (HTTP 401)"],
    ["HTTP 404", "Vonage no longer has it (HTTP 404)"],
    ["HTTP 429", "Vonage asked us to slow down (HTTP 429)"],
    ["HTTP 400", "Vonage answered HTTP 400"],
    ["network", "Vonage did not answer"],
    ["foreign_url", "the address Vonage gave is not Vonage's, so it was not asked"],
    ["api_user_retired", "Vonage no longer accepts the number's API user (username and password): replace it with an API credential's client ID and secret"],
    [null, "no read was tried"],
  ])("%s → %s", (code, words) => {
    expect(transcriptErrorWords("Vonage", code)).toBe(words);
  });

  it("says something for every state but delivered, never a raw status", () => {
    for (const status of TRANSCRIPT_STATUSES) {
      const note = transcriptNote("Bandwidth", status, "HTTP 503");
      if (status === "delivered") expect(note).toBeNull();
      else expect(note).toMatch(/^Voicemail left: /);
      expect(note ?? "").not.toMatch(new RegExp(`\\b${status}\\b`));
    }
    expect(transcriptNote("Bandwidth", "gone", "HTTP 404")).toBe("Voicemail left: no transcript came (Bandwidth no longer has it).");
    expect(transcriptNote("Bandwidth", "gone", NUMBER_REMOVED)).toBe("Voicemail left: no transcript came (the number left Textback before its words were read).");
    expect(transcriptNote("Bandwidth", "dead", "HTTP 503")).toBe("Voicemail left: its words could not be read from Bandwidth: Bandwidth had a problem of its own (HTTP 503). Retry it on the Not sent page.");
  });
});
