// @ts-check
/** Who calls, and how a simulated call can end: the same for either carrier. */

/** @import { CallOutcome } from "./types.mjs" */

/** @type {readonly CallOutcome[]} */
export const CALL_OUTCOMES = Object.freeze(["no-answer", "busy", "failed", "canceled", "answered", "voicemail", "short"]);

/**
 * @param {unknown} outcome
 * @returns {outcome is CallOutcome}
 */
export function isCallOutcome(outcome) {
  return CALL_OUTCOMES.includes(/** @type {CallOutcome} */ (outcome));
}

export const OUTCOME_HINT = `outcome must be one of ${CALL_OUTCOMES.join(", ")}`;

/**
 * A random, valid-looking US caller: +1 415 NXX XXXX, NXX 200–899 but not N11 or 555.
 *
 * @param {string} [areaCode]
 * @returns {string}
 */
export function randomUsNumber(areaCode = "415") {
  let nxx;
  do nxx = 200 + Math.floor(Math.random() * 700);
  while (nxx % 100 === 11 || nxx === 555);
  return `+1${areaCode}${nxx}${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
}

