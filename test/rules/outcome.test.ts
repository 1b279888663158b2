import { describe, expect, it } from "vitest";
import { classifyOutcome, type CallFacts } from "../../src/rules/outcome";

describe("classifyOutcome", () => {
  it.each<[CallFacts, string | null]>([
    [{ source: "dial", status: "no-answer" }, "no_answer"],
    [{ source: "dial", status: "busy" }, "busy"],
    [{ source: "dial", status: "failed" }, "failed"],
    [{ source: "dial", status: "canceled" }, "canceled"],
    [{ source: "dial", status: "completed", durationSeconds: 120 }, "answered"],
    [{ source: "dial", status: "answered", durationSeconds: 30 }, "answered"],
    [{ source: "dial", status: "completed", durationSeconds: 5 }, "answered"],
    [{ source: "dial", status: "completed", durationSeconds: 4 }, "short_call"],
    [{ source: "dial", status: "completed", durationSeconds: 0 }, "short_call"],
    [{ source: "dial", status: "completed" }, "answered"],
    [{ source: "dial", status: "completed", durationSeconds: 60, answeredBy: "machine_start" }, "voicemail"],
    [{ source: "dial", status: "completed", durationSeconds: 60, answeredBy: "machine_end_beep" }, "voicemail"],
    [{ source: "dial", status: "completed", durationSeconds: 60, answeredBy: "machine_end_silence" }, "voicemail"],
    [{ source: "dial", status: "completed", durationSeconds: 60, answeredBy: "fax" }, "voicemail"],
    [{ source: "dial", status: "completed", durationSeconds: 60, answeredBy: "human" }, "answered"],
    [{ source: "dial", status: "completed", durationSeconds: 60, answeredBy: "unknown" }, "answered"],
    [{ source: "status", status: "no-answer" }, "no_answer"],
    [{ source: "status", status: "completed", durationSeconds: 300 }, "answered"],
    [{ source: "status", status: "completed", durationSeconds: 1 }, "short_call"],
    [{ source: "status", status: "ringing" }, null],
    [{ source: "status", status: "in-progress" }, null],
    [{ source: "status", status: "queued" }, null],
    [{ source: "status", status: "initiated" }, null],
    [{ source: "status", status: "NO-ANSWER" }, "no_answer"],
    // Nobody to forward to: decided as the call comes in, before any message could be left.
    [{ source: "unforwarded", status: "ringing" }, "no_answer"],
  ])("%o → %s", (facts, expected) => {
    expect(classifyOutcome(facts, 5)).toBe(expected);
  });

  it("uses the business's minimum answered seconds", () => {
    const facts: CallFacts = { source: "dial", status: "completed", durationSeconds: 12 };
    expect(classifyOutcome(facts, 15)).toBe("short_call");
    expect(classifyOutcome(facts, 0)).toBe("answered");
  });
});
