/**
 * The words the owner is told about their shortcuts, in their trade's terms (DESIGN.md §6.6): a
 * dental practice wins a patient when treatment is accepted, a law firm when the case is signed, a
 * contractor when the job is won. The kind is the preset the business started from (settings
 * `kind`); a business from before it was kept is known by the questions a preset gave it; any other
 * business is told in neutral words. The shortcuts themselves are the same for every kind. Pure.
 */
import type { Question } from "../lead-settings";
import { PRESET_IDS, PRESETS, type PresetId } from "../presets";

/** When a lead is won, in the trade's words; a business of no particular kind gets the neutral ones. */
const WON_WHEN: Readonly<Record<PresetId, string>> = {
  home_services: "when the job is won",
  locksmith: "when the job is won",
  dental: "when treatment is accepted",
  legal: "when the case is signed",
  generic: "when won",
};
export const NEUTRAL_WON_WHEN = WON_WHEN.generic;

/**
 * The business's kind: the stored one, else the preset whose questions it asks (a business created
 * before the kind was kept), else null.
 *
 * @example businessKind({ kind: "dental", qualify: { questions: [] } }) // "dental"
 * @example businessKind({ qualify: { questions: [] } }) // null
 */
export function businessKind(settings: { kind?: PresetId | undefined; qualify: { questions: readonly Pick<Question, "key">[] } }): PresetId | null {
  if (settings.kind) return settings.kind;
  const asked = settings.qualify.questions.map((q) => q.key).join(",");
  if (asked === "") return null;
  return PRESET_IDS.find((id) => PRESETS[id].settings.qualify.questions.map((q) => q.key).join(",") === asked) ?? null;
}

/**
 * "when the job is won", "when treatment is accepted", "when the case is signed", or "when won".
 *
 * @example wonWhen("dental") // "when treatment is accepted"
 * @example wonWhen(null) // "when won"
 */
export function wonWhen(kind: PresetId | null): string {
  return kind ? WON_WHEN[kind] : NEUTRAL_WON_WHEN;
}

/**
 * The shortcuts as the owner's texts remind them: won with an amount, lost, and (`booked`) booked.
 *
 * @example shortcutReminder("legal", true) // "W 450 when the case is signed, L if lost, B if booked"
 */
export function shortcutReminder(kind: PresetId | null, booked: boolean): string {
  return `W 450 ${wonWhen(kind)}, L if lost${booked ? ", B if booked" : ""}`;
}
