/**
 * The closed sets of values Textback stores and decides with, each defined once: the D1 schema
 * types its columns with them (drizzle's `enum`), and the rules, the line, the API and the admin page
 * take their types from here. Kept out of db/ and rules/ so both can depend on it. Adding a value is
 * additive (SQLite stores text; nothing to migrate); renaming one is a data migration.
 */

export const CARRIERS = [
  "twilio",
  "signalwire",
  "telnyx",
  "vonage",
  "plivo",
  "bandwidth",
] as const;
export type CarrierName = (typeof CARRIERS)[number];

/**
 * What a carrier's number lookup says a phone is, in our words (rules/line-type.ts reads each
 * carrier's): only `landline` changes anything (it is not texted); `other` is toll-free, pager,
 * "fixed line or mobile" and the rest, texted as before.
 */
export const LINE_TYPES = ["mobile", "landline", "voip", "other"] as const;

/**
 * Carrier errors that say a caller is a landline or not a mobile (21614), or a number that cannot take texts (30006, 40001
 * and Bandwidth's 4720 do not tell the two apart), as kept in `undeliverable`: either way the
 * caller is called back, not texted (their later calls are `undeliverable_landline`). The other
 * refusals (an invalid, unknown or deactivated number, a block) say nothing of calling them back.
 */
export const LANDLINE_ERROR_CODES = ["21614", "21635", "30006", "40001", "bandwidth-4720"] as const;
export type LineType = (typeof LINE_TYPES)[number];

/** A lookup's answer is kept this long: numbers move between mobile and landline rarely. */
export const LINE_TYPE_TTL_MS = 90 * 24 * 3_600_000;

/** `forward`: Textback answers and rings the business; `status`: something else answers, Textback watches. */
export const NUMBER_MODES = ["forward", "status", "forwarded"] as const;
export type NumberMode = (typeof NUMBER_MODES)[number];

