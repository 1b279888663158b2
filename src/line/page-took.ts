/**
 * A page taken on the admin page, told to the people paged before about the caller's emergency
 * (DESIGN.md §6.3): "Textback: Carla took the page for (612) 234-7003. Nothing to do.", once each,
 * never to a phone that texted STOP, nothing in test mode. An OK by text plans the same texts with
 * itself (plan-staff.ts).
 */
import { messages } from "../db/schema";
import { insertRow } from "../db/statements";
import { newText, type NewText } from "../outbox/new-text";
import { tookPageText, tookPageTo } from "../rules/page-taken";

/** Who took it on the admin page, and the line's business and number, as the admin tells the line. */
export interface TookOnAdmin {
  /** As the page's taker is named ("Carla", "the owner"). */
  by: string;
  /** Their phone when they are on call (rules/page-taker.ts): the caller's texts reach it from now on; null for anyone else. */
  phone: string | null;
  businessId: string;
  numberId: string;
  e164: string;
  timezone: string;
  publicBaseUrl: string;
  /** Test mode: nothing is sent. */
  shadow: boolean;
}

/** The texts to everyone `paged` about `caller` but the taker (tookPageTo), each a row of its own. */
export function tookTexts(caller: string, paged: readonly string[], took: TookOnAdmin, paused: readonly string[], now: number): NewText[] {
  if (took.shadow) return [];
  return tookPageTo(paged, took.phone, paused).map((to) =>
    newText({
      id: `m_${took.numberId}_took_${caller}_${to}_${now}`,
      businessId: took.businessId,
      numberId: took.numberId,
      kind: "command_reply",
      from: took.e164,
      to,
      body: tookPageText(caller, took.by),
      now,
      publicBaseUrl: took.publicBaseUrl,
    }),
  );
}

/** The texts written to D1, to be queued. */
export async function writeTookTexts(d1: D1Database, texts: readonly NewText[]): Promise<void> {
  if (texts.length > 0) await d1.batch(texts.map((t) => insertRow(d1, messages, t.row, "ON CONFLICT DO NOTHING")));
}
