/**
 * A forwarded call a machine picked up (the carrier's answering-machine detection: the business's own
 * voicemail) is a `voicemail` call, yet nobody knows whether the caller left a message: the text-back
 * does not thank them for one, through each carrier that reports it and with each preset's words.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { PRESET_IDS } from "../src/presets";
import { apiJson, createTwilioLine, dialStatus, eventually, twilioWebhook, uniquePhone } from "./support/app";
import { createLine, mockCarriers, mockTwilio, placeCall, type CarrierKind } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

const THANKED = /thanks for your (?:message|voicemail)/i;

describe.each(["bandwidth", "twilio", "telnyx"] as CarrierKind[])("a %s call a machine answered", (carrier) => {
  it("is texted that a message, if one was left, will be answered: never thanked for one", async () => {
    const mock = mockCarriers();
    const line = await createLine(carrier);
    const caller = uniquePhone();
    await placeCall(line, caller, "voicemail");
    await eventually(async () => mock.to(caller).length === 1);
    expect((await apiJson("GET", `/businesses/${line.businessId}/calls`)).calls[0]).toMatchObject({ outcome: "voicemail" });
    const body = mock.to(caller)[0]!.body;
    expect(body).toMatch(/^Acme Plumbing: sorry we missed you! Reply, or we'll call\.(?:\nBook online: \S+)?\nReply STOP to opt out\.$/);
    expect(body).not.toMatch(THANKED);
  });
});

describe.each(PRESET_IDS)("a %s business's voicemail text-back", (preset) => {
  it("asks its first question without thanking the caller for a message nobody knows they left", async () => {
    const mock = mockTwilio();
    const line = await createTwilioLine({ preset, name: "Bright Office" });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "completed", { DialCallDuration: "35", AnsweredBy: "machine_end_beep" }), line.authToken);
    await eventually(async () => mock.to(caller).length === 1);
    const body = mock.to(caller)[0]!.form.get("Body") ?? "";
    expect(body).toMatch(/^Bright Office: sorry we missed you! If you left a message, we'll get to it\. /);
    expect(body).not.toMatch(THANKED);
  });
});
