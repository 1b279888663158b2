/** The conversation's order (src/admin/timeline.ts), pure: by when each thing happened, causes first at the same time. */
import { describe, expect, it } from "vitest";
import { conversationTimeline, type TimelineEntry } from "../src/admin/timeline";
import type { CallRow, ConsentEventRow, MessageRow } from "../src/db/schema";
import type { VoicemailTranscriptRow } from "../src/db/transcripts-schema";

const T = 1_800_000_000_000;

function text(id: string, over: Partial<MessageRow>): MessageRow {
  return {
    id, businessId: "b", numberId: "n", callId: null, direction: "outbound", kind: "missed_call", fromPhone: "+15125550100", toPhone: "+14155550100",
    body: id, encoding: "GSM-7", segments: 1, status: "sent", carrierMessageId: null, errorCode: null, errorMessage: null, attempts: 1,
    createdAt: T, sentAt: null, updatedAt: T, linkCode: null, actedBy: null, media: null, aboutPhone: null, ...over,
  };
}
const call = (id: string, at: number) => ({ id, at, outcome: "no_answer", decision: "texted:no_answer" }) as CallRow;
const consent = (id: number, kind: ConsentEventRow["kind"], at: number) => ({ id, kind, source: "keyword", at }) as ConsentEventRow;
const voicemail = (id: string, status: VoicemailTranscriptRow["status"], createdAt: number) => ({ id, status, createdAt }) as VoicemailTranscriptRow;
const names = (entries: TimelineEntry[]) =>
  entries.map((e) => (e.type === "call" ? e.call.id : e.type === "text" ? e.text.id : e.type === "alert" ? `alert:${e.text.id}` : e.type === "voicemail" ? `voicemail:${e.voicemail.id}` : `consent:${e.event.kind}`));

describe("a conversation's order", () => {
  it("puts a STOP, its ledger record and its answer in that order when all three carry the same time", () => {
    const entries = conversationTimeline(
      {
        calls: [],
        // Newest first, as the page reads them, and the answer not yet sent.
        texts: [text("answer", { kind: "opt_out", status: "queued", createdAt: T }), text("stop", { direction: "inbound", kind: "opt_out", status: "received", createdAt: T })],
        consent: [consent(7, "opt_out", T)],
      },
      new Map(),
    );
    expect(names(entries)).toEqual(["stop", "consent:opt_out", "answer"]);
  });

  it("places a text when it went out, a held one when it goes out (last when unknown), a canceled one when it was canceled", () => {
    const entries = conversationTimeline(
      {
        calls: [call("call", T)],
        texts: [
          text("follow-up", { kind: "follow_up", status: "scheduled", callId: "call", createdAt: T }),
          text("held-unknown", { kind: "follow_up", status: "scheduled", createdAt: T }),
          text("reply", { direction: "inbound", kind: "reply", status: "received", createdAt: T + 500 }),
          text("canceled", { kind: "after_hours", status: "canceled", errorCode: "replied", createdAt: T, updatedAt: T + 501 }),
          text("text-back", { callId: "call", createdAt: T, sentAt: T + 30, status: "delivered", updatedAt: T + 4000 }),
        ],
        consent: [consent(1, "implied_by_call", T)],
      },
      new Map([["follow-up", T + 3_600_000]]),
    );
    expect(names(entries)).toEqual(["call", "text-back", "reply", "canceled", "follow-up", "held-unknown"]);
    expect(entries[0]).toMatchObject({ type: "call", textBack: { id: "text-back" } });
    expect(entries[4]).toMatchObject({ at: T + 3_600_000, goesOutAt: T + 3_600_000 });
  });

  it("at the same time: the text-back before a keyword answer before a follow-up, whatever order they come in", () => {
    const at = { createdAt: T, sentAt: T + 10 };
    const entries = conversationTimeline(
      { calls: [], texts: [text("follow-up", { ...at, kind: "follow_up" }), text("help", { ...at, kind: "help" }), text("text-back", at)], consent: [] },
      new Map(),
    );
    expect(names(entries)).toEqual(["text-back", "help", "follow-up"]);
  });

  it("a voicemail whose words did not come sits after its call and before the caller's text; one whose words came shows as that text alone", () => {
    const entries = conversationTimeline(
      {
        calls: [call("call", T)],
        texts: [text("their-text", { direction: "inbound", kind: "reply", status: "received", createdAt: T + 60_000 })],
        consent: [],
        voicemails: [voicemail("delivered", "delivered", T + 1_000), voicemail("gone", "gone", T + 60_000)],
      },
      new Map(),
    );
    expect(names(entries)).toEqual(["call", "voicemail:gone", "their-text"]);
  });

  it("an alert to the business's phones sits when it went out, after the reply that caused it; a held page when it goes (last when unknown)", () => {
    const toOwner = { toPhone: "+15125550199", aboutPhone: "+14155550100" };
    const entries = conversationTimeline(
      {
        calls: [call("call", T)],
        texts: [text("reply", { direction: "inbound", kind: "reply", status: "received", createdAt: T + 60_000 })],
        consent: [],
        alerts: [
          text("page1", { ...toOwner, kind: "page", status: "scheduled", createdAt: T + 60_000 }),
          text("page2", { ...toOwner, kind: "page", status: "scheduled", createdAt: T + 60_000 }),
          text("relay", { ...toOwner, kind: "relay", createdAt: T + 60_000, sentAt: T + 60_000 }),
          text("repeat", { ...toOwner, kind: "alert", createdAt: T + 120_000, sentAt: T + 121_000 }),
        ],
      },
      new Map([["page1", T + 300_000]]),
    );
    expect(names(entries)).toEqual(["call", "reply", "alert:relay", "alert:repeat", "alert:page1", "alert:page2"]);
    expect(entries[3]).toMatchObject({ at: T + 121_000 });
    expect(entries[4]).toMatchObject({ at: T + 300_000, goesOutAt: T + 300_000 });
  });
});
