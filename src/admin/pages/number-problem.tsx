/** A number whose credentials the carrier refuses (or no longer takes), as the numbers page and the dashboard say it. */
import type { FC } from "hono/jsx";
import { BANDWIDTH_API_USER_RETIRED } from "../../carriers/bandwidth";
import { carrierErrorWords } from "../../rules/carrier-errors";
import type { NumberAuthProblem } from "../number-problems";
import { formatPhone, formatTime } from "./format";

export const NumberAuthWarning: FC<{ problem: NumberAuthProblem; e164: string; tz: string; fixHref?: string }> = ({ problem, e164, tz, fixHref }) => (
  <p class="error number-problem" data-number-problem={problem.numberId}>
    <strong>Texts from {formatPhone(e164)} are not going out:</strong> {carrierErrorWords(problem.code)} ({problem.code}), most recently{" "}
    {formatTime(problem.at, tz)}.{" "}
    {fixHref ? (
      <>
        Replace them on the <a href={fixHref}>Numbers page</a>, then send a test text.
      </>
    ) : (
      "Replace them below (Replace credentials), then send a test text."
    )}
  </p>
);

/** A Bandwidth number saved with an API user, on its card: nothing can be sent with it. */
export const BandwidthApiUserWarning: FC<{ numberId: string; e164: string }> = ({ numberId, e164 }) => (
  <p class="error number-problem" data-number-problem={numberId}>
    <strong>Texts from {formatPhone(e164)} cannot go out:</strong> {BANDWIDTH_API_USER_RETIRED}. Enter them below (Replace credentials), then send a
    test text.
  </p>
);
