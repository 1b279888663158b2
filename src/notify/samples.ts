/**
 * A realistic event of each type, for Zapier's and Make's field mapping (`GET /api/events/sample/:type`)
 * and the README. Built through the same payload function as real events, and checked against the
 * contract in test/event-contract.test.ts.
 */
import type { NotifyEvent } from "../vocabulary";
import type { EventData } from "./contract";
import { eventPayload } from "./events";

const AT = Date.UTC(2026, 2, 10, 15, 4, 5);
const CALLER = "+14155550123";
const LINE = "+14155550100";

const lead = (status: EventData<"lead.won">["status"], more: Partial<EventData<"lead.won">> = {}): EventData<"lead.won"> => ({
  id: "lead_4f1c2a9be0d34c7d8e21",
  businessId: "biz_8a1e5f0c2b7d4e9f3a6c",
  phone: CALLER,
  name: "Dana Whitfield",
  nameSource: "caller",
  status,
  urgent: false,
  source: "no_answer",
  fields: { service: "water heater repair", address: "1420 Alder St, Oakland", zip: "94612", preferredTime: "tomorrow morning" },
  estimatedCents: 45000,
  wonCents: null,
  lostReason: null,
  lostNote: null,
  handedOver: false,
  calls: 1,
  clicks: 0,
  firstClickAt: null,
  lastClickAt: null,
  firstCallAt: AT - 600_000,
  firstTextAt: AT - 595_000,
  firstReplyAt: AT - 480_000,
  firstHumanReplyAt: null,
  qualifiedAt: status === "new" || status === "engaged" ? null : AT - 300_000,
  bookedAt: status === "booked" || status === "won" ? AT - 120_000 : null,
  startsAt: status === "booked" || status === "won" ? AT + 86_400_000 : null,
  closedAt: status === "won" || status === "lost" ? AT : null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  dangerAt: null,
  createdAt: AT - 600_000,
  lastActivityAt: AT,
  ...more,
});

const SAMPLE_DATA: { [T in NotifyEvent]: EventData<T> } = {
  "call.missed": { callId: "call_5d2e8f1a0b3c4d6e7f80", from: CALLER, to: LINE, outcome: "no_answer", decision: "texted:no_answer", explanation: "Texted back: nobody answered." },
  "text.sent": { messageId: "msg_9c3b1d7e2f4a5b6c8d01", to: CALLER, kind: "missed_call" },
  "text.delivered": { messageId: "msg_9c3b1d7e2f4a5b6c8d01", to: CALLER, status: "delivered", errorCode: null },
  "text.failed": { messageId: "msg_9c3b1d7e2f4a5b6c8d01", to: CALLER, status: "undelivered", errorCode: "30006" },
  "reply.received": { messageId: "msg_2a7f4c9e1b3d5f6a8c02", from: CALLER, to: LINE, body: "Yes please, our water heater is leaking" },
  "consent.changed": { phone: CALLER, status: "opted_out", source: "keyword" },
  "alert.raised": { kind: "carrier_auth", message: "the carrier rejected our credentials; check the number's API keys" },
  "lead.created": lead("new", { name: "Dana Whitfield", nameSource: "caller_id", firstReplyAt: null, firstTextAt: null }),
  "lead.updated": lead("engaged", { name: "Dana W.", nameSource: "person" }),
  "lead.qualified": lead("qualified"),
  "lead.urgent": lead("engaged", { urgent: true, fields: { service: "burst pipe", urgency: "water everywhere" } }),
  "lead.acknowledged": lead("engaged", { urgent: true, acknowledgedAt: AT, acknowledgedBy: "+14155550199" }),
  "lead.booked": lead("booked"),
  "lead.won": lead("won", { wonCents: 52000 }),
  "lead.lost": lead("lost", { lostReason: "out_of_area", lostNote: "Lives across the bay, outside our area" }),
};

/** The sample of type `type`, as a subscriber would receive it. */
export function sampleEvent(type: NotifyEvent): unknown {
  return JSON.parse(eventPayload(`wh_sample_${type.replace(".", "_")}`, type, "biz_8a1e5f0c2b7d4e9f3a6c", AT, SAMPLE_DATA[type] as Record<string, unknown>));
}
