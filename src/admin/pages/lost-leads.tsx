/** The dashboard's lost leads of the period: how many, what they were worth, and why (reports/lost-leads.ts). */
import type { FC } from "hono/jsx";
import { LOST_BUCKETS, type LostBucket, type LostLeads } from "../../reports/report-types";
import { countOf } from "./format";
import { DataTable } from "./data-table";
import { businessPath } from "./layout";
import { formatCents, lostReasonLabel } from "./lead-format";

const reasonWords = (b: LostBucket) => (b === "none" ? "No reason given" : lostReasonLabel(b));

/** Each reason any lead was lost for, most value first: the leads and what they were worth. */
export const LostLeadsCard: FC<{ lost: LostLeads; businessId: string }> = ({ lost, businessId }) => {
  const reasons = LOST_BUCKETS.filter((b) => lost.byReason[b].count > 0).sort((a, b) => lost.byReason[b].valueCents - lost.byReason[a].valueCents);
  return (
    <figure class="card" id="lost-leads">
      <figcaption>
        <strong>Lost leads and why</strong>{" "}
        <span class="hint">
          Leads these days opened that are lost now: {countOf(lost.count, "lead")}, worth {formatCents(lost.valueCents)} at their estimates (never added to the
          pipeline or to what was won).
        </span>
      </figcaption>
      {reasons.length === 0 ? (
        <p class="hint">No lead these days opened is lost.</p>
      ) : (
        <DataTable
          phone="table"
          columns={[{ label: "Why", rowHeader: true }, { label: "Leads", num: true }, { label: "Worth", num: true }]}
          rows={reasons.map((b) => [reasonWords(b), lost.byReason[b].count, formatCents(lost.byReason[b].valueCents)])}
        />
      )}
      <p>
        <a href={`${businessPath(businessId, "/leads")}?status=lost`}>The lost leads</a>
      </p>
    </figure>
  );
};
