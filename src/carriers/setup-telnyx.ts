/**
 * A Telnyx number's webhook settings: its Call Control application's and its messaging profile's
 * webhook URLs. Both are shared by every number on that application or profile.
 */
import type { SetupName, SetupValues } from "../rules/number-setup";
import { setupFetch, SetupError } from "./setup-error";

export interface TelnyxSetupAccess {
  apiBase: string;
  apiKey: string;
  e164: string;
}

interface TelnyxNumber {
  id: string;
  connection_id: string | null;
  messaging_profile_id: string | null;
}

const CARRIER = "Telnyx";

function request(a: TelnyxSetupAccess, path: string, init: RequestInit = {}) {
  const headers = { authorization: `Bearer ${a.apiKey}`, "content-type": "application/json" };
  return setupFetch(CARRIER, `${a.apiBase.replace(/\/$/, "")}${path}`, { ...init, headers });
}

async function telnyxNumber(a: TelnyxSetupAccess): Promise<TelnyxNumber> {
  const body = (await (await request(a, `/v2/phone_numbers?filter[phone_number]=${encodeURIComponent(a.e164)}`)).json()) as { data?: TelnyxNumber[] };
  const found = body.data?.[0];
  if (!found) throw new SetupError(404, `Telnyx has no number ${a.e164} in this account: check the number and the API key.`);
  return found;
}

export async function readTelnyxSetup(a: TelnyxSetupAccess): Promise<SetupValues> {
  const n = await telnyxNumber(a);
  const app = n.connection_id ? await request(a, `/v2/call_control_applications/${encodeURIComponent(n.connection_id)}`) : null;
  const profile = n.messaging_profile_id ? await request(a, `/v2/messaging_profiles/${encodeURIComponent(n.messaging_profile_id)}`) : null;
  return {
    callControlWebhook: app ? ((await app.json()) as { data: { webhook_event_url: string | null } }).data.webhook_event_url : null,
    messagingProfileWebhook: profile ? ((await profile.json()) as { data: { webhook_url: string | null } }).data.webhook_url : null,
  };
}

/**
 * Write the given settings. A number with no Call Control application or messaging profile has
 * nowhere to write: that needs Mission Control, and the error says so.
 */
export async function writeTelnyxSetup(a: TelnyxSetupAccess, values: Partial<Record<SetupName, string | null>>): Promise<void> {
  const n = await telnyxNumber(a);
  if ("callControlWebhook" in values) {
    if (!n.connection_id) throw new SetupError(409, "This Telnyx number has no Call Control application: assign it one in Mission Control, then try again.");
    await request(a, `/v2/call_control_applications/${encodeURIComponent(n.connection_id)}`, {
      method: "PATCH",
      body: JSON.stringify({ webhook_event_url: values.callControlWebhook }),
    });
  }
  if ("messagingProfileWebhook" in values) {
    if (!n.messaging_profile_id) throw new SetupError(409, "This Telnyx number has no messaging profile: assign it one in Mission Control, then try again.");
    await request(a, `/v2/messaging_profiles/${encodeURIComponent(n.messaging_profile_id)}`, {
      method: "PATCH",
      body: JSON.stringify({ webhook_url: values.messagingProfileWebhook }),
    });
  }
}

/** A test call from the number to the business's own phone, on the number's Call Control application. */
export async function placeTelnyxTestCall(a: TelnyxSetupAccess, to: string): Promise<void> {
  const n = await telnyxNumber(a);
  if (!n.connection_id) throw new SetupError(409, "This Telnyx number has no Call Control application: assign it one in Mission Control, then try again.");
  await request(a, "/v2/calls", { method: "POST", body: JSON.stringify({ connection_id: n.connection_id, to, from: a.e164, timeout_secs: 30 }) });
}
