/** Voicemail on a Bandwidth number: the <Record> a missed caller is offered, and its transcription reaching the line. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, ORIGIN, settle } from "./support/app";
import { bandwidthAuth, placeCall } from "./support/carriers";
import { bandwidthCallback } from "./support/carriers-bandwidth";
import { bodiesTo, plumberOnCall, type VoicemailSetup } from "./support/voicemail";

afterEach(() => vi.restoreAllMocks());

const at = () => new Date().toISOString();

function initiate(s: VoicemailSetup, callId: string) {
  return bandwidthCallback("/webhooks/bandwidth/voice", { eventType: "initiate", callId, from: s.caller, to: s.line.e164, direction: "inbound", eventTime: at() }, bandwidthAuth(s.line));
}

/** `transcriptionAvailable` for the caller's recording, as Bandwidth posts it (bandwidth.yml transcriptionAvailableCallback). */
function transcriptionAvailable(s: VoicemailSetup, callId: string, recordingId: string, opts: { status?: string; auth?: ReturnType<typeof bandwidthAuth> | null; omit?: string } = {}) {
  const body: Record<string, unknown> = {
    eventType: "transcriptionAvailable",
    eventTime: at(),
    accountId: "9900000",
    applicationId: crypto.randomUUID(),
    from: s.caller,
    to: s.line.e164,
    direction: "inbound",
    callId,
    callUrl: `https://voice.bandwidth.com/api/v2/accounts/9900000/calls/${callId}`,
    recordingId,
    mediaUrl: `https://voice.bandwidth.com/api/v2/accounts/9900000/calls/${callId}/recordings/${recordingId}/media`,
    startTime: at(),
    endTime: at(),
    duration: "PT12S",
    fileFormat: "wav",
    transcription: { id: `t-${crypto.randomUUID()}`, status: opts.status ?? "available", completedTime: at(), url: `https://voice.bandwidth.com/api/v2/accounts/9900000/calls/${callId}/recordings/${recordingId}/transcription` },
  };
  if (opts.omit) delete body[opts.omit];
  return bandwidthCallback("/webhooks/bandwidth/voicemail-transcription", body, opts.auth === undefined ? bandwidthAuth(s.line) : opts.auth);
}

/** A caller left `words`: Bandwidth has them under a new recording id. */
function recorded(s: VoicemailSetup, words: string): { callId: string; recordingId: string } {
  const recordingId = `r-${crypto.randomUUID()}`;
  s.carrier.voicemail.transcripts.set(recordingId, words);
  return { callId: `c-${crypto.randomUUID()}`, recordingId };
}

