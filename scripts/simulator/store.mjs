// @ts-check
/** What the simulator remembers between requests, for tests and the inbox page to read. */
import { badRequest } from "./http.mjs";

/** @import { Fault, SimMessage, SimRequest, SimTransfer } from "./types.mjs" */

/**
 * @typedef {object} SimStore
 * @property {SimMessage[]} messages accepted texts, oldest first
 * @property {SimRequest[]} requests every send request (either carrier), accepted or not, for tests that count attempts
 * @property {SimTransfer[]} transfers Telnyx transfer commands in arrival order, repeats with the same command_id included
 * @property {() => void} reset
 * @property {(to: unknown, responses: unknown) => void} setFaults
 * @property {(to?: string) => void} clearFaults
 * @property {(to: string) => number} pendingFaults
 * @property {(to: string | undefined) => Fault | undefined} takeFault the next scripted answer for a destination, consumed
 */

/** @returns {SimStore} */
export function createStore() {
  /** @type {SimMessage[]} */
  const messages = [];
  /** @type {SimRequest[]} */
  const requests = [];
  /** @type {SimTransfer[]} */
  const transfers = [];
  /**
   * Scripted answers per destination number, consumed front first, whichever carrier sends.
   * @type {Map<string, Fault[]>}
   */
  const faults = new Map();

  return {
    messages,
    requests,
    transfers,
    reset() {
      messages.length = 0;
      requests.length = 0;
      transfers.length = 0;
      faults.clear();
    },
    setFaults(to, responses) {
      if (typeof to !== "string" || !to) throw badRequest("faults need `to`, the destination number");
      if (!Array.isArray(responses) || responses.some((r) => !Number.isInteger(r?.status) || r.status < 400 || r.status > 599)) {
        throw badRequest("`responses` must be a list of { status: 400..599, code?, message?, retryAfter? }");
      }
      faults.set(to, responses.map((r) => ({ ...r })));
    },
    clearFaults(to) {
      if (to) faults.delete(to);
      else faults.clear();
    },
    pendingFaults: (to) => faults.get(to)?.length ?? 0,
    takeFault: (to) => (to === undefined ? undefined : faults.get(to)?.shift()),
  };
}
