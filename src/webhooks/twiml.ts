/** Minimal TwiML writer: the few verbs Textback answers with, attribute and text values escaped. */
import { escapeXml } from "../rules/xml-escape";

type Attrs = Record<string, string | number | boolean | undefined>;

function el(name: string, attrs: Attrs, inner?: string): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join("");
  return inner === undefined ? `<${name}${a}/>` : `<${name}${a}>${inner}</${name}>`;
}

export function twimlResponse(...verbs: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs.join("")}</Response>`;
}

export const twiml = {
  dial: (number: string, attrs: { action: string; timeout: number; callerId?: string }) =>
    el("Dial", { action: attrs.action, method: "POST", timeout: attrs.timeout, answerOnBridge: true, callerId: attrs.callerId }, el("Number", {}, escapeXml(number))),
  say: (text: string) => el("Say", {}, escapeXml(text)),
  record: (attrs: { action: string; maxLength: number; transcribeCallback?: string }) =>
    el("Record", {
      action: attrs.action,
      method: "POST",
      maxLength: attrs.maxLength,
      playBeep: true,
      trim: "trim-silence",
      ...(attrs.transcribeCallback ? { transcribe: true, transcribeCallback: attrs.transcribeCallback } : {}),
    }),
  hangup: () => el("Hangup", {}),
};

/**
 * Twilio's connection overrides for a URL we hand it (a fragment: never sent to us, not part of the
 * signed URL). By default Twilio tries a voice callback once more and only on a connection failure;
 * a caller on the line is better served by three tries on a connection failure or a read timeout.
 */
export const retried = (url: string) => `${url}#rc=3&rp=ct,rt`;
