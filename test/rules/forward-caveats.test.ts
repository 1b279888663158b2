import { describe, expect, it } from "vitest";
import { forwardCaveat } from "../../src/rules/forward-caveats";

describe("forwardCaveat", () => {
  it("warns about Plivo's forward mode: voicemail counts as answered and gets no text", () => {
    const words = forwardCaveat("plivo", "forward", 5);
    expect(words).toMatch(/voicemail picks up counts as answered \(unless it lasts under 5 seconds\) and the caller gets no text/);
    expect(forwardCaveat("plivo", undefined, 8)).toMatch(/under 8 seconds/);
  });

  it("says nothing for Plivo's other modes nor for carriers that detect a machine", () => {
    expect(forwardCaveat("plivo", "forwarded", 5)).toBeNull();
    expect(forwardCaveat("plivo", "status", 5)).toBeNull();
    for (const carrier of ["twilio", "telnyx", "signalwire", "vonage", "bandwidth"]) expect(forwardCaveat(carrier, "forward", 5)).toBeNull();
  });
});
