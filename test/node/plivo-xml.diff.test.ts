/**
 * The voicemail XML we answer Plivo with, against plivo-node's own XML builder: it refuses an
 * attribute its element does not have, so our `<Record>` built again through it must come out the same.
 */
import plivo from "plivo";
import { describe, expect, it } from "vitest";
import { plivoElements } from "../../src/carriers/plivo-calls";

/** plivo-node's Response builder (typed there as a plain function). */
const PlivoResponse = plivo.Response as unknown as new () => { addRecord(attributes: Record<string, string>): unknown; toXML(): string };

const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[e]!);

function attributes(xml: string): Record<string, string> {
  return Object.fromEntries([...xml.matchAll(/ ([A-Za-z]+)="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));
}

describe("our <Record> through plivo-node's XML builder", () => {
  it("has only attributes Plivo's <Record> takes, with the same values", () => {
    const ours = plivoElements.record({ action: "https://t.example/webhooks/plivo/voicemail", maxLength: 120, transcriptionUrl: "https://t.example/webhooks/plivo/voicemail-transcription?number=%2B15125550100&caller=%2B14155550100" });
    const attrs = attributes(ours);
    expect(Object.keys(attrs)).toEqual(["action", "method", "maxLength", "playBeep", "finishOnKey", "transcriptionType", "transcriptionUrl", "transcriptionMethod"]);
    const response = new PlivoResponse();
    response.addRecord(attrs);
    expect(attributes(response.toXML())).toEqual(attrs);
  });

  it("the builder is not blind: an attribute <Record> does not have is refused", () => {
    expect(() => new PlivoResponse().addRecord({ transcribe: "true" })).toThrow();
  });
});
