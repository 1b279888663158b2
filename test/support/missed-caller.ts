/** A business whose owner has a phone, and a caller it missed who got the text-back: where most lead tests start. */
import { createTwilioLine, dialStatus, eventually, twilioWebhook, uniquePhone, type TwilioLine } from "./app";
import { mockTwilio } from "./carriers";

export interface MissedCaller {
  line: TwilioLine;
  owner: string;
  caller: string;
  carrier: ReturnType<typeof mockTwilio>;
}

export async function missedCaller(opts: Omit<NonNullable<Parameters<typeof createTwilioLine>[0]>, "notifyPhone"> = {}): Promise<MissedCaller> {
  const carrier = mockTwilio();
  const owner = uniquePhone("312");
  const line = await createTwilioLine({ ...opts, notifyPhone: owner });
  const caller = uniquePhone();
  await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
  await eventually(async () => carrier.to(caller).length === 1);
  return { line, owner, caller, carrier };
}
