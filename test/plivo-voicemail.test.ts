/** Voicemail on a Plivo number: the <Record> a missed caller is offered, and its transcription reaching the line. */
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { plivoV3Signature } from "../src/carriers/plivo-signature";
import { apiJson, eventually, ORIGIN, settle, uniquePhone } from "./support/app";
import { plivoDialStatus, plivoNumber, plivoWebhook } from "./support/carriers-plivo";
import { bodiesTo, plumberOnCall, type VoicemailSetup } from "./support/voicemail";

afterEach(() => vi.restoreAllMocks());

const TRANSCRIPTION = "/webhooks/plivo/voicemail-transcription";
const transcriptionPath = (s: VoicemailSetup, caller = s.caller) => `${TRANSCRIPTION}?${new URLSearchParams({ number: s.line.e164, caller })}`;

/** What Plivo posts to the transcription URL (docs.plivo.com, Record XML), to the URL our XML named. */
function transcription(s: VoicemailSetup, text: string, opts: { callId?: string; error?: string; path?: string; signWith?: string } = {}) {
  const form = {
    transcription_charge: "0.05",
    transcription: text,
    duration: "12",
    call_uuid: opts.callId ?? crypto.randomUUID(),
    transcription_rate: "0.05",
    recording_id: crypto.randomUUID(),
    error: opts.error ?? "",
  };
  return plivoWebhook(opts.path ?? transcriptionPath(s), form, opts.signWith ?? s.line.secret);
}

const voice = (s: VoicemailSetup, id = crypto.randomUUID()) =>
  plivoWebhook("/webhooks/plivo/voice", { CallUUID: id, From: plivoNumber(s.caller), To: plivoNumber(s.line.e164), CallStatus: "ringing", Direction: "inbound" }, s.line.secret);

describe("the XML a missed Plivo caller gets", () => {
  it("with voicemail on: the greeting, then <Record> whose transcription URL names the number and the caller", async () => {
    const s = await plumberOnCall("plivo", { forward: false });
    const xml = await (await voice(s)).text();
    expect(xml).toContain("<Speak>Sorry, nobody at Drip Plumbing can take your call right now. We&apos;ll text you in a moment. You can also leave a message after the tone.</Speak>");
    const query = new URLSearchParams({ number: s.line.e164, caller: s.caller }).toString().replace(/&/g, "&amp;");
    expect(xml).toContain(
      `<Record action="${ORIGIN}/webhooks/plivo/voicemail" method="POST" maxLength="120" playBeep="true" finishOnKey="#" transcriptionType="auto" transcriptionUrl="${ORIGIN}${TRANSCRIPTION}?${query}" transcriptionMethod="POST"/>`,
    );
    expect(xml).not.toContain("<Hangup");
  });

  it("with voicemail on, after the forwarded leg went unanswered: <Record>; answered: <Hangup/>", async () => {
    const s = await plumberOnCall("plivo");
    const missed = await (await plivoDialStatus(s.line.e164, s.caller, "no-answer", crypto.randomUUID(), s.line.secret)).text();
    expect(missed).toContain("<Record ");
    expect(missed).toContain('transcriptionType="auto"');
    const answered = await (await plivoDialStatus(s.line.e164, uniquePhone(), "answered", crypto.randomUUID(), s.line.secret)).text();
    expect(answered).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
  });

  it("with voicemail off: the greeting without the offer, then <Hangup/>, and no <Record> after a missed forward", async () => {
    const s = await plumberOnCall("plivo", { forward: false, voicemail: false });
    const xml = await (await voice(s)).text();
    expect(xml).toContain("We&apos;ll text you in a moment.</Speak><Hangup/>");
    expect(xml).not.toContain("<Record");
    const f = await plumberOnCall("plivo", { voicemail: false, carrier: s.carrier });
    const missed = await (await plivoDialStatus(f.line.e164, f.caller, "busy", crypto.randomUUID(), f.line.secret)).text();
    expect(missed).not.toContain("<Record");
  });

  it("the <Record action> ends the call", async () => {
    const s = await plumberOnCall("plivo");
    const params = { CallUUID: crypto.randomUUID(), From: plivoNumber(s.caller), To: plivoNumber(s.line.e164), RecordUrl: "https://media.plivo.com/r.mp3", RecordingDuration: "9", RecordingID: crypto.randomUUID() };
    const res = await plivoWebhook("/webhooks/plivo/voicemail", params, s.line.secret);
    expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect((await plivoWebhook("/webhooks/plivo/voicemail", params, `${s.line.secret}x`)).status).toBe(403);
  });
});

