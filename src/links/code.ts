import { LINK_CODE_ALPHABET, LINK_CODE_LENGTH } from "../rules/booking-link";

/** The largest multiple of 62 below 256: bytes at or above it are drawn again, so every character is equally likely. */
const UNBIASED_BELOW = 256 - (256 % LINK_CODE_ALPHABET.length);

/**
 * A fresh link code: LINK_CODE_LENGTH base62 characters from the platform's CSPRNG, without the
 * modulo bias of `byte % 62`.
 *
 * @example newLinkCode() // "q3ZrT0bXk9Aa"
 */
export function newLinkCode(): string {
  let code = "";
  while (code.length < LINK_CODE_LENGTH) {
    for (const b of crypto.getRandomValues(new Uint8Array(LINK_CODE_LENGTH * 2))) {
      if (b < UNBIASED_BELOW && code.length < LINK_CODE_LENGTH) code += LINK_CODE_ALPHABET[b % LINK_CODE_ALPHABET.length];
    }
  }
  return code;
}
