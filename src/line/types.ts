import type { CarrierName } from "../carriers/types";
import type { CallerContact } from "../rules/contacts";
import type { CallFacts } from "../rules/outcome";
import type { Outcome, TemplateKind } from "../rules/reasons";
import type { Hours } from "../rules/schedule";
import type { PhoneConsent } from "../rules/staff-consent";
import type { BusinessSettings } from "../settings";
import type { LeadStatus, MessageMedia } from "../vocabulary";

/** A finished (or finishing) call, as any carrier webhook reports it. */
export interface CallEvent {
  carrier: CarrierName;
  carrierCallId: string;
  from: string;
  to: string;
  facts: CallFacts;
  at: number;
  /** The carrier's caller ID name as it reported it (Twilio `CallerName`, Telnyx `caller_id_name`), when it did. */
  callerName?: string;
  /** Judge `facts` together with progress noted earlier for this call (see BusinessLine.noteCallProgress). */
  mergeProgress?: boolean;
  /**
   * The webhook tells the caller what happens next (rules/greeting.ts): the line answers with the
   * decision D1 will take, the caller's status read, also for a text the outbox records.
   */
  tellsCaller?: boolean;
}

/** The business as the line needs it for one decision, read from D1 by the webhook in one batch. */
export interface LineContext {
  business: {
    id: string;
    name: string;
    timezone: string;
    bookingUrl: string | null;
    forwardTo: string | null;
    notifyPhone: string | null;
    /** `{priorityPhone}` in a customer's text. */
    priorityPhone: string | null;
    hours: Hours | null;
    settings: BusinessSettings;
  };
  number: { id: string; e164: string };
  ownNumbers: string[];
  templates: Readonly<Partial<Record<TemplateKind, string>>>;
  /** Consent status of this caller at decision time (the outbox checks again at send time). */
  optedOut: boolean;
  /** When the newest opt-in/opt-out in D1 happened; the line's own newer record wins over it. */
  consentAt: number | null;
  /**
   * The newest opt-out/opt-in in D1 of each of the business's own phones (owner, on call) that has
   * one, by phone: a STOP texted to any of its numbers stops every number's texts to that phone.
   */
  staffConsent: Readonly<Record<string, PhoneConsent>>;
  /** The carrier said this caller cannot receive texts from the business. */
  undeliverable: boolean;
  /** The carrier's error that said so (a landline's: the owner calls them back); absent from contexts sent before it. */
  undeliverableCode?: string | null;
  /** The business's contact for this caller (DESIGN.md §6.4); null for a stranger, and while deferred. */
  contact: CallerContact | null;
  /**
   * "known": optedOut, consentAt, undeliverable and contact were read with the line. "deferred": the line came
   * from the isolate's cache without them, and the line checks them in the D1 batch that records
   * the call (see BusinessLine.handleCall).
   */
  callerStatus: "known" | "deferred";
  /**
   * The caller's open lead as D1 had it when the webhook read the line (texts only; null for calls
   * and for a caller with no open lead): qualification asks nothing once a person took over.
   */
  lead: OpenLead | null;
  /** The caller had a lead that closed (won or lost): their replies open no new one. */
  hadLead: boolean;
  /** The business takes event webhooks (only then are events recorded). */
  hasWebhook: boolean;
  /**
   * When the worker read this configuration from D1, and whether it did so for this very request.
   * The line refuses a cached one older than the business's last admin change (`stale`), so a
   * change made through any isolate applies to the next call (BusinessLine.configChanged).
   */
  config: { loadedAt: number; fresh: boolean };
  /** Origin for carrier status callbacks. */
  publicBaseUrl: string;
}

export interface OpenLead {
  id: string;
  status: LeadStatus;
  name: string | null;
  fields: Record<string, string>;
  handedOver: boolean;
  urgent: boolean;
  /** Someone took its urgent page (by an OK, or on the admin page): a person has it, so automation asks nothing more (absent from contexts read before it). */
  acknowledged?: boolean;
}

export interface LineDecision {
  /** False when the event is not a decision point yet (e.g. `ringing`). */
  final: boolean;
  duplicate: boolean;
  callId: string | null;
  outcome: Outcome | null;
  /** `texted:<outcome>` or `skipped:<reason>` */
  decision: string | null;
  explanation: string | null;
  messageId: string | null;
  /** The configuration was older than the line's last change: nothing was decided, reload and ask again. */
  stale?: true;
}

/** A text to the business number, as any carrier webhook reports it. */
export interface InboundText {
  carrier: CarrierName;
  carrierMessageId: string;
  from: string;
  to: string;
  body: string;
  /** The carrier already answered a STOP/START/HELP itself (Twilio Advanced Opt-Out). */
  carrierConfirmed: boolean;
  /** A voicemail's transcription, not a text: triaged for urgency, relayed, never a keyword or an answer. */
  transcript?: boolean;
  /** The photos the text carried (rules/media.ts: https links only, at most MAX_MEDIA); absent: none. */
  media?: MessageMedia[];
  at: number;
}

export interface InboundResult {
  duplicate: boolean;
  /** `inbound:opt_out`, `inbound:reply`, `owner:manual`… */
  decision: string;
  replyMessageId: string | null;
}
