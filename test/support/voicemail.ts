/** A business with an owner's phone and one person on call, on a number of any carrier: where voicemail tests start. */
import { apiJson, uniquePhone } from "./app";
import { addLine, mockCarriers, type CarrierKind, type Line } from "./carriers";

export interface VoicemailSetup {
  line: Line;
  owner: string;
  sam: string;
  caller: string;
  carrier: ReturnType<typeof mockCarriers>;
}

/** `forward: false` gives the business no phone to forward to (every call is missed at once). */
export async function plumberOnCall(
  kind: CarrierKind,
  opts: { voicemail?: boolean; forward?: boolean; carrier?: ReturnType<typeof mockCarriers> } = {},
): Promise<VoicemailSetup> {
  // One fetch mock per test: a second would take over the first's recording.
  const carrier = opts.carrier ?? mockCarriers();
  const [owner, sam, forwardTo] = [uniquePhone("312"), uniquePhone("737"), uniquePhone("312")];
  // A key given with the preset replaces the preset's whole value, so the preset's words are repeated.
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const biz = await apiJson("POST", "/businesses", {
    name: "Drip Plumbing",
    timezone: "America/Chicago",
    preset: "home_services",
    notifyPhone: owner,
    forwardTo: opts.forward === false ? null : forwardTo,
    settings: { voicemail: opts.voicemail ?? true, urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }] } },
  });
  const line = await addLine(kind, biz.id, forwardTo);
  return { line, owner, sam, caller: uniquePhone(), carrier };
}

/** The words of the texts sent to `to`. */
export const bodiesTo = (s: VoicemailSetup, to: string) => s.carrier.to(to).map((t) => t.body);
