/**
 * Why a lead was lost, in words: for the admin page's lists and cards, the owner's text when
 * automation closed a lead (DESIGN.md §6.2: a ZIP outside the service area is the one loss no
 * person decides), and the answer to a shortcut on a caller whose lead is already closed. Every
 * word comes from stored data: the lead's reason, its ZIP answer and the business's service area.
 * Pure: no I/O.
 */
import type { LeadStatus, LostReason } from "../vocabulary";
import { truncateToSegments } from "./encoding";
import { RELAY_MAX_SEGMENTS } from "./outbound-guard";

/** A lost reason as a sentence says it: "out of area", "no response". */
export const LOST_REASON_WORDS: Record<LostReason, string> = { out_of_area: "out of area", no_response: "no response", price: "price", other: "other", blocked: "blocked" };

/** "ZIP 75240 is not in your service area". */
export const outOfAreaWhy = (zip: string): string => `ZIP ${zip} is not in your service area`;

/**
 * The ZIP that put a lead outside the service area, when that is why it is lost: its ZIP answer,
 * not among the service area's ZIPs (`zips`; none: the business has no service area, so no ZIP
 * is outside it). Null for any other loss, or a ZIP the area holds (a person chose "out of area").
 *
 * @example zipOutsideArea({ lostReason: "out_of_area", fields: { zip: "76116" } }, ["75240"]) // "76116"
 */
export function zipOutsideArea(lead: { lostReason: LostReason | null; fields: Readonly<Record<string, string>> }, zips: readonly string[] | undefined): string | null {
  const zip = lead.fields.zip;
  if (lead.lostReason !== "out_of_area" || !zip || !zips || zips.includes(zip)) return null;
  return zip;
}

/** What the system read from the caller that closed their lead: the ZIP, and the address it came with. */
export interface OutOfArea {
  zip: string;
  address: string | null;
}

/**
 * The owner's text when automation closed a caller's lead because their ZIP is outside the service
 * area (`who`: the caller as texts to the business's phones name them): why, what was read, and how
 * to undo it (a reply reaches the caller; the lead's page reopens it). `read` null (privateTexts):
 * nothing the caller wrote, the link shows it. Cut to the relay's length, keeping how to undo it.
 *
 * @example outOfAreaNotice("(972) 230-9805", { zip: "76116", address: "6101 Camp Bowie Blvd" }, "https://tb.example/admin/businesses/b1/leads/l_1")
 * // "Textback: closed as out of area: (972) 230-9805. ZIP 76116 is not in your service area (address: 6101 Camp Bowie Blvd), so they got your out-of-area message. If that's wrong, reply to text them and reopen the lead: https://tb.example/admin/businesses/b1/leads/l_1"
 */
export function outOfAreaNotice(who: string, read: OutOfArea | null, link: string): string {
  const why = read ? `${outOfAreaWhy(read.zip)}${read.address ? ` (address: ${read.address})` : ""}` : "Their ZIP is not in your service area";
  return truncateToSegments(`Textback: closed as out of area: ${who}. ${why}`, RELAY_MAX_SEGMENTS, `, so they got your out-of-area message. If that's wrong, reply to text them and reopen the lead: ${link}`);
}

/** A caller's newest lead, closed: how, when (already in the business's words: "2:41 PM", "Dec 7, 2:41 PM") and where its page is. */
export interface ClosedLead {
  status: Extract<LeadStatus, "won" | "lost">;
  lostReason: LostReason | null;
  zip: string | null;
  when: string;
  link: string | null;
}

/**
 * The answer to a shortcut (`W`, `L`, `B`) on a caller whose lead is already closed: nothing
 * changed, how and when it closed, and where to reopen it, never "no open lead" alone.
 *
 * @example closedLeadAnswer("(214) 230-7788", { status: "lost", lostReason: "out_of_area", zip: "76116", when: "2:41 PM", link: null })
 * // "Textback: Nothing changed: (214) 230-7788's lead was closed as out of area (ZIP 76116) at 2:41 PM. To reopen it, open the lead on the admin page."
 */
export function closedLeadAnswer(caller: string, closed: ClosedLead): string {
  const zip = closed.zip ? ` (ZIP ${closed.zip})` : "";
  const reason = closed.lostReason === "out_of_area" ? `out of area${zip}` : closed.lostReason ? `lost (${LOST_REASON_WORDS[closed.lostReason]})` : "lost";
  const how = closed.status === "won" ? "won" : reason;
  const reopen = closed.link ? `To reopen it: ${closed.link}` : "To reopen it, open the lead on the admin page.";
  return `Textback: Nothing changed: ${caller}'s lead was closed as ${how} at ${closed.when}. ${reopen}`;
}
