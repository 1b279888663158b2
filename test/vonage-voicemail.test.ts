/** Voicemail on a Vonage number: the record action a missed caller is offered, and its transcription reaching the line. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, ORIGIN, settle } from "./support/app";
import { isVonageMediaUrl, transcriptText } from "../src/carriers/vonage-transcription";
import { vonageWebhook } from "./support/vonage";
import { bodiesTo, plumberOnCall, type VoicemailSetup } from "./support/voicemail";

afterEach(() => vi.restoreAllMocks());

const digits = (e164: string) => e164.slice(1);

interface Action {
  action: string;
  text?: string;
  eventUrl?: string[];
  eventType?: string;
  transcription?: { eventUrl: string[]; eventMethod: string; language: string };
  [k: string]: unknown;
}

async function answer(s: VoicemailSetup, uuid = crypto.randomUUID()): Promise<Action[]> {
  const res = await vonageWebhook("/webhooks/vonage/answer", { uuid, conversation_uuid: `CON-${uuid}`, from: digits(s.caller), to: digits(s.line.e164) }, s.line);
  expect(res.status).toBe(200);
  return res.json();
}

/** The record action's two event URLs, from the NCCO offered to a missed caller with no phone to forward to. */
async function voicemailUrls(s: VoicemailSetup, uuid?: string): Promise<{ recording: string; transcription: string }> {
  const record = (await answer(s, uuid)).find((a) => a.action === "record")!;
  return { recording: record.eventUrl![0]!, transcription: record.transcription!.eventUrl[0]! };
}

/** Vonage's transcription event for a recording whose words are `words` (stored at its media API). */
function transcribed(s: VoicemailSetup, url: string, words: string | null, opts: { status?: string; fileUrl?: string; signAs?: { secret: string } } = {}) {
  const file = crypto.randomUUID();
  if (words !== null) s.carrier.voicemail.transcripts.set(file, words);
  const body = { conversation_uuid: `CON-${crypto.randomUUID()}`, type: "transcription", recording_uuid: crypto.randomUUID(), status: opts.status ?? "transcribed", transcription_url: opts.fileUrl ?? `https://api.nexmo.com/v1/files/${file}` };
  return vonageWebhook(url, body, opts.signAs ?? s.line);
}