describe("the BXML a missed Bandwidth caller gets", () => {
  it("with voicemail on: the greeting, then a transcribed <Record> whose callbacks carry the callback credentials", async () => {
    const s = await plumberOnCall("bandwidth", { forward: false });
    const xml = await (await initiate(s, `c-${crypto.randomUUID()}`)).text();
    expect(xml).toContain("You can also leave a message now.</SpeakSentence><Record ");
    expect(xml).toContain(`recordCompleteUrl="${ORIGIN}/webhooks/bandwidth/voicemail" recordCompleteMethod="POST" recordingAvailableUrl="${ORIGIN}/webhooks/bandwidth/voicemail"`);
    expect(xml).toContain(`transcribe="true" transcriptionAvailableUrl="${ORIGIN}/webhooks/bandwidth/voicemail-transcription" transcriptionAvailableMethod="POST"`);
    expect(xml).toContain(`username="${s.line.callbackUsername}" password="${s.line.secret}"`);
  });

  it("with voicemail on, after the transfer went unanswered: <Record>; with voicemail off: <Hangup/>", async () => {
    const on = await plumberOnCall("bandwidth");
    const [, complete] = await placeCall(on.line, on.caller, "no-answer");
    expect(await complete!.text()).toContain('transcribe="true"');
    const off = await plumberOnCall("bandwidth", { voicemail: false, carrier: on.carrier });
    const [, completeOff] = await placeCall(off.line, off.caller, "no-answer");
    expect(await completeOff!.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
  });

  it("with voicemail off and nobody to forward to: the greeting without the offer, then <Hangup/>", async () => {
    const s = await plumberOnCall("bandwidth", { forward: false, voicemail: false });
    const xml = await (await initiate(s, `c-${crypto.randomUUID()}`)).text();
    expect(xml).toContain("We&apos;ll text you in a moment.</SpeakSentence><Hangup/>");
    expect(xml).not.toContain("<Record");
  });

  it("recordComplete ends the call; recordingAvailable is acknowledged", async () => {
    const s = await plumberOnCall("bandwidth");
    const base = { callId: `c-${crypto.randomUUID()}`, from: s.caller, to: s.line.e164, recordingId: `r-${crypto.randomUUID()}`, eventTime: at() };
    const complete = await bandwidthCallback("/webhooks/bandwidth/voicemail", { ...base, eventType: "recordComplete" }, bandwidthAuth(s.line));
    expect(await complete.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    const available = await bandwidthCallback("/webhooks/bandwidth/voicemail", { ...base, eventType: "recordingAvailable", status: "complete" }, bandwidthAuth(s.line));
    expect(await available.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  });
});

describe("a Bandwidth voicemail's transcription", () => {
  it("is read from the Voice API with the number's API credentials, and pages the person on call once however often it is posted", async () => {
    const s = await plumberOnCall("bandwidth", { forward: false });
    const { callId, recordingId } = recorded(s, "Our basement is flooding from a burst pipe, please come");
    await initiate(s, callId);
    await eventually(async () => s.carrier.to(s.caller).length === 1);
    expect((await transcriptionAvailable(s, callId, recordingId)).status).toBe(200);
    expect((await transcriptionAvailable(s, callId, recordingId)).status).toBe(200);
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    expect(bodiesTo(s, s.sam)[0]).toMatch(/^URGENT .*flooding/);
    expect(s.carrier.voicemail.reads[0]).toEqual({
      url: expect.stringMatching(new RegExp(`^https://voice\\.bandwidth\\.com/api/v2/accounts/\\d+/calls/${callId}/recordings/${recordingId}/transcription$`)),
      authorization: s.line.restAuthorization,
    });
    const { leads } = await apiJson("GET", `/businesses/${s.line.businessId}/leads`);
    expect(leads[0]).toMatchObject({ phone: s.caller, urgent: true });
    await settle(200);
    expect(s.carrier.to(s.sam)).toHaveLength(1);
  });

  it("otherwise reaches the owner as the caller's words", async () => {
    const s = await plumberOnCall("bandwidth");
    const { callId, recordingId } = recorded(s, "Could you quote a new water heater next week");
    expect((await transcriptionAvailable(s, callId, recordingId)).status).toBe(200);
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(bodiesTo(s, s.owner)[0]).toMatch(/voicemail from .*: Could you quote a new water heater next week$/);
  });

  it("does nothing when Bandwidth could not transcribe or heard no words; answers 200 at once and reads a transcription it made", async () => {
    const s = await plumberOnCall("bandwidth");
    const failed = recorded(s, "burst pipe");
    expect((await transcriptionAvailable(s, failed.callId, failed.recordingId, { status: "error" })).status).toBe(200);
    const silent = recorded(s, "  ");
    expect((await transcriptionAvailable(s, silent.callId, silent.recordingId)).status).toBe(200);
    const unknown = await transcriptionAvailable(s, `c-${crypto.randomUUID()}`, `r-${crypto.randomUUID()}`);
    expect(unknown.status).toBe(200);
    await eventually(async () => s.carrier.voicemail.reads.length === 2);
    await settle(300);
    expect(s.carrier.texts).toHaveLength(0);
    expect(s.carrier.voicemail.reads).toHaveLength(2);
  });

  it("is refused without or with the wrong callback credentials (403), and a body without recordingId is 400", async () => {
    const s = await plumberOnCall("bandwidth");
    const { callId, recordingId } = recorded(s, "burst pipe");
    expect((await transcriptionAvailable(s, callId, recordingId, { auth: null })).status).toBe(403);
    expect((await transcriptionAvailable(s, callId, recordingId, { auth: { ...bandwidthAuth(s.line), callbackPassword: `${s.line.secret}x` } })).status).toBe(403);
    const bad = await transcriptionAvailable(s, callId, recordingId, { omit: "recordingId" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("recordingId");
    await settle(200);
    expect(s.carrier.voicemail.reads).toHaveLength(0);
    expect(s.carrier.texts).toHaveLength(0);
  });
});
