import { describe, expect, it } from "vitest";
import { actedByLabel, actedByWords, actorOf, ownerName, storedActedBy, storedActorWords } from "../../src/rules/acted-by";
import { urgentChip } from "../../src/rules/emergency-words";
import type { ActedBy } from "../../src/vocabulary";

const ALL: [ActedBy, string, string, string][] = [
  [{ kind: "user", id: "u_1", name: "Carla" }, "Carla", "Carla", "u_1"],
  [{ kind: "token", id: "t_1", name: "Zapier", userId: "u_2" }, "the token “Zapier”", "The token “Zapier”", "u_2"],
  [{ kind: "admin_token" }, "the owner (admin token)", "The owner (admin token)", "admin"],
  [{ kind: "owner_phone", phone: "+15122345699" }, "the owner's phone", "The owner's phone", "+15122345699"],
  [{ kind: "on_call", phone: "+15122345601", name: "Sam" }, "Sam", "Sam", "+15122345601"],
  [{ kind: "on_call", phone: "+15122345601", name: null }, "(512) 234-5601", "(512) 234-5601", "+15122345601"],
  [{ kind: "crm" }, "the CRM", "The CRM", "crm"],
];

describe("who did a person's act", () => {
  it.each(ALL)("%o reads as %s, labels as %s, and is the audit's actor %s", (by, words, label, actor) => {
    expect([actedByWords(by), actedByLabel(by), actorOf(by)]).toEqual([words, label, actor]);
  });

  it("a name a person gave themselves stays as they wrote it", () => {
    expect(actedByLabel({ kind: "user", id: "u_1", name: "de la Cruz" })).toBe("de la Cruz");
  });

  it("reads back what was stored, and nothing from an older row or anything else", () => {
    for (const [by] of ALL) expect(storedActedBy(JSON.parse(JSON.stringify(by)))).toEqual(by);
    for (const junk of [null, undefined, "admin", { kind: "user", id: "u_1" }, { kind: "robot" }, { kind: "owner_phone", phone: "" }]) expect(storedActedBy(junk)).toBeNull();
  });

  it("the admin token is the owner: by the owner's name when the business has one", () => {
    const owner = ownerName("+15122345699", [{ phone: "+15122345601", name: "Sam" }, { phone: "+15122345699", name: "Dana Reyes" }]);
    expect(owner).toBe("Dana Reyes");
    expect([actedByWords({ kind: "admin_token" }, owner), actedByLabel({ kind: "admin_token" }, owner)]).toEqual(["Dana Reyes", "Dana Reyes"]);
    expect(ownerName("+15122345699", [{ phone: "+15122345601", name: "Sam" }])).toBeNull();
    expect(ownerName(null, [{ phone: "+15122345699", name: "Dana" }])).toBeNull();
  });

  it("a page taken with the admin token before, stored as \"the admin token\", reads as the owner's", () => {
    expect(storedActorWords("the admin token")).toBe("the owner (admin token)");
    expect(storedActorWords("Sam (+15122345601)")).toBe("Sam (+15122345601)");
    const chip = urgentChip({ urgent: true, acknowledgedAt: 1, acknowledgedBy: "the admin token", dangerAt: null, closed: false }, null);
    expect(chip?.words).toBe("Urgent · taken by the owner (admin token)");
  });
});