describe("the NCCO a missed Vonage caller gets", () => {
  it("with voicemail on and nobody to forward to: the greeting, then a transcribed recording whose event URLs name the call", async () => {
    const s = await plumberOnCall("vonage", { forward: false });
    const uuid = crypto.randomUUID();
    const ncco = await answer(s, uuid);
    expect(ncco.map((a) => a.action)).toEqual(["talk", "record"]);
    expect(ncco[0]!.text).toContain("You can also leave a message after the tone.");
    expect(ncco[1]).toMatchObject({ eventMethod: "POST", beepStart: true, endOnKey: "#", transcription: { eventMethod: "POST", language: "en-US" } });
    const url = new URL(ncco[1]!.transcription!.eventUrl[0]!);
    expect(`${url.origin}${url.pathname}`).toBe(`${ORIGIN}/webhooks/vonage/voicemail-transcription`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ call: uuid, caller: s.caller, number: s.line.e164, tag: expect.stringMatching(/^[\w-]{43}$/) });
    expect(ncco[1]!.eventUrl![0]).toMatch(new RegExp(`^${ORIGIN}/webhooks/vonage/voicemail\\?call=`));
  });

  it("with voicemail off: the greeting alone", async () => {
    const s = await plumberOnCall("vonage", { forward: false, voicemail: false });
    const ncco = await answer(s);
    expect(ncco.map((a) => a.action)).toEqual(["talk"]);
    expect(ncco[0]!.text).not.toContain("leave a message");
  });

  it("forwarding with voicemail on: a synchronous connect whose unanswered leg is answered with the voicemail; an answered one is not", async () => {
    const s = await plumberOnCall("vonage");
    const connect = (await answer(s))[0]!;
    expect(connect).toMatchObject({ action: "connect", eventType: "synchronous" });
    const leg = { uuid: `leg-${crypto.randomUUID()}`, from: digits(s.line.e164), to: digits(s.line.forwardTo), direction: "outbound" };
    const ringing = await vonageWebhook(connect.eventUrl![0]!, { ...leg, status: "ringing" }, s.line);
    expect(await ringing.json()).toEqual({ ok: true });
    const timeout = await vonageWebhook(connect.eventUrl![0]!, { ...leg, status: "timeout" }, s.line);
    expect(((await timeout.json()) as Action[]).map((a) => a.action)).toEqual(["talk", "record"]);
    const answeredCall = (await answer(s))[0]!;
    await vonageWebhook(answeredCall.eventUrl![0]!, { ...leg, status: "answered" }, s.line);
    const completed = await vonageWebhook(answeredCall.eventUrl![0]!, { ...leg, status: "completed", duration: "120" }, s.line);
    expect(await completed.json()).toEqual({ ok: true });
  });

  it("forwarding with voicemail off: an asynchronous connect, and an unanswered leg gets no NCCO", async () => {
    const s = await plumberOnCall("vonage", { voicemail: false });
    const connect = (await answer(s))[0]!;
    expect(connect.eventType).toBeUndefined();
    const leg = { uuid: `leg-${crypto.randomUUID()}`, from: digits(s.line.e164), to: digits(s.line.forwardTo), direction: "outbound", status: "busy" };
    expect(await (await vonageWebhook(connect.eventUrl![0]!, leg, s.line)).json()).toEqual({ ok: true });
  });

  it("the recording's own event is acknowledged", async () => {
    const s = await plumberOnCall("vonage", { forward: false });
    const { recording } = await voicemailUrls(s);
    const event = { start_time: new Date().toISOString(), recording_url: `https://api.nexmo.com/v1/files/${crypto.randomUUID()}`, size: 12222, recording_uuid: crypto.randomUUID(), end_time: new Date().toISOString(), conversation_uuid: `CON-${crypto.randomUUID()}`, timestamp: new Date().toISOString() };
    const res = await vonageWebhook(recording, event, s.line);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe("a Vonage voicemail's transcription", () => {
  it("is read with the application's JWT and pages the person on call, once however often Vonage posts it", async () => {
    const s = await plumberOnCall("vonage", { forward: false });
    const { transcription } = await voicemailUrls(s);
    await eventually(async () => s.carrier.to(s.caller).length === 1);
    const file = `https://api.nexmo.com/v1/files/${crypto.randomUUID()}`;
    s.carrier.voicemail.transcripts.set(file.split("/").pop()!, "Water everywhere, a burst pipe under the sink, please hurry");
    expect((await transcribed(s, transcription, null, { fileUrl: file })).status).toBe(200);
    expect((await transcribed(s, transcription, null, { fileUrl: file })).status).toBe(200);
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    expect(bodiesTo(s, s.sam)[0]).toMatch(/^URGENT .*burst pipe/);
    expect(s.carrier.voicemail.reads[0]).toEqual({ url: file, authorization: s.line.restAuthorization });
    const { leads } = await apiJson("GET", `/businesses/${s.line.businessId}/leads`);
    expect(leads[0]).toMatchObject({ phone: s.caller, urgent: true });
    await settle(200);
    expect(s.carrier.to(s.sam)).toHaveLength(1);
  });

  it("otherwise reaches the owner as the caller's words", async () => {
    const s = await plumberOnCall("vonage", { forward: false });
    const { transcription } = await voicemailUrls(s);
    expect((await transcribed(s, transcription, "Please call me about a quote for a new faucet")).status).toBe(200);
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(bodiesTo(s, s.owner)[0]).toMatch(/voicemail from .*: Please call me about a quote for a new faucet$/);
  });

  it("does nothing when Vonage could not transcribe or heard nothing; refuses a file that is not Vonage's (400) and reads nothing from it", async () => {
    const s = await plumberOnCall("vonage", { forward: false });
    const { transcription } = await voicemailUrls(s);
    await eventually(async () => s.carrier.to(s.caller).length === 1);
    expect((await transcribed(s, transcription, "burst pipe", { status: "failed" })).status).toBe(200);
    const foreign = await transcribed(s, transcription, null, { fileUrl: "https://attacker.example/v1/files/x" });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain("transcription_url is not a Vonage media URL");
    expect((await transcribed(s, transcription, "")).status).toBe(200);
    await eventually(async () => s.carrier.voicemail.reads.length === 1);
    await settle(300);
    expect(s.carrier.texts.filter((t) => t.to !== s.caller)).toHaveLength(0);
    expect(s.carrier.voicemail.reads.map((r) => new URL(r.url).hostname)).toEqual(["api.nexmo.com"]);
  });

  it("is refused signed with another secret or with the URL's caller swapped (403); a body without status is 400", async () => {
    const s = await plumberOnCall("vonage", { forward: false });
    const { transcription } = await voicemailUrls(s);
    expect((await transcribed(s, transcription, "burst pipe", { signAs: { secret: `${s.line.secret}x` } })).status).toBe(403);
    const swapped = new URL(transcription);
    swapped.searchParams.set("caller", "+14155550123");
    expect((await transcribed(s, swapped.toString(), "burst pipe")).status).toBe(403);
    const bad = await vonageWebhook(transcription, { type: "transcription", transcription_url: "https://api.nexmo.com/v1/files/x" }, s.line);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("status");
    await settle(200);
    expect(s.carrier.voicemail.reads).toHaveLength(0);
  });
});

describe("where a Vonage transcription may be read from", () => {
  it("only Vonage's own hosts over https (or the configured API origin) get the application's token", () => {
    const base = "https://api.nexmo.com";
    expect(isVonageMediaUrl("https://api.nexmo.com/v1/files/a", base)).toBe(true);
    expect(isVonageMediaUrl("https://api-us.vonage.com/v1/files/a", base)).toBe(true);
    expect(isVonageMediaUrl("http://api-eu.nexmo.com/v1/files/a", base)).toBe(false);
    expect(isVonageMediaUrl("https://nexmo.com.example/v1/files/a", base)).toBe(false);
    expect(isVonageMediaUrl("https://evilnexmo.com/v1/files/a", base)).toBe(false);
    expect(isVonageMediaUrl("https://user:pw@api.nexmo.com/v1/files/a", base)).toBe(false);
    expect(isVonageMediaUrl("http://127.0.0.1:8788/v1/files/a", "http://127.0.0.1:8788")).toBe(true);
    expect(isVonageMediaUrl("not a url", base)).toBe(false);
    expect(transcriptText({ channels: [{ transcript: [{ sentence: "Hello." }, { sentence: "Burst pipe." }] }, { transcript: [{ sentence: "greeting" }] }] })).toBe("Hello. Burst pipe.");
    expect(transcriptText({ channels: [] })).toBe("");
    expect(transcriptText(null)).toBe("");
  });
});
