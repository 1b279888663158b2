// @ts-check
/** How a carrier counts a text: GSM 03.38 septets or UCS-2 code units, and the segments they make. */

// The basic set costs 1 septet, the extension set 2; anything else forces UCS-2.
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const GSM_EXTENDED = new Set("^{}\\[~]|€\f");

/**
 * Segments a carrier bills for a body: 160/153 septets in GSM-7, 70/67 UTF-16 units in UCS-2.
 *
 * @param {string} body
 * @returns {number}
 */
export function segmentCount(body) {
  let septets = 0;
  for (const ch of body) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

/**
 * GSM-7 when every character fits, UCS-2 otherwise (Telnyx reports it on each message).
 *
 * @param {string} text
 * @returns {"GSM-7" | "UCS-2"}
 */
export function textEncoding(text) {
  for (const ch of text) if (!GSM_BASIC.has(ch) && !GSM_EXTENDED.has(ch)) return "UCS-2";
  return "GSM-7";
}
