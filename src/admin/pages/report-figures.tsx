/** The report's figures on the dashboard, and what each one means, in the words of reports/figures.ts. */
import type { FC } from "hono/jsx";
import { figure, FIGURES, type Figure } from "../../reports/figures";
import type { Report } from "../../reports/report";
import { TEXT_GROUP_NAMES } from "../../reports/text-groups";
import { countOf, formatPercent, formatSeconds, formatShare } from "./format";
import { formatCents } from "./lead-format";

/**
 * The figures the dashboard shows; beside some, in small type, a share (of the callers who could be
 * customers, the recovery rate's whole, so the three agree) or what they were worth.
 */
const SHOWN: readonly [key: string, beside?: (r: Report) => string | null][] = [
  ["calls.total"],
  ["calls.missed"],
  ["callers.missed"],
  ["callers.recoverable"],
  ["callers.textedBack", (r) => formatShare(r.callers.textedBack, r.callers.recoverable)],
  ["callers.replied", (r) => formatShare(r.callers.replied, r.callers.recoverable)],
  ["recoveryRate"],
  ["replies"],
  ["optOuts"],
  ["lost.count", (r) => formatCents(r.lost.valueCents)],
  ["texts.sentByKind.textBacks"],
  ["texts.sent"],
  ["texts.failed"],
  ["texts.notSentDailyCap"],
  ["medianSecondsToText"],
  ["medianSecondsToFirstHumanReply"],
];

function shownValue(f: Figure, report: Report): string {
  const v = f.value(report);
  if (f.unit === "rate") return formatPercent(v);
  if (f.unit === "seconds") return formatSeconds(v);
  if (f.unit === "cents") return formatCents(v);
  return String(v ?? 0);
}

/** Each figure's box carries its key (`data-figure`), so a test or a script reads exact values. */
export const Figures: FC<{ report: Report }> = ({ report }) => (
  <dl class="stats">
    {SHOWN.map(([key, beside]) => {
      const f = figure(key);
      const note = beside ? beside(report) : null;
      return (
        <div data-figure={key}>
          <dt>{f.label}</dt>
          <dd>
            {shownValue(f, report)}
            {note ? <small> ({note})</small> : null}
          </dd>
        </div>
      );
    })}
  </dl>
);

const GROUP_WORDS: Record<(typeof TEXT_GROUP_NAMES)[number], [one: string, many: string]> = {
  textBacks: ["text-back", "text-backs"],
  followUps: ["follow-up", "follow-ups"],
  confirmations: ["keyword answer", "keyword answers"],
  answers: ["question or urgent answer", "questions and urgent answers"],
  toBusiness: ["text to the business", "texts to the business"],
  manual: ["text written by a person", "texts written by a person"],
  other: ["other text", "other texts"],
};

/** "14 texts sent: 4 text-backs, 4 keyword answers, 5 texts to the business, 1 text written by a person." */
export const TextsByKind: FC<{ report: Report }> = ({ report }) => {
  const parts = TEXT_GROUP_NAMES.filter((g) => report.texts.sentByKind[g] > 0).map((g) => {
    const n = report.texts.sentByKind[g];
    return `${n} ${GROUP_WORDS[g][n === 1 ? 0 : 1]}`;
  });
  return (
    <p class="hint" id="texts-by-kind">
      {countOf(report.texts.sent, "text")} sent{parts.length > 0 ? `: ${parts.join(", ")}` : ""}.
    </p>
  );
};

/** Every figure of the report in words, the API's and the CSV's too. */
export const FigureDefinitions: FC = () => (
  <details class="card definitions">
    <summary>What these numbers mean</summary>
    <dl>
      {FIGURES.map((f) => (
        <>
          <dt>{f.label}</dt>
          <dd>{f.definition}</dd>
        </>
      ))}
    </dl>
  </details>
);
