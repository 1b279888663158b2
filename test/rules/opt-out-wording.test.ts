import { describe, expect, it } from "vitest";
import { hasOptOutWording, withOptOutWording } from "../../src/rules/opt-out-wording";

describe("hasOptOutWording", () => {
  it.each([
    "Acme here. Reply STOP to opt out.",
    "Acme here. reply stop to end.",
    "Acme here. Reply with STOP to opt out.",
    'Acme here. Text "STOP" to opt out.',
    "Acme here. Txt STOP to unsubscribe",
    "Acme here. Reply END to stop texts.",
    "Acme here. Reply: STOP",
    "Acme here. Msg&data rates may apply. STOP to end",
    "Acme here. STOP to opt out.",
    "Acme here. CANCEL to opt-out",
    "Acme here. Reply UNSUBSCRIBE to stop.",
  ])("accepts %j", (text) => {
    expect(hasOptOutWording(text)).toBe(true);
  });

  it.each([
    ["no instruction", "Acme here. Call us back!"],
    ["stop as another word", "Acme here. Reply to stop by our shop."],
    ["STOPPED is not STOP", "Acme here. Reply STOPPED."],
    ["STOP on its own", "Acme here. STOP."],
    ["a run-together form carriers reject", "Acme here. STOP2END"],
    ["another run-together form", "Acme here. stop=end"],
    ["prose in lower case", "We never stop to end a job early."],
    ["a keyword we would not read as an opt-out", "Acme here. Reply NO to opt out."],
  ])("refuses %s", (_name, text) => {
    expect(hasOptOutWording(text)).toBe(false);
  });
});

describe("withOptOutWording", () => {
  it("appends the line only when the text has no opt-out wording", () => {
    expect(withOptOutWording("Acme here. Call us back!")).toBe("Acme here. Call us back!\nReply STOP to opt out.");
    expect(withOptOutWording("Acme here. STOP to end")).toBe("Acme here. STOP to end");
  });
});
