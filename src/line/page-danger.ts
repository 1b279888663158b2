/**
 * The pages held for escalation of a caller's emergency, rewritten to carry a danger the caller
 * named since, and the address they gave since (DESIGN.md §6.3): whoever is paged next reads them
 * beside the caller's first words. A
 * page's words are its D1 row's, read here and written in the batch that records the danger; a
 * page already sent keeps its words (its holder got the danger's own alert).
 */
import { countSegments } from "../rules/encoding";
import { pageWithAddress, pageWithDanger } from "../rules/triage";
import type { InboundPlan } from "./inbound-plan";

const HELD_PAGES = `SELECT id, body FROM messages WHERE id IN (SELECT value FROM json_each(?1)) AND status IN ('scheduled', 'queued')`;
const REWRITE = `UPDATE messages SET body = ?2, encoding = ?3, segments = ?4, updated_at = ?5 WHERE id = ?1 AND status IN ('scheduled', 'queued')`;

/** The statements that make each held page (`ids`, the line's) carry the plan's danger (pageDangerWords) and address; none for a page that already does. */
export async function heldPageStatements(d1: D1Database, ids: readonly string[], plan: Pick<InboundPlan, "pageDanger" | "pageAddress">, now: number): Promise<D1PreparedStatement[]> {
  const { pageDanger: danger, pageAddress: address } = plan;
  if (ids.length === 0 || (!danger && !address)) return [];
  const { results } = await d1.prepare(HELD_PAGES).bind(JSON.stringify(ids)).all<{ id: string; body: string }>();
  return results.flatMap((page) => {
    const withDanger = danger ? pageWithDanger(page.body, danger) : page.body;
    const body = address ? pageWithAddress(withDanger, address) : withDanger;
    if (body === page.body) return [];
    const { encoding, segments } = countSegments(body);
    return [d1.prepare(REWRITE).bind(page.id, body, encoding, segments, now)];
  });
}
