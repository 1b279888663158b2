/** The dashboard's word on the business's daily text cap (rules/daily-cap.ts), with the way to raise it for those who may. */
import type { FC } from "hono/jsx";
import { capNotice, type CapState } from "../../rules/daily-cap";
import { localeOf } from "../../rules/display";
import { businessPath } from "./layout";
import { mayHere } from "./nav";

export const DailyCapNotice: FC<{ businessId: string; state: CapState; tz: string; numberE164: string | null }> = ({ businessId, state, tz, numberE164 }) => {
  const notice = capNotice(state, tz, localeOf(numberE164 ?? "+1"));
  if (!notice) return null;
  const settings = businessPath(businessId, "/settings");
  return (
    <p class={notice.tone === "bad" ? "error daily-cap" : "notice-warn daily-cap"} data-daily-cap={notice.tone}>
      <strong>{notice.title}:</strong> {notice.words}{" "}
      {notice.tone === "bad" ? mayHere("GET", settings) ? <a href={`${settings}#f-dailyTextCap`}>Open Settings</a> : "Ask a manager or the owner to raise it." : null}
    </p>
  );
};
