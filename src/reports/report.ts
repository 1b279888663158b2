/** A business's report over a period: every figure counted by D1, as figures.ts defines it in words. */
import { parseSettings } from "../settings";
import { leadFigures, leadStatements, type ReportScope } from "./lead-report";
import { CALLS_SQL, MEDIAN_SQL, OPT_OUTS_SQL, REPLIES_SQL, TEXTED_BACK_SQL, TEXTS_SQL } from "./report-sql";
import { TEXT_STATES, type Report, type TextState } from "./report-types";
import { TEXT_GROUP_NAMES, type TextGroup } from "./text-groups";

export type { Report } from "./report-types";
export type { ReportScope } from "./lead-report";

/** The scope of a business's report, from its row. */
export function reportScope(business: { id: string; timezone: string; settings: unknown }): ReportScope {
  return { businessId: business.id, timeZone: business.timezone, defaultJobValueCents: parseSettings(business.settings).defaultJobValueCents };
}

type Row = Record<string, number | string | null>;

const n = (v: unknown) => Number(v ?? 0);

/** The groups' rows summed into the totals, and each group's sent texts. */
function textFigures(rows: Row[]): Report["texts"] {
  const sentByKind = Object.fromEntries(TEXT_GROUP_NAMES.map((g) => [g, 0])) as Record<TextGroup, number>;
  const totals = Object.fromEntries(TEXT_STATES.map((s) => [s, 0])) as Record<TextState, number>;
  let notSentDailyCap = 0;
  for (const row of rows) {
    for (const s of TEXT_STATES) totals[s] += n(row[s]);
    sentByKind[row.grp as TextGroup] += n(row.sent);
    notSentDailyCap += n(row.not_sent_daily_cap);
  }
  return { ...totals, sentByKind, notSentDailyCap };
}

/** The report of [from, to): eleven statements in one D1 batch. */
export async function buildReport(d1: D1Database, scope: ReportScope, from: number, to: number): Promise<Report> {
  const statements = [CALLS_SQL, TEXTED_BACK_SQL, REPLIES_SQL, TEXTS_SQL, OPT_OUTS_SQL, MEDIAN_SQL].map((q) => d1.prepare(q).bind(scope.businessId, from, to));
  const results = (await d1.batch<Row>([...statements, ...leadStatements(d1, scope, from, to)])).map((r) => r.results);
  const [calls, textedBack, replies, texts, optOuts, median] = results;
  const c = calls![0] ?? {};
  const missedCallers = n(c.missed_callers);
  const recoverable = n(c.recoverable_callers);
  const replied = n(replies![0]?.replied);
  const seconds = median![0]?.seconds;
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    calls: { total: n(c.total), answered: n(c.answered), missed: n(c.total) - n(c.answered) },
    callers: {
      total: n(c.callers),
      missed: missedCallers,
      recoverable,
      textedBack: n(textedBack![0]?.texted_back),
      delivered: n(textedBack![0]?.delivered),
      replied,
    },
    texts: textFigures(texts!),
    replies: n(replies![0]?.replies),
    optOuts: n(optOuts![0]?.opted_out),
    recoveryRate: recoverable === 0 ? null : replied / recoverable,
    medianSecondsToText: seconds == null ? null : Math.round(Number(seconds) * 1000) / 1000,
    ...leadFigures(results.slice(statements.length), scope, from, to),
  };
}
