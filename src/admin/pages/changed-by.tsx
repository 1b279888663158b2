/** "Last changed by Ana Lopez, Mar 3, 2:05 PM": from the audit log, in the business's time zone. */
import type { FC } from "hono/jsx";
import type { LastChange } from "../change-history";
import { formatTime } from "./format";

export const ChangedBy: FC<{ change: LastChange | undefined; tz: string }> = ({ change, tz }) =>
  change ? (
    <p class="hint changed-by">
      Last changed by {change.by}, {formatTime(change.at, tz)}.
    </p>
  ) : null;

/** The same, short, for a table cell. */
export const changedByShort = (change: LastChange | undefined, tz: string): string => (change ? `${change.by}, ${formatTime(change.at, tz)}` : "—");
