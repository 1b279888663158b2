import type { LastShortcut } from "../rules/owner-undo";
import { newerThanLocal, type PhoneConsent } from "../rules/staff-consent";

/** Whom one of the business's people dealt with last, as the planners read it (InboundPlanInput). */
export interface SenderCallers {
  lastRelayedCaller: string | null;
  lastAnsweredCaller: string | null;
  ownerLastCaller: string | null;
}

interface Meta {
  meta(key: string): string | null;
  setMeta(key: string, value: string): void;
}

/**
 * The line's records of the business's own people, in its `meta`: which phones texted STOP
 * (`paused:<phone>`, "1|<at>" or "0|<at>"; "1" and "" before the time was kept), for each
 * on-call person the callers they dealt with last (the owner's are LineStore.noteOwnerCaller's),
 * and each phone's last shortcut, for UNDO (`shortcut:<phone>`).
 */
export class StaffRecords {
  constructor(
    private readonly sql: SqlStorage,
    private readonly store: Meta,
  ) {}

  /** The line's own record of each phone that texted STOP or START here (or that it took from the ledger). */
  consents(): Map<string, PhoneConsent> {
    const rows = this.sql.exec<{ key: string; value: string }>("SELECT key, value FROM meta WHERE key LIKE 'paused:%'").toArray();
    return new Map(
      rows.map((r) => {
        const [paused, at] = r.value.split("|");
        return [r.key.slice("paused:".length), { optedOut: paused === "1", at: Number(at ?? 0) }];
      }),
    );
  }

  /** The phones that texted STOP: no relays or pages to them until START. */
  paused(): string[] {
    return [...this.consents()].filter(([, c]) => c.optedOut).map(([phone]) => phone);
  }

  setConsent(phone: string, c: PhoneConsent): void {
    this.store.setMeta(`paused:${phone}`, `${c.optedOut ? 1 : 0}|${c.at}`);
  }

  /** Take the ledger's newer records (a STOP or START texted to another of the business's numbers). */
  takeNewer(ledger: Readonly<Record<string, PhoneConsent>>): void {
    if (Object.keys(ledger).length === 0) return;
    for (const [phone, c] of newerThanLocal(this.consents(), ledger)) this.setConsent(phone, c);
  }

  /** An on-call person got a page about `caller` (their answers and shortcuts go to that caller). */
  notePage(phone: string, caller: string): void {
    this.store.setMeta(`staff_paged:${phone}`, caller);
    this.store.setMeta(`staff_last:${phone}`, caller);
  }

  /** A text of `caller`'s was relayed to an on-call person (the page they took): their answers and shortcuts go to that caller. */
  noteRelayed(phone: string, caller: string): void {
    this.store.setMeta(`staff_paged:${phone}`, caller);
    this.store.setMeta(`staff_last:${phone}`, caller);
  }

  /** An on-call person answered `caller`. */
  noteAnswered(phone: string, caller: string): void {
    this.store.setMeta(`staff_answered:${phone}`, caller);
    this.store.setMeta(`staff_last:${phone}`, caller);
  }

  /** The callers an on-call person dealt with last: their newest page, whom they answered, the newer of the two. */
  callers(phone: string): SenderCallers {
    return {
      lastRelayedCaller: this.store.meta(`staff_paged:${phone}`),
      lastAnsweredCaller: this.store.meta(`staff_answered:${phone}`),
      ownerLastCaller: this.store.meta(`staff_last:${phone}`),
    };
  }

  /** `phone`'s shortcut (or, null, none to take back: it was taken back). */
  noteShortcut(phone: string, shortcut: LastShortcut | null): void {
    this.store.setMeta(`shortcut:${phone}`, JSON.stringify(shortcut));
  }

  /** `phone`'s last shortcut not taken back yet, however old. */
  lastShortcut(phone: string): LastShortcut | null {
    const stored = this.store.meta(`shortcut:${phone}`);
    return stored ? (JSON.parse(stored) as LastShortcut | null) : null;
  }
}
