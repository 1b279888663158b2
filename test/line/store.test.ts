import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LINE_MIGRATIONS } from "../../src/line/migrations";
import { LineStore } from "../../src/line/store";

const freshLine = () => env.LINE.get(env.LINE.idFromName(`+1312555${String(Math.floor(Math.random() * 1e4)).padStart(4, "0")}-${crypto.randomUUID()}`));
const tables = (storage: DurableObjectStorage) =>
  storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").toArray().map((r) => r.name).sort();

describe("the line's storage", () => {
  it("a new line starts at the latest schema version, with every table", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      const store = new LineStore(state.storage);
      expect(store.schemaVersion()).toBe(LINE_MIGRATIONS.length);
      expect(tables(state.storage)).toEqual(["callers", "consent", "daily", "events", "events_at", "meta", "owner_flood", "owner_flood_phone", "owner_reaches", "pages", "pages_caller", "pending", "pending_due", "pending_phone", "progress", "qualifying", "unrecorded", "warned"]);
    });
  });

  it("a line from before versioning is brought up to date and keeps what it knew", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      const store = new LineStore(state.storage);
      store.reserve("+14155552671", "2026-12-07", 1_000);
      store.setConsent("+14155552672", { optedOut: true, at: 2_000 });
      // What a line written before versioning holds: the tables (without a column added later), no version, and one index missing.
      state.storage.sql.exec("DELETE FROM meta WHERE key = 'schema_version'");
      state.storage.sql.exec("DROP INDEX pending_phone");
      state.storage.sql.exec("ALTER TABLE pending DROP COLUMN claim");
      state.storage.sql.exec("ALTER TABLE qualifying DROP COLUMN unsent");
      state.storage.sql.exec("ALTER TABLE qualifying DROP COLUMN missed");
      state.storage.sql.exec("DROP TABLE owner_reaches");
      state.storage.sql.exec("ALTER TABLE callers DROP COLUMN repeat_alert_at");

      const reopened = new LineStore(state.storage);
      expect(reopened.schemaVersion()).toBe(LINE_MIGRATIONS.length);
      expect(tables(state.storage)).toEqual(expect.arrayContaining(["pending_phone", "qualifying"]));
      expect(reopened.callerState("+14155552671", "2026-12-07")).toEqual({ lastTextedAt: 1_000, textedToday: 1, consent: null, repeatAlertAt: null });
      expect(reopened.consentOf("+14155552672")).toEqual({ optedOut: true, at: 2_000 });
    });
  });

  it("runs only the steps past the version it records", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      new LineStore(state.storage);
      state.storage.sql.exec("DROP INDEX pending_phone");
      // At the latest version, step 1 is not run again, so nothing puts the index back.
      new LineStore(state.storage);
      expect(tables(state.storage)).not.toContain("pending_phone");
    });
  });

  it("gives a reservation back exactly as it was", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      const store = new LineStore(state.storage);
      store.reserve("+14155552671", "2026-12-07", 1_000);
      store.reserve("+14155552671", "2026-12-07", 5_000);
      store.giveBack({ caller: "+14155552671", day: "2026-12-07", previousTextAt: 1_000 });
      expect(store.callerState("+14155552671", "2026-12-07")).toMatchObject({ lastTextedAt: 1_000, textedToday: 1 });
      store.giveBack({ caller: "+14155552671", day: "2026-12-07", previousTextAt: null });
      expect(store.callerState("+14155552671", "2026-12-07")).toMatchObject({ lastTextedAt: null, textedToday: 0 });
    });
  });

  it("remembers a caller's safety warning until a new emergency begins without one, and forgets it after a month", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      const store = new LineStore(state.storage);
      store.setWarned("+14155552671", true, 1_000);
      expect([store.warned("+14155552671"), store.warned("+14155552672")]).toEqual([true, false]);
      store.setWarned("+14155552671", false, 2_000);
      expect(store.warned("+14155552671")).toBe(false);
      store.setWarned("+14155552671", true, 3_000);
      store.prune(3_000 + 32 * 24 * 3_600_000);
      expect(store.warned("+14155552671")).toBe(false);
    });
  });

  it("keeps the staff phones' STOPs with their time, reads the ones kept before the time was, and takes the ledger's newer ones", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      const store = new LineStore(state.storage);
      const [owner, sam, alex] = ["+13125550199", "+17372345601", "+17372345602"];
      // Written before the time was kept: paused, and resumed.
      store.setMeta(`paused:${owner}`, "1");
      store.setMeta(`paused:${alex}`, "");
      store.staff.setConsent(sam, { optedOut: true, at: 5_000 });
      expect(store.staff.paused().sort()).toEqual([owner, sam]);
      // START to another number (owner), and an older STOP there than the line's own START (alex stays on).
      store.staff.setConsent(alex, { optedOut: false, at: 9_000 });
      store.staff.takeNewer({ [owner]: { optedOut: false, at: 7_000 }, [alex]: { optedOut: true, at: 8_000 }, [sam]: { optedOut: true, at: 5_000 } });
      expect(store.staff.paused()).toEqual([sam]);
    });
  });

  it("remembers whom each on-call person was paged about and answered, apart from the owner's", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      const store = new LineStore(state.storage);
      const [owner, sam, maria, bob] = ["+13125550199", "+17372345601", "+14152345630", "+14152345640"];
      store.notePage(sam, maria, 1_000);
      store.noteOwnerCaller(bob, "relay");
      expect(store.staff.callers(sam)).toEqual({ lastRelayedCaller: maria, lastAnsweredCaller: null, ownerLastCaller: maria });
      // Taken: no longer open, but still the page Sam's OK is about, and Sam's answers still go to Maria.
      store.pages.taken(maria, sam, 1_500);
      expect(store.pages.openOf(sam, 2_000)).toEqual([]);
      expect(store.pages.newest(sam, 2_000)).toBe(maria);
      store.noteAnswered(sam, bob, owner);
      expect(store.staff.callers(sam)).toEqual({ lastRelayedCaller: maria, lastAnsweredCaller: bob, ownerLastCaller: bob });
      expect(store.ownerCallers()).toEqual({ lastRelayedCaller: bob, lastAnsweredCaller: null, ownerLastCaller: bob });
      store.noteAnswered(owner, maria, owner);
      expect(store.ownerCallers()).toMatchObject({ lastAnsweredCaller: maria, ownerLastCaller: maria });
    });
  });

  it("remembers who reached the owner in the last 10 minutes, in the order they first did, and a held text for 30 minutes", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      const store = new LineStore(state.storage);
      const callers = ["+14152345630", "+14152345640", "+14152345650"];
      callers.forEach((c, i) => store.noteOwnerCaller(c, i % 2 ? "page" : "relay", 1_000 + i));
      // The first caller again keeps their place, with their latest time. The owner's own answer reaches nobody.
      store.noteOwnerCaller(callers[0]!, "relay", 2_000);
      store.noteOwnerCaller("+14152345690", "answered", 2_500);
      expect(store.owner.recent(3_000)).toEqual([
        { caller: callers[0], at: 2_000 },
        { caller: callers[1], at: 1_001 },
        { caller: callers[2], at: 1_002 },
      ]);
      expect(store.owner.recent(2_000 + 10 * 60_000)).toEqual([]);
      expect(store.owner.recent(1_005 + 10 * 60_000)).toEqual([{ caller: callers[0], at: 2_000 }]);
      // Back after the window (before any prune): a new spell, so last in order.
      store.noteOwnerCaller(callers[1]!, "relay", 2_000 + 10 * 60_000);
      expect(store.owner.recent(2_001 + 10 * 60_000).map((r) => r.caller)).toEqual([callers[1]]);
      store.noteOwnerCaller(callers[2]!, "relay", 2_001 + 10 * 60_000);
      expect(store.owner.recent(2_002 + 10 * 60_000).map((r) => r.caller)).toEqual([callers[1], callers[2]]);

      expect(store.owner.held(3_000)).toBeNull();
      const held = { text: "On our way", at: 3_000, choices: [callers[0]!, callers[2]!] };
      store.owner.setHeld(held);
      expect(store.owner.held(3_000 + 30 * 60_000)).toEqual(held);
      expect(store.owner.held(3_001 + 30 * 60_000)).toBeNull();
      store.owner.setHeld(null);
      expect(store.owner.held(3_000)).toBeNull();
    });
  });

  it("a line from before keeps who reached the owner, ordered by when they did", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      new LineStore(state.storage);
      state.storage.sql.exec("ALTER TABLE owner_reaches DROP COLUMN first_at");
      state.storage.sql.exec("ALTER TABLE callers DROP COLUMN repeat_alert_at");
      state.storage.sql.exec("DROP TABLE owner_flood");
      state.storage.sql.exec("INSERT INTO owner_reaches (caller, at) VALUES ('+14152345640', 2000), ('+14152345630', 1000)");
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'schema_version'", String(LINE_MIGRATIONS.length - 3));
      const reopened = new LineStore(state.storage);
      expect(reopened.owner.recent(3_000).map((r) => r.caller)).toEqual(["+14152345630", "+14152345640"]);
    });
  });

  it("counts the owner's direct texts since their last digest, and gives back a digest's texts that could not go", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      const store = new LineStore(state.storage);
      const [owner, maria] = ["+13125550199", "+14152345630"];
      store.flood.noteSent(owner, "m_1", 1_000);
      store.flood.noteSent(owner, "m_2", 2_000);
      store.flood.fold(owner, "m_3", 3_000, { caller: maria, who: "Maria G. (415) 234-5630", words: "hail" });
      expect(store.flood.sentTimes(owner, 4_000)).toEqual([1_000, 2_000]);
      const taken = store.flood.takeFolded(owner, 5_000);
      expect(taken.texts).toEqual([{ messageId: "m_3", caller: maria, who: "Maria G. (415) 234-5630", words: "hail", at: 3_000 }]);
      // The digest starts a new count; one that could not go gives its texts and the count back.
      expect(store.flood.sentTimes(owner, 6_000)).toEqual([]);
      store.flood.restore(owner, taken);
      expect(store.flood.sentTimes(owner, 6_000)).toEqual([1_000, 2_000]);
      expect(store.flood.takeFolded(owner, 7_000).texts.map((t) => t.messageId)).toEqual(["m_3"]);
    });
  });

  it("keeps each phone's last shortcut for UNDO, and the owner's last act with a caller", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      const store = new LineStore(state.storage);
      const [owner, maria] = ["+13125550199", "+14152345630"];
      const shortcut = { caller: maria, causeId: "in_n_1_SM1", at: 1_000, command: { kind: "won" as const, cents: 9_500 } };
      expect(store.staff.lastShortcut(owner)).toBeNull();
      store.staff.noteShortcut(owner, shortcut);
      expect(store.staff.lastShortcut(owner)).toEqual(shortcut);
      store.staff.noteShortcut(owner, null);
      expect(store.staff.lastShortcut(owner)).toBeNull();
      store.owner.acted(maria, 1_000);
      expect(store.owner.lastAct()).toEqual({ caller: maria, at: 1_000 });
      store.owner.forgetAct("+14152345640");
      expect(store.owner.lastAct()).toEqual({ caller: maria, at: 1_000 });
      store.owner.forgetAct(maria);
      expect(store.owner.lastAct()).toBeNull();
    });
  });

  it("keeps every page each phone got in the last day, and who took each caller's emergency", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      const store = new LineStore(state.storage);
      const [owner, sam, maria, bob] = ["+13125550199", "+17372345601", "+14152345630", "+14152345640"];
      store.notePage(owner, maria, 1_000);
      store.notePage(owner, bob, 2_000);
      store.notePage(sam, bob, 2_500);
      expect(store.pages.newest(owner, 3_000)).toBe(bob);
      expect(store.pages.openOf(owner, 3_000)).toEqual([bob, maria]);
      expect(store.pages.callers([owner], 3_000).sort()).toEqual([maria, bob].sort());
      expect(store.pages.callers([owner, sam], 3_000)).toHaveLength(2);
      store.pages.taken(bob, sam, 3_000);
      // The first to take it stays its holder.
      store.pages.taken(bob, null, 3_500);
      expect(store.pages.about(bob, 4_000)).toEqual({ paged: [owner, sam], taken: { by: sam } });
      expect(store.pages.openOf(owner, 4_000)).toEqual([maria]);
      expect(store.pages.about(maria, 4_000)).toEqual({ paged: [owner], taken: null });
      // A new emergency of Bob's starts over; a day on, Maria's page is forgotten.
      store.pages.forget(bob);
      store.notePage(owner, bob, 5_000);
      expect(store.pages.about(bob, 6_000)).toEqual({ paged: [owner], taken: null });
      const dayLater = 1_000 + 24 * 3_600_000;
      expect(store.pages.openOf(owner, dayLater)).toEqual([bob]);
      store.pages.prune(dayLater);
      expect(state.storage.sql.exec("SELECT caller FROM pages").toArray()).toEqual([{ caller: bob }]);
    });
  });

  it("a line from before keeps the page each of its people got last", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      new LineStore(state.storage);
      const [sam, maria] = ["+17372345601", "+14152345630"];
      // What a line at schema version 4 held: one page per phone in meta, a taken one emptied.
      state.storage.sql.exec("DROP TABLE pages");
      state.storage.sql.exec("ALTER TABLE pending DROP COLUMN claim");
      state.storage.sql.exec("ALTER TABLE qualifying DROP COLUMN unsent");
      state.storage.sql.exec("ALTER TABLE qualifying DROP COLUMN missed");
      state.storage.sql.exec("DROP TABLE owner_reaches");
      state.storage.sql.exec("ALTER TABLE callers DROP COLUMN repeat_alert_at");
      state.storage.sql.exec("UPDATE meta SET value = '4' WHERE key = 'schema_version'");
      state.storage.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?), ('paged:+17372345602', '')", `paged:${sam}`, `${maria}|1000`);
      const reopened = new LineStore(state.storage);
      expect(reopened.schemaVersion()).toBe(LINE_MIGRATIONS.length);
      expect(reopened.pages.openOf(sam, 2_000)).toEqual([maria]);
      expect(reopened.pages.callers([sam, "+17372345602"], 2_000)).toEqual([maria]);
      expect(state.storage.sql.exec("SELECT key FROM meta WHERE key LIKE 'paged:%'").toArray()).toEqual([]);
    });
  });

  it("a claimed held text waits, neither sent nor due, until its claim ends; anyone taking the caller's texts takes it", async () => {
    await runInDurableObject(freshLine(), (_line, state) => {
      const store = new LineStore(state.storage);
      const rows = store.pendingRows;
      const held = (id: string, phone: string) => ({ message_id: id, kind: "text" as const, phone, due: 1_000, timezone: "America/Chicago", job: "{}" });
      const [maria, bob] = ["+14152345630", "+14152345640"];
      rows.putPending([held("m1", maria), held("m2", bob)]);
      expect(rows.claimPendingOf(maria, "texts", "sms:SM1").map((r) => r.message_id)).toEqual(["m1"]);
      expect(rows.pendingDue(5_000).map((r) => r.message_id)).toEqual(["m2"]);
      rows.deletePending("m2");
      expect(store.nextDue()).toBeNull();
      // Given back: due again, as before.
      expect(rows.endClaim("sms:SM1", true).map((r) => r.message_id)).toEqual(["m1"]);
      expect(store.nextDue()).toBe(1_000);
      // Claimed again, then taken by a reply: the claim ends with nothing.
      rows.claimPendingOf(maria, "texts", "sms:SM2");
      expect(rows.takePendingOf(maria).map((r) => r.message_id)).toEqual(["m1"]);
      expect(rows.endClaim("sms:SM2", true)).toEqual([]);
      expect(rows.pendingDue(5_000)).toEqual([]);
      rows.putPending([held("m3", maria)]);
      rows.claimPendingOf(maria, "texts", "sms:SM3");
      expect(rows.endClaim("sms:SM3", false).map((r) => r.message_id)).toEqual(["m3"]);
      expect(rows.heldFor(maria)).toEqual([]);
    });
  });
});
