/**
 * Each figure of the report, defined once in words: the dashboard shows these words, the CSV carries
 * them, and the README's table of the report repeats them (test/node/report-definitions.test.ts
 * keeps it the same). report-sql.ts counts each figure the way its words say.
 */
import { RUNAWAY_CAP_MULTIPLE } from "../rules/outbound-guard";
import { LOST_BUCKETS, type FunnelStep, type LostBucket, type Report } from "./report-types";

export interface Figure {
  /** Where it is in the API's report, e.g. `callers.textedBack`. */
  key: string;
  label: string;
  definition: string;
  unit: "count" | "rate" | "seconds" | "cents";
  value: (r: Report) => number | null;
}

const count = (key: string, label: string, definition: string, value: (r: Report) => number): Figure => ({ key, label, definition, unit: "count", value });

/** A funnel step's share of the missed-call leads. */
const funnelRate = (step: Exclude<FunnelStep, "missed">, label: string, of: string): Figure => ({
  key: `funnel.rates.${step}`,
  label,
  definition: `${of} divided by missed-call leads, so never over 100%; none (null) without a missed-call lead.`,
  unit: "rate",
  value: (r) => r.funnel.rates[step],
});

/** Why a lead was lost, finishing "Of the lost leads, those lost …". */
const LOST_WHY: Record<LostBucket, [label: string, why: string]> = {
  out_of_area: ["out of area", "out of the service area (the caller's ZIP, or a person said)"],
  no_response: ["no response", "because the caller stopped answering"],
  price: ["price", "on price"],
  other: ["other", "for another reason (its words in the lead's note)"],
  blocked: ["blocked", "because the owner blocked the caller (BLOCK)"],
  none: ["no reason", "with no reason given"],
};

/** Lost leads, their value and both by reason: never added to the pipeline or to what was won. */
const LOST_FIGURES: readonly Figure[] = [
  count("lost.count", "Lost leads", "Leads the period opened that are lost now: marked lost by a person (the owner's L, the lead card, the API), blocked by the owner's BLOCK, or out of the service area.", (r) => r.lost.count),
  {
    key: "lost.valueCents",
    label: "Lost (estimated)",
    definition: "What the period's lost leads were worth: each at its estimate from the business's job values for the service the caller named (or a person set), else the default job value. Never added to the pipeline or to what was won; in cents in the API and the CSV.",
    unit: "cents",
    value: (r) => r.lost.valueCents,
  },
  ...LOST_BUCKETS.flatMap((b): Figure[] => [
    count(`lost.byReason.${b}.count`, `Lost: ${LOST_WHY[b][0]}`, `Of the lost leads, those lost ${LOST_WHY[b][1]}.`, (r) => r.lost.byReason[b].count),
    {
      key: `lost.byReason.${b}.valueCents`,
      label: `Lost value: ${LOST_WHY[b][0]}`,
      definition: `What the leads lost ${LOST_WHY[b][1]} were worth, as Lost (estimated) counts it; in cents.`,
      unit: "cents",
      value: (r) => r.lost.byReason[b].valueCents,
    },
  ]),
];

/**
 * The funnel (DESIGN.md §6.7): leads, not calls, each belonging to the period in which it opened, so
 * a lead opened last week and won today counts in last week's funnel. byDay splits the same figures
 * by the business's local day.
 */
