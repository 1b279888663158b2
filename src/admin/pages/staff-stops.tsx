/** The business's own phones that texted STOP (rules/staff-consent.ts), as the settings page says it. */
import type { FC } from "hono/jsx";
import { consentOfPhones } from "../../db/consent";
import type { BusinessRow } from "../../db/schema";
import { staffMembers, staffStopNotice } from "../../rules/staff-consent";
import { parseSettings } from "../../settings";

/** One sentence per opted-out phone of the owner and the on-call people: none texts them until START. */
export async function staffStops(d1: D1Database, business: BusinessRow): Promise<string[]> {
  const people = staffMembers(business.notifyPhone, parseSettings(business.settings));
  const consent = await consentOfPhones(d1, business.id, people.map((p) => p.phone));
  return people.flatMap((p) => {
    const c = consent[p.phone];
    return c?.optedOut ? [staffStopNotice(p, c, business.timezone)] : [];
  });
}

export const StaffStops: FC<{ notices: string[] }> = ({ notices }) =>
  notices.length === 0 ? null : (
    <ul class="warnings" id="staff-stops">
      {notices.map((n) => (
        <li>{n}</li>
      ))}
    </ul>
  );
