/**
 * Leads with a known answer for every figure of the report's second part, written straight into D1
 * at chosen instants (a real missed call cannot be placed in March): two businesses in Chicago, the
 * week of the spring change (8 March 2026, 02:00 CST → 03:00 CDT), with the same callers at both.
 */
import { env } from "cloudflare:workers";
import type { LeadStatus, LostReason, Outcome } from "../../src/vocabulary";
import { createTwilioLine, uniquePhone, type TwilioLine } from "./app";

const utc = (iso: string) => Date.parse(`${iso}Z`);
const S = 1000;

interface SeedLead {
  key: string;
  /** UTC, no zone suffix. */
  at: string;
  source?: Outcome | "inbound_text";
  status: LeadStatus;
  texted?: boolean;
  replied?: boolean;
  qualified?: boolean;
  booked?: boolean;
  estimatedCents?: number;
  wonCents?: number;
  lostReason?: LostReason;
  name?: string;
  /** Seconds after opening: a person's first text; the urgent reply and the page taken. */
  humanReplyAfter?: number;
  urgentAfter?: number;
  acknowledgedAfter?: number;
}

/** Chicago local days in comments. The period asked for is 6-9 March, local. */
export const FIXTURE_LEADS: SeedLead[] = [
  { key: "before", at: "2026-03-06T05:59", status: "won", texted: true, wonCents: 999_00 }, // 5 March 23:59 CST: outside
  { key: "wonFriday", at: "2026-03-07T05:30", status: "won", texted: true, replied: true, qualified: true, booked: true, estimatedCents: 1_800_00, wonCents: 1_850_00 }, // 6 March 23:30 CST
  { key: "qualified", at: "2026-03-08T06:30", status: "qualified", texted: true, replied: true, qualified: true, estimatedCents: 1_800_00 }, // 8 March 00:30 CST
  { key: "textedOnly", at: "2026-03-08T07:59", status: "new", texted: true, name: "=HYPERLINK(\"http://x.example\",\"click\")" }, // 01:59 CST, just before the change
  { key: "bookedUrgent", at: "2026-03-08T08:00", status: "booked", texted: true, replied: true, booked: true, estimatedCents: 250_00, humanReplyAfter: 120, urgentAfter: 60, acknowledgedAfter: 360 }, // 03:00 CDT
  { key: "lostCooldown", at: "2026-03-09T04:59", status: "lost", lostReason: "no_response", estimatedCents: 300_00 }, // 8 March 23:59 CDT
  { key: "textedFirst", at: "2026-03-09T05:00", source: "inbound_text", status: "engaged", replied: true, humanReplyAfter: 60 }, // 9 March 00:00 CDT
  { key: "wonNoAmount", at: "2026-03-09T12:00", status: "won", texted: true, humanReplyAfter: 600, urgentAfter: 30 }, // 9 March 07:00 CDT
  { key: "after", at: "2026-03-10T05:00", status: "new", texted: true }, // 10 March 00:00 CDT: outside
];

/** Answered calls beside the missed ones (each missed-call lead above has its missed call). */
const ANSWERED_AT = ["2026-03-07T18:00", "2026-03-08T07:30", "2026-03-10T04:30"];

export const PERIOD = { from: "2026-03-06", to: "2026-03-09" };

export interface LeadReportFixture {
  line: TwilioLine;
  other: TwilioLine;
  ids: Record<string, string>;
}

function leadStatements(line: TwilioLine, phones: Record<string, string>, l: SeedLead, wonScale: number): D1PreparedStatement[] {
  const at = utc(l.at);
  const id = `l_fx_${line.businessId}_${l.key}`;
  const source = l.source ?? "no_answer";
  const closed = l.status === "won" || l.status === "lost";
  const stmts = [
    env.DB.prepare(
      `INSERT INTO leads (id, business_id, phone, name, status, urgent, source, estimated_cents, won_cents, lost_reason, calls,
        first_call_at, first_text_at, first_reply_at, first_human_reply_at, qualified_at, booked_at, closed_at, acknowledged_at, acknowledged_by, created_at, last_activity_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21)`,
    ).bind(
      id, line.businessId, phones[l.key]!, l.name ?? null, l.status, l.urgentAfter !== undefined ? 1 : 0, source,
      l.estimatedCents ?? null, l.wonCents === undefined ? null : l.wonCents * wonScale, l.lostReason ?? null, source === "inbound_text" ? 0 : 1,
      source === "inbound_text" ? null : at, l.texted ? at + 5 * S : null, l.replied ? at + 30 * S : null,
      l.humanReplyAfter !== undefined ? at + l.humanReplyAfter * S : null, l.qualified ? at + 90 * S : null, l.booked ? at + 200 * S : null,
      closed ? at + 3600 * S : null, l.acknowledgedAfter !== undefined ? at + l.acknowledgedAfter * S : null, l.acknowledgedAfter !== undefined ? "+13125550100" : null, at,
    ),
  ];
  if (l.urgentAfter !== undefined) {
    stmts.push(env.DB.prepare("INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at) VALUES (?, ?, ?, 'urgent', '{}', 'system', ?)").bind(`urgent:${id}`, id, line.businessId, at + l.urgentAfter * S));
  }
  if (source !== "inbound_text") stmts.push(callStatement(line, phones[l.key]!, "no_answer", at));
  return stmts;
}

function callStatement(line: TwilioLine, from: string, outcome: Outcome, at: number): D1PreparedStatement {
  const sid = `CA${crypto.randomUUID().replace(/-/g, "")}`;
  return env.DB.prepare(
    "INSERT INTO calls (id, business_id, number_id, carrier_call_id, from_phone, to_phone, outcome, decision, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ).bind(`c_${sid}`, line.businessId, line.numberId, sid, from, line.e164, outcome, outcome === "answered" ? "skipped:answered" : `texted:${outcome}`, outcome, at);
}

/** `line` with the leads above; `other`, another business with the same callers and ten times the money. */
export async function seedLeadReportFixture(): Promise<LeadReportFixture> {
  const settings = { defaultJobValueCents: 400_00 };
  const line = await createTwilioLine({ name: "Fixture Plumbing", settings });
  const other = await createTwilioLine({ name: "Other Plumbing", settings: { defaultJobValueCents: 9_999_00 } });
  const phones = Object.fromEntries(FIXTURE_LEADS.map((l) => [l.key, uniquePhone()]));
  const statements = [
    ...FIXTURE_LEADS.flatMap((l) => leadStatements(line, phones, l, 1)),
    ...FIXTURE_LEADS.flatMap((l) => leadStatements(other, phones, { ...l, status: l.status === "new" ? "won" : l.status, wonCents: 1_000_00, urgentAfter: 10 }, 10)),
    ...ANSWERED_AT.map((at) => callStatement(line, uniquePhone(), "answered", utc(at))),
    ...ANSWERED_AT.map((at) => callStatement(other, uniquePhone(), "answered", utc(at))),
  ];
  await env.DB.batch(statements);
  return { line, other, ids: Object.fromEntries(FIXTURE_LEADS.map((l) => [l.key, `l_fx_${line.businessId}_${l.key}`])) };
}