const LEAD_FIGURES: readonly Figure[] = [
  count("funnel.missed", "Missed-call leads", "Leads the period opened with a missed call: one per caller until their lead is won or lost, however often they called (a caller who texted first is a lead but not in the funnel).", (r) => r.funnel.missed),
  count("funnel.texted", "Leads texted", "Missed-call leads whose first text-back went out.", (r) => r.funnel.texted),
  count("funnel.engaged", "Leads replied", "Leads texted whose caller replied by text (keywords like STOP are not replies), so never more than the leads texted: a caller never texted (a VIP) who wrote in is not counted.", (r) => r.funnel.engaged),
  count("funnel.qualified", "Leads qualified", "Missed-call leads that answered every required question, or that a person marked qualified.", (r) => r.funnel.qualified),
  count("funnel.booked", "Leads booked", "Missed-call leads that reached booked (a booking, the owner's B, or a person), whatever they are now.", (r) => r.funnel.booked),
  count("funnel.won", "Leads won", "Missed-call leads that are won now.", (r) => r.funnel.won),
  funnelRate("texted", "Texted rate", "Leads texted"),
  funnelRate("engaged", "Reply rate", "Leads replied"),
  funnelRate("qualified", "Qualified rate", "Leads qualified"),
  funnelRate("booked", "Booked rate", "Leads booked"),
  funnelRate("won", "Won rate", "Leads won"),
  {
    key: "revenue.estimatedCents",
    label: "Pipeline (estimated)",
    definition: "What the period's leads still open (booked ones too) may be worth: each at its estimate from the business's job values for the service the caller named, else the default job value. An estimate, never added to what was won; in cents in the API and the CSV.",
    unit: "cents",
    value: (r) => r.revenue.estimatedCents,
  },
  {
    key: "revenue.wonCents",
    label: "Won (confirmed)",
    definition: "The amounts people recorded for the period's leads that are won (W 450, the lead card, the API); a won lead without an amount adds nothing. In cents in the API and the CSV.",
    unit: "cents",
    value: (r) => r.revenue.wonCents,
  },
  ...LOST_FIGURES,
  {
    key: "medianSecondsToFirstHumanReply",
    label: "Median time to first human reply",
    definition: "From a lead's first missed call (or first text) to the first text a person wrote to the caller (admin page, API or the owner's phone), the middle value over the period's leads that got one; in seconds.",
    unit: "seconds",
    value: (r) => r.medianSecondsToFirstHumanReply,
  },
  count("urgent.count", "Urgent leads", "Leads the period opened that triage marked urgent.", (r) => r.urgent.count),
  {
    key: "urgent.medianSecondsToAcknowledge",
    label: "Median time to take an urgent page",
    definition: "From the reply that made a lead urgent to an on-call person (or the owner) taking the page, the middle value over the period's urgent leads whose page was taken; in seconds.",
    unit: "seconds",
    value: (r) => r.urgent.medianSecondsToAcknowledge,
  },
];

