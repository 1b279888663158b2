import { inboundId } from "./ids";
import type { messages } from "../db/schema";
import type { NotifyEvent } from "../notify/events";
import { newText, type NewText } from "../outbox/new-text";
import type { ConsentKind, ConsentSource } from "../rules/consent";
import { countSegments } from "../rules/encoding";
import { aboutCaller } from "../rules/caller-alerts";
import type { OwnerCommand } from "../rules/owner-commands";
import type { CallerChoice } from "../rules/choice-question";
import type { HeldReply, Reach } from "../rules/owner-choice";
import type { LastShortcut } from "../rules/owner-undo";
import type { MessageKind, StopReason } from "../vocabulary";
import type { QualifyPlan } from "./plan-qualify";
import type { CallerPages, LocalConsent, Qualifying } from "./store";
import type { PhoneConsent } from "../rules/staff-consent";
import type { InboundText, LineContext } from "./types";

/** What a text to the business number does (planned purely, recorded by record-inbound). */
export interface InboundPlan {
  eventId: string;
  /** `inbound:opt_out`, `inbound:reply`, `owner:manual`… */
  decision: string;
  /** The stored message's kind: `reply`, `opt_out`, `owner`… */
  label: MessageKind;
  /** The text's own row. */
  inbound: typeof messages.$inferInsert;
  /** Texts to send: a keyword's confirmation, the relay to the owner, the owner's answer to a caller. */
  texts: NewText[];
  /** A record for the consent ledger. */
  consent: { kind: ConsentKind; source: ConsentSource } | null;
  /** The line's own consent record of the sender from now on (a STOP or START), if it changes. */
  localConsent: LocalConsent | null;
  /** Cancel the sender's pending texts, and why. */
  cancelReason: "opted_out" | "replied" | null;
  /** The caller the owner's next unaddressed text answers. */
  relayedCaller: string | null;
  /** The on-call phone that took the caller's page, when their text was relayed to it: its unaddressed answers go to this caller (absent: none). */
  holderRelayed?: string;
  /** The caller the owner just answered. */
  answeredCaller: string | null;
  /** What the text does to a lead: a caller's reply engages (or opens) theirs, a STOP is noted, the owner's answer hands the caller's over. */
  lead:
    | { does: "reply" | "opt_out"; phone: string }
    | { does: "human_reply"; phone: string; messageId: string }
    | { does: "command"; phone: string; command: OwnerCommand; reply: { applied: NewText; none: NewText } }
    | { does: "undo"; phone: string; shortcut: LastShortcut; reply: { applied: NewText; none: NewText } }
    | { does: "acknowledge"; phone: string; by: { phone: string; name: string | null }; stillOpen?: string }
    | { does: "acknowledge_all"; phones: string[]; by: { phone: string; name: string | null }; told?: Record<string, string[]> }
    | null;
  /** An urgent reply: the lead marked urgent, the pages held for escalation (sent when due, canceled when taken), and why these people (rules/on-call-words.ts pagingWhy; absent or null: nobody has hours). */
  urgent: { words: string[]; held: { text: NewText; at: number }[]; paged: string[]; why?: string | null } | null;
  /**
   * The caller had the safety message in their emergency (true), or a new emergency began without
   * it (false); null leaves the line's record as it is. A danger is warned of once per emergency.
   */
  warned: boolean | null;
  /** The caller named a danger and got the safety message: their open lead keeps when (absent from records kept before it). */
  danger?: true;
  /** A danger new to an emergency nobody took: what the pages held for escalation add, so the next person paged reads it (absent: none). */
  pageDanger?: string;
  /** An address the caller gave since their emergency was paged, nobody having taken it: what the pages held for escalation add (absent: none). */
  pageAddress?: string;
  /** An on-call person (or the owner) took pages: the callers whose held pages are canceled. */
  cancelPagesOf: string[];
  /** The owner or an on-call person wrote to a caller or closed, booked or blocked them: automation stops for that caller, and why (rules/automation-stops.ts). */
  stops: { phone: string; reason: StopReason } | null;
  /** The owner or an on-call person texted STOP (relays and pages to them pause) or START (they resume). */
  staffPaused: { phone: string; paused: boolean } | null;
  /** The caller's qualification step, for the lead's answers (record-inbound). */
  qualify: QualifyPlan | null;
  /** A name the caller's reply introduces when qualification did not read it ("Hi this is Tom Nguyen"): their lead's (absent: none, or records kept before it). */
  named?: string;
  /** The caller called off their request ("nvm found my spare key"): their lead's timeline says so, the pages held for them are canceled; `stoodDown`, whom we told (absent: not called off). */
  calledOff?: { stoodDown: string[] };
  /** The address the caller's reply gives (their lead had none) or corrects ("sorry, it's 412 Elm St not 214") when qualification did not read it: their lead's (absent: none). */
  corrected?: Record<string, string>;
  /** Where the caller's questions stand from now on; undefined leaves it as it is. */
  qualifying: Qualifying | null | undefined;
  /** The local day the owner was last reminded of the shortcuts, when this relay reminds them. */
  relayHintDay: string | null;
  /** The owner's text held while they say which caller it is for, or null to drop the one held; undefined leaves it as it is (absent from records kept before it). */
  ownerHeld?: HeldReply | null;
  /** What the answer to the sender adds whatever it turns out to be (a held text dropped): kept when the answer is worded again on recording. */
  answerNote?: string;
  /** Events for the business's webhook, written with the message; keys derive from the text, so a redelivery records them once. */
  events: { type: NotifyEvent; key: string; data: Record<string, unknown> }[];
}