/** What happened to a call, as far as the business is concerned. */
export const OUTCOMES = ["answered", "no_answer", "busy", "failed", "canceled", "voicemail", "short_call", "ai_abandoned", "ai_failed"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Why a missed call was not texted. Every skip names exactly one of these, listed in the order
 * decide() checks them, so the reason recorded is the first that applies (the most fundamental).
 * The caller's status comes from `internal` on (their contact's tags, then whether the carrier can
 * reach them (`undeliverable`; `undeliverable_landline` when it refused a text as a landline's) or
 * their lookup says a landline, then consent): a line may decide before it has read it (rules/eligibility.ts
 * callerStatusCanChange), and the reasons before `internal` never depend on it. Contacts come
 * before the number's problems because what a contact is matters more than where they call from:
 * a VIP calling from abroad still gets the owner's call-back alert, and staff stay `internal`.
 */
export const SKIP_REASONS = [
  "answered",
  "paused",
  "withheld_caller_id",
  "invalid_number",
  "internal",
  "blocked",
  "vip",
  "country_not_allowed",
  "premium_rate",
  "toll_free",
  "own_number",
  "undeliverable",
  "undeliverable_landline",
  "landline",
  "opted_out",
  "cooldown",
  "daily_cap",
  "missing_template",
  "shadow_mode",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * Contact tags that change what a missed call does (DESIGN.md §6.4), in the order they win when a
 * contact has several: staff and suppliers are never texted, a blocked number never, a VIP's call
 * goes to the owner to call back, a customer gets the `existing_customer` text. Any other tag is
 * the business's own free text and changes nothing.
 */
export const CONTACT_TAGS = ["internal", "blocked", "vip", "customer"] as const;
export type ContactTag = (typeof CONTACT_TAGS)[number];

/** The stored form of a call's decision: `texted:no_answer`, `skipped:opted_out`. */
export type DecisionCode = `texted:${Outcome}` | `skipped:${SkipReason}`;

export const TEMPLATE_KINDS = ["missed_call", "after_hours", "voicemail", "ai_abandoned", "existing_customer", "follow_up", "help", "opt_out", "opt_in"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** The first text a missed caller gets (what time-to-text, recovery and alerts are measured on); a customer's is `existing_customer`. */
export const TEXT_BACK_KINDS = ["missed_call", "after_hours", "voicemail", "ai_abandoned", "existing_customer"] as const satisfies readonly TemplateKind[];

/**
 * What a stored message is: a text from a template, `qualify` (a question, the thanks or the
 * out-of-area answer of qualification), `urgent_reply` (the caller told help is coming, or to call
 * 911 first), `page` (to an on-call person), or `manual` (the owner's), `test`, `relay` (a
 * reply forwarded to the owner), `alert`, `digest` and `command_reply` (the answer to an owner's
 * shortcut); inbound, `reply`, `owner`, `staff` (an on-call person) or `transcript` (a voicemail's words)
 * (the owner answering a caller), or the keyword's kind.
 */
export const MESSAGE_KINDS = [...TEMPLATE_KINDS, "qualify", "urgent_reply", "page", "manual", "test", "relay", "alert", "digest", "command_reply", "reply", "owner", "staff", "transcript"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MESSAGE_DIRECTIONS = ["inbound", "outbound"] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/**
 * Why the outbox refused an outbound text before asking the carrier (rules/outbound-guard.ts), stored
 * as the message's error code with status `suppressed`; in the order the guard checks them. The
 * number rules share their names with the missed-call decision's SKIP_REASONS.
 */
export const OUTBOUND_REFUSALS = [
  "invalid_number",
  "premium_rate",
  "toll_free",
  "country_not_allowed",
  "own_number",
  "recipient_hourly_limit",
  "business_daily_cap",
  "business_runaway_cap",
] as const;
export type OutboundRefusal = (typeof OUTBOUND_REFUSALS)[number];

/**
 * A message's state: `scheduled` (held by the line), `queued`, `retrying`, `sending`, then what the
 * carrier reported; `suppressed` (refused before the carrier was asked: the recipient opted out, or
 * a cost guard said no, its error code says which), `canceled` (a reply, a STOP
 * or an answered callback came first), `dead` (retries exhausted); `received` for inbound texts.
 */
export const MESSAGE_STATUSES = [
  "scheduled",
  "queued",
  "retrying",
  "sending",
  "sent",
  "delivered",
  "undelivered",
  "failed",
  "canceled",
  "suppressed",
  "dead",
  "received",
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * Why a text the line held was canceled before it went out (stored as its `error_code`): the caller
 * texted (`replied`) or opted out first, they called back and were answered, someone took the page
 * it was an escalation of (`acknowledged`), or a person canceled it (`admin`); or automation stopped
 * for the caller (STOP_REASONS).
 */
export const CANCEL_REASONS = ["replied", "opted_out", "answered_callback", "acknowledged", "admin", "handed_over", "lead_won", "lead_lost", "lead_booked", "blocked"] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/**
 * Why automation stopped for a caller for good (DESIGN.md §6.2, §6.4, §6.6): a person wrote to them
 * (`handed_over`), their lead was won, lost or booked, or the business blocked them. What each
 * stops: rules/automation-stops.ts.
 */
export const STOP_REASONS = ["handed_over", "lead_won", "lead_lost", "lead_booked", "blocked"] as const satisfies readonly CancelReason[];
export type StopReason = (typeof STOP_REASONS)[number];

export const SMS_ENCODINGS = ["GSM-7", "UCS-2"] as const;
export type SmsEncoding = (typeof SMS_ENCODINGS)[number];

export const CONSENT_KINDS = ["implied_by_call", "opt_out", "opt_in", "help"] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export const CONSENT_SOURCES = ["call", "keyword", "intent", "carrier_error", "admin", "api"] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];


export const EVENT_DELIVERY_STATUSES = ["queued", "retrying", "delivered", "failed", "dead"] as const;
export type EventDeliveryStatus = (typeof EVENT_DELIVERY_STATUSES)[number];

/**
 * A lead's place on the way from missed call to customer: `new` (missed, texted), `engaged` (the
 * caller replied), `qualified` (every required question answered), `booked`, then `won` or `lost`
 * (closed; set by a person, or `lost` when out of the service area).
 */
export const LEAD_STATUSES = ["new", "engaged", "qualified", "booked", "won", "lost"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/**
 * Why a lead was lost, as a person says it (the API, the lead card, the owner's `L price`), or
 * `out_of_area` when qualification found the caller outside the service area; `other` takes its
 * words in `lostNote`. `blocked` is set only by the owner's BLOCK.
 */
export const LOST_REASONS = ["out_of_area", "no_response", "price", "other"] as const;
export type LostReason = (typeof LOST_REASONS)[number] | "blocked";

/**
 * Where a lead's name came from (DESIGN.md §6.1): the business's `contact` for the phone, the
 * carrier's caller ID name (`caller_id`, the weakest: any other replaces it), the `caller`'s own
 * answer, or a `person` who set it on the lead.
 */
export const LEAD_NAME_SOURCES = ["contact", "caller_id", "caller", "person"] as const;
export type LeadNameSource = (typeof LEAD_NAME_SOURCES)[number];

/** What opened a lead: the first missed call's outcome, or a text from a phone with no open lead. */
export type LeadSource = Outcome | "inbound_text";

/** Entries of a lead's own timeline (its calls and messages are read from their tables). */
export const LEAD_EVENT_TYPES = ["opened", "call", "reply", "opted_out", "human_reply", "status", "fields", "note", "urgent", "acknowledged", "click", "booking"] as const;
export type LeadEventType = (typeof LEAD_EVENT_TYPES)[number];

/** Events to a business's own system about its leads (DESIGN.md §6.1). */
export const LEAD_NOTIFY_EVENTS = ["lead.created", "lead.updated", "lead.qualified", "lead.urgent", "lead.acknowledged", "lead.booked", "lead.won", "lead.lost"] as const;

/**
 * What an `alert.raised` event (and the owner's alert text) is about: texts failing or the carrier
 * refusing our credentials (the cron's hourly look), a phone system hiding callers' numbers, a number
 * gone quiet, a number's carrier settings changed (ops/number-health.ts), the business's daily text
 * cap reached (outbox/cap-alert.ts).
 */
export const ALERT_KINDS = ["delivery_failing", "carrier_auth", "caller_id_rewritten", "no_calls", "setup_changed", "daily_text_cap"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Signed events to a business's own system. */
export const NOTIFY_EVENTS = [
  "call.missed",
  "text.sent",
  "text.delivered",
  "text.failed",
  "reply.received",
  "consent.changed",
  "alert.raised",
  ...LEAD_NOTIFY_EVENTS,
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/**
 * What a person may do (DESIGN.md §7): `owner` everything, every business, users; `manager` their
 * businesses' settings, numbers, templates and everything an agent does; `agent` their businesses'
 * leads, calls, conversations, messages, contacts and reports; `viewer` reads what an agent reads.
 * The routes each may use: src/rules/permissions.ts.
 */
export const ROLES = ["owner", "manager", "agent", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who did a person's act (a text they wrote to a caller, a change to a lead, a page taken), stored
 * with it (`acted_by` on messages and lead_events) so the pages name them even after a rename or a
 * removal: a user on the pages or the API (`user`, by their name then), a personal API token
 * (`token`, by the token's name), the ADMIN_TOKEN (`admin_token`), the owner's or an on-call person's
 * phone by text (`owner_phone`, `on_call`), or the business's CRM (`crm`). Rows from before it was
 * kept have none. Words: rules/acted-by.ts.
 */
export type ActedBy =
  | { kind: "user"; id: string; name: string }
  | { kind: "token"; id: string; name: string; userId: string }
  | { kind: "admin_token" }
  | { kind: "owner_phone"; phone: string }
  | { kind: "on_call"; phone: string; name: string | null }
  | { kind: "crm" };
/** A photo (or other file) a caller's text carried, as the carrier gave it: an https URL and its content type, if said. */
export type MessageMedia = { url: string; contentType: string | null };
/** Booking providers that post to `/webhooks/booking/<provider>/:businessId` (DESIGN.md §6.5). */
export const BOOKING_PROVIDERS = ["calcom", "calendly", "generic"] as const;
export type BookingProvider = (typeof BOOKING_PROVIDERS)[number];

/**
 * What a booking webhook whose signature verified did, as the Integrations page tells it (words:
 * rules/booking-receipts.ts): a lead `booked`, `moved` or `canceled`; a booking kept `unmatched`; an
 * `unknown_cancellation` of a booking never held; `not_acted` (a ping, a trigger Textback ignores); a
 * `duplicate` delivery; `unchanged` (held as it says already); `unreadable` (not a booking body).
 */
export const BOOKING_RECEIPTS = ["booked", "moved", "canceled", "unmatched", "unknown_cancellation", "not_acted", "duplicate", "unchanged", "unreadable"] as const;
export type BookingReceipt = (typeof BOOKING_RECEIPTS)[number];

/** Why a booking webhook was refused (403): no signature, a wrong, malformed or stale one, or no key set here. */
export const BOOKING_REFUSALS = ["unsigned", "bad_signature", "not_connected"] as const;
export type BookingRefusal = (typeof BOOKING_REFUSALS)[number];

/** A booking as the provider last told it: on the calendar, or called off. */
export const BOOKING_STATUSES = ["booked", "canceled"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/**
 * What an event subscriber is: a URL subscribed through the API (REST hooks), the business's
 * notifyWebhookUrl setting, or HubSpot (its lead events synced through HubSpot's CRM API).
 */
export const HOOK_ORIGINS = ["api", "setting", "hubspot"] as const;
export type HookOrigin = (typeof HOOK_ORIGINS)[number];

/**
 * Where a voicemail's words stand when the carrier's callback carries none and Textback reads them
 * (Vonage, Bandwidth): `queued` (the callback is recorded, the read is queued), `retrying` (a read
 * failed; the queue tries again), then `delivered` (the words reached the line), `empty` (the
 * carrier heard no words), `gone` (the carrier no longer has them) or `dead` (every retry was used).
 */
export const TRANSCRIPT_STATUSES = ["queued", "retrying", "delivered", "empty", "gone", "dead"] as const;
export type TranscriptStatus = (typeof TRANSCRIPT_STATUSES)[number];