export const FIGURES: readonly Figure[] = [
  count("calls.total", "Calls", "Every call to the business's numbers in the period, answered or not. Calls, not people: someone who called three times counts three times.", (r) => r.calls.total),
  count("calls.answered", "Answered calls", "Calls the business answered.", (r) => r.calls.answered),
  count("calls.missed", "Missed calls", "Calls nobody answered: no answer, busy, the caller hung up, voicemail, a call too short to count, or the AI receptionist lost it.", (r) => r.calls.missed),
  count("callers.total", "Callers", "People who called in the period, each counted once however often they called.", (r) => r.callers.total),
  count("callers.missed", "Missed callers", "People with at least one missed call in the period, each counted once.", (r) => r.callers.missed),
  count("callers.recoverable", "Could be customers", "Missed callers the business could win back. Blocked callers and your own staff (contacts tagged blocked or internal, when they called or since, as after the owner's BLOCK) are left out, and so are its own numbers, withheld caller ID and numbers that are not a person's (invalid, premium-rate, toll-free).", (r) => r.callers.recoverable),
  count("callers.textedBack", "Texted back", "Callers who could be customers whose text-back went out (the carrier took it and has not reported it failed). A delayed text canceled before it went out, a failed one or one still held does not count, so this is never more than the callers who could be customers.", (r) => r.callers.textedBack),
  count("callers.delivered", "Text delivered", "Texted-back callers whose text-back the carrier reported delivered.", (r) => r.callers.delivered),
  count("callers.replied", "Replied", "Texted-back callers who sent at least one reply (see Replies). A caller never texted (a VIP) who wrote in is not counted, as in the funnels' Replied.", (r) => r.callers.replied),
  {
    key: "recoveryRate",
    label: "Recovery rate",
    definition: "Replied callers divided by the callers who could be customers (blocked callers and your own staff left out), so never over 100%; none (null) without one.",
    unit: "rate",
    value: (r) => r.recoveryRate,
  },
  count("replies", "Replies", "Texts from the period's missed callers who could be customers that came after their text-back went out, within the period. Keywords (STOP, START, HELP and the like) are not replies, nor are texts from the owner's or on-call phones, nor a text that came before any text-back.", (r) => r.replies),
  count("optOuts", "Opted out", "People who opted out in the period (by STOP, an admin or the carrier) and had not opted back in by its end, each counted once.", (r) => r.optOuts),
  count("texts.sent", "Texts sent", "Texts of every kind the business's numbers sent in the period that the carrier took and has not reported failed, counted by when each was written.", (r) => r.texts.sent),
  count("texts.sentByKind.textBacks", "Text-backs sent", "Of the texts sent, the first text to a missed caller (missed call, after hours, voicemail, AI receptionist).", (r) => r.texts.sentByKind.textBacks),
  count("texts.sentByKind.followUps", "Follow-ups sent", "Of the texts sent, follow-ups to callers who had not replied.", (r) => r.texts.sentByKind.followUps),
  count("texts.sentByKind.confirmations", "Keyword answers sent", "Of the texts sent, the answers to STOP, START and HELP.", (r) => r.texts.sentByKind.confirmations),
  count("texts.sentByKind.answers", "Questions and urgent answers sent", "Of the texts sent, the questions asked by text and the answers to urgent replies.", (r) => r.texts.sentByKind.answers),
  count("texts.sentByKind.toBusiness", "Texts to the business", "Of the texts sent, those to the business's own phones: relayed replies, pages, alerts, digests and answers to the owner's shortcuts.", (r) => r.texts.sentByKind.toBusiness),
  count("texts.sentByKind.manual", "Texts written by a person", "Of the texts sent, those a person wrote (on the admin page, through the API or from the owner's phone) and test texts.", (r) => r.texts.sentByKind.manual),
  count("texts.sentByKind.other", "Other texts sent", "Of the texts sent, any of a kind not listed above.", (r) => r.texts.sentByKind.other),
  count("texts.delivered", "Texts delivered", "Of the texts sent, those the carrier reported delivered.", (r) => r.texts.delivered),
  count("texts.failed", "Texts failed", "Texts the carrier refused or could not deliver, and texts that ran out of retries.", (r) => r.texts.failed),
  count("texts.queued", "Texts on their way", "Texts queued or waiting for a retry.", (r) => r.texts.queued),
  count("texts.scheduled", "Texts scheduled", "Delayed text-backs and follow-ups held until their time.", (r) => r.texts.scheduled),
  count("texts.canceled", "Texts not sent", "Texts stopped before they went out: a reply, a STOP or an answered call came first, a person canceled them, the person had opted out, or the cost guard refused them.", (r) => r.texts.canceled),
  count("texts.notSentDailyCap", "Not sent: daily cap", `Of the texts not sent, those the business's daily cap stopped (dailyTextCap, every text counted over any 24 hours): text-backs, follow-ups, questions and texts written to callers past the cap, and every text but the answers to STOP, START and HELP past ${RUNAWAY_CAP_MULTIPLE} times it. Not failures: nothing went wrong with the carrier; raise the cap in Settings to send more.`, (r) => r.texts.notSentDailyCap),
  {
    key: "medianSecondsToText",
    label: "Median time to text",
    definition: "From a missed call to its text-back going out, the middle value over the period's missed calls, a delay you set included; in seconds in the API and the CSV (0.03 is 30 ms).",
    unit: "seconds",
    value: (r) => r.medianSecondsToText,
  },
  ...LEAD_FIGURES,
];

/** The figure at `key`; throws on a key that is not one (a typo in a page is a bug). */
export function figure(key: string): Figure {
  const f = FIGURES.find((x) => x.key === key);
  if (!f) throw new Error(`no figure ${key}`);
  return f;
}
