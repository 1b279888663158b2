/**
 * A caller correcting the address they gave ("sorry, it's 412 Elm St not 214", "actually 12 Oak
 * Ave, typo"), for their lead's `address` answer (DESIGN.md §6.2): the lead takes the new one, its
 * timeline keeps the old. Only a reply that says it corrects: an address named in passing later
 * ("I'm at work, 500 Main St") is no correction of where the job is. Pure: no I/O.
 */
import { extractAddress, extractZip } from "./address";

/** Words that say the reply corrects something said before. */
const CORRECTING = /\b(?:sorry|actually|correction|i meant|meant to (?:say|type)|typo|wrong|my bad|oops|not\s+\d{1,6}\b|instead)/i;

const same = (a: string, b: string) => a.toLowerCase().replace(/[^a-z0-9]+/g, "") === b.toLowerCase().replace(/[^a-z0-9]+/g, "");

/**
 * The corrected address (and its ZIP, when it names one) that replaces `given`, or null: the reply
 * does not say it corrects, names no address, or names the same one.
 *
 * @example addressCorrection("sorry, it's 412 Elm St not 214", "214 Elm St") // { address: "412 Elm St" }
 * @example addressCorrection("I'm at 412 Elm St", "214 Elm St") // null
 */
export function addressCorrection(reply: string, given: string | undefined): { address: string; zip?: string } | null {
  if (!given || !CORRECTING.test(reply)) return null;
  const address = extractAddress(reply);
  if (address === null || same(address, given)) return null;
  const zip = extractZip(reply);
  return zip ? { address, zip } : { address };
}

/**
 * The address a reply gives when nobody is asking (a person took over, or nothing asks for it): the
 * lead's first when it has none yet ("4410 E Indian School Rd, Phoenix 85018" sent after the page was
 * taken), else only a correction of it, as above.
 *
 * @example addressInPassing("4410 E Indian School Rd, Phoenix 85018", undefined) // { address: "4410 E Indian School Rd, Phoenix 85018", zip: "85018" }
 * @example addressInPassing("I'm at 412 Elm St", "214 Elm St") // null
 */
export function addressInPassing(reply: string, given: string | undefined): { address: string; zip?: string } | null {
  if (given) return addressCorrection(reply, given);
  const address = extractAddress(reply);
  if (address === null) return null;
  const zip = extractZip(reply);
  return zip ? { address, zip } : { address };
}
