/** A number whose credentials the carrier refuses, as the numbers page and the dashboard say it. */
import type { FC } from "hono/jsx";
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