describe("a Plivo voicemail's transcription", () => {
  it("pages the person on call when it is an emergency, once however often Plivo posts it", async () => {
    const s = await plumberOnCall("plivo", { forward: false });
    const callId = crypto.randomUUID();
    await voice(s, callId);
    await eventually(async () => s.carrier.to(s.caller).length === 1);
    const text = "Hi, a pipe burst in our basement and it is flooding, please call back";
    expect((await transcription(s, text, { callId })).status).toBe(200);
    expect((await transcription(s, text, { callId })).status).toBe(200);
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    expect(bodiesTo(s, s.sam)[0]).toMatch(/^URGENT .*burst/);
    const { leads } = await apiJson("GET", `/businesses/${s.line.businessId}/leads`);
    expect(leads[0]).toMatchObject({ phone: s.caller, urgent: true });
    await settle(200);
    expect(s.carrier.to(s.sam)).toHaveLength(1);
  });

  it("otherwise reaches the owner as the caller's words", async () => {
    const s = await plumberOnCall("plivo");
    await transcription(s, "Stop by Tuesday to look at the water softener");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(bodiesTo(s, s.owner)[0]).toMatch(/voicemail from .*: Stop by Tuesday to look at the water softener$/);
    expect(s.carrier.to(s.sam)).toHaveLength(0);
  });

  it("does nothing when Plivo could not transcribe, heard no words, or the caller was withheld", async () => {
    const s = await plumberOnCall("plivo");
    expect((await transcription(s, "", { error: "Recording duration too long for transcription" })).status).toBe(200);
    expect((await transcription(s, "   ")).status).toBe(200);
    expect((await transcription(s, "burst pipe", { path: transcriptionPath(s, "") })).status).toBe(200);
    await settle(300);
    expect(s.carrier.texts).toHaveLength(0);
  });

  it("is refused unsigned, signed with another token, or with the URL's number swapped (403), and a body without call_uuid is 400", async () => {
    const s = await plumberOnCall("plivo");
    expect((await transcription(s, "burst pipe", { signWith: `${s.line.secret}x` })).status).toBe(403);
    const other = await plumberOnCall("plivo", { carrier: s.carrier });
    // Signed by this number's token for its own URL, replayed at another number's: the signature covers the query.
    const form = { call_uuid: crypto.randomUUID(), transcription: "burst pipe", error: "" };
    const url = `${ORIGIN}${transcriptionPath(s)}`;
    const sig = await plivoV3Signature(s.line.secret, "POST", url, "12345", form);
    const replayed = await exports.default.fetch(`${ORIGIN}${transcriptionPath(other)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-plivo-signature-v3": sig, "x-plivo-signature-v3-nonce": "12345" },
      body: new URLSearchParams(form).toString(),
    });
    expect(replayed.status).toBe(403);
    const bad = await plivoWebhook(transcriptionPath(s), { transcription: "burst pipe", error: "" }, s.line.secret);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("call_uuid");
    const noNumber = await plivoWebhook(`${TRANSCRIPTION}?caller=${encodeURIComponent(s.caller)}`, form, s.line.secret);
    expect(noNumber.status).toBe(400);
    expect(await noNumber.text()).toContain("number");
    await settle(200);
    expect(s.carrier.texts).toHaveLength(0);
  });
});