export interface InboundPlanInput {
  msg: InboundText;
  ctx: LineContext;
  /** The line's own consent record of the sender. */
  consent: LocalConsent | null;
  /**
   * The callers the sender dealt with last, when the sender is one of the business's people (the
   * owner's, or an on-call person's own; LineStore.ownerCallers, StaffRecords.callers): whose text
   * (a relay, a summary, a page) reached them last, so an unaddressed answer goes to them...
   */
  lastRelayedCaller: string | null;
  /** ...whom their last answer went to (the first answer to someone new is confirmed)... */
  lastAnsweredCaller: string | null;
  /** ...and the newer of those two, whom a bare shortcut acts on; null on a line that has not recorded it yet. */
  ownerLastCaller: string | null;
  /**
   * The newest opt-out/opt-in of the callers the sender's text may go to (the one it names, the
   * one they dealt with last): the line's own record or D1's, the newer. An answer to one who
   * opted out is not sent, and the sender is told why.
   */
  targetConsent: Readonly<Record<string, PhoneConsent>>;
  /** The business's own phones (owner, on call) that texted STOP: nothing is relayed or paged to them. */
  pausedStaff: readonly string[];
  /**
   * The caller of the newest page this sender (an on-call person, or the owner) got in the last
   * day, taken or not: a bare OK is about it (a late one is told who took it). The owner's only
   * while the page is the newest text they got.
   */
  pagedCaller: string | null;
  /** Callers any of the business's phones got a page about in the last day, taken or not ("+14155552671 OK" is about that page); filled only for those phones' texts. */
  pagedCallers: readonly string[];
  /** The callers of this sender's pages that nobody has taken, newest first (their answers say how to take one). */
  openPages: readonly string[];
  /** The callers of this sender's pages they did not take themselves, newest first: `OK all` takes the open ones and names who took the rest. */
  pagesToTake: readonly string[];
  /** For a text from the business's phones: who was paged about each caller in `pagedCallers` (taking a page tells the others; absent: nobody). */
  pagedAbout?: Readonly<Record<string, readonly string[]>>;
  /** For a caller's text: the pages about their emergency, and who took it (a new danger reaches them). */
  callerPages: CallerPages;
  /** When the line last texted the sender (for the relay's "missed call at"). */
  lastTextedAt: number | null;
  /** Where the caller's qualification stood before this text. */
  qualifying: Qualifying | null;
  /** The caller had the safety message in their latest emergency (the line's record). */
  warned: boolean;
  /**
   * For the owner's text (rules/owner-choice.ts): the callers who reached their phone in the last
   * 10 minutes (oldest first by their first reach, each with their latest), the text held for their
   * choice, the owner's own last act with a caller (absent: none), and what the business knows of
   * the callers it may offer (absent: nothing read, each offered by number).
   */
  ownerChoice: { reached: readonly Reach[]; held: HeldReply | null; lastAct?: Reach | null; callers?: Readonly<Record<string, CallerChoice>> };
  /** The sender's last shortcut not taken back, for UNDO (absent: none). */
  lastShortcut?: LastShortcut | null;
  /** The business's local day, and whether the owner has been reminded of the shortcuts on it. */
  today: string;
  remindedToday: boolean;
  now: number;
}

/** A plan that does nothing but store the text; each planner fills in what it does. */
export function emptyPlan(input: InboundPlanInput, texts: NewText[]) {
  return {
    eventId: `sms:${input.msg.carrierMessageId}`,
    texts,
    consent: null,
    localConsent: null,
    cancelReason: null,
    relayedCaller: null,
    answeredCaller: null,
    lead: null,
    urgent: null,
    warned: null,
    cancelPagesOf: [],
    stops: null,
    staffPaused: null,
    relayHintDay: null,
    qualify: null,
    qualifying: undefined,
    events: [],
  } satisfies Partial<InboundPlan>;
}

/** New texts from the number this text came to, collected in `texts`. */
export function textSender(input: InboundPlanInput, texts: NewText[]) {
  const { ctx, now } = input;
  return (id: string, kind: MessageKind, to: string, body: string, linkCode: string | null = null): NewText => {
    const about = aboutCaller(kind, to, input.msg.from);
    const text = newText({ id, businessId: ctx.business.id, numberId: ctx.number.id, kind, from: ctx.number.e164, to, body, now, publicBaseUrl: ctx.publicBaseUrl, linkCode, about });
    texts.push(text);
    return text;
  };
}

export function inboundRow({ msg, ctx, now }: InboundPlanInput, label: MessageKind): typeof messages.$inferInsert {
  const { encoding, segments } = countSegments(msg.body);
  return {
    id: inboundId({ msg, ctx }),
    businessId: ctx.business.id,
    numberId: ctx.number.id,
    direction: "inbound",
    kind: label,
    fromPhone: msg.from,
    toPhone: msg.to,
    body: msg.body,
    encoding,
    segments,
    status: "received",
    carrierMessageId: msg.carrierMessageId,
    ...(msg.media && msg.media.length > 0 ? { media: msg.media } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

/** The webhook events of a text: a caller's reply, a change of consent (a caller's or one of the business's people's). */
export function webhookEvents(msg: InboundText, messageId: string, label: MessageKind, consent: { kind: ConsentKind; source: ConsentSource } | null): InboundPlan["events"] {
  const events: InboundPlan["events"] = [];
  if (label === "reply") {
    const data = { from: msg.from, to: msg.to, body: msg.body, messageId };
    events.push({ type: "reply.received", key: `reply_${messageId}`, data });
  }
  if (consent) {
    const data = { phone: msg.from, status: consent.kind === "opt_out" ? "opted_out" : "opted_in", source: consent.source };
    events.push({ type: "consent.changed", key: `consent_${messageId}`, data });
  }
  return events;
}
