/**
 * Real-sounding replies to each preset's text-back, and what triage makes of them with the preset's
 * own words (DESIGN.md §6.3): whether the on-call is paged, and whether the caller is first told to
 * call 911. When in doubt a real emergency is paged: a false alarm costs less than a missed one.
 */
import { describe, expect, it } from "vitest";
import { PRESETS, type PresetId } from "../../../src/presets";
import { triage } from "../../../src/rules/triage";

type Row = [preset: PresetId, reply: string, page: boolean, safety: boolean];

const PAGE = (preset: PresetId, reply: string): Row => [preset, reply, true, false];
const DANGER = (preset: PresetId, reply: string): Row => [preset, reply, true, true];
const CALM = (preset: PresetId, reply: string): Row => [preset, reply, false, false];

const REPLIES: Row[] = [
  // Home services: urgent
  PAGE("home_services", "Pipe burst in the basement, water everywhere"),
  PAGE("home_services", "We have a burst pipe under the kitchen sink"),
  PAGE("home_services", "Basement is flooding!!"),
  PAGE("home_services", "No heat since last night and it's 15 degrees"),
  PAGE("home_services", "We ain't got no heat and the baby is cold"),
  PAGE("home_services", "The heat went out an hour ago"),
  PAGE("home_services", "Furnace isn't working and it's freezing in here"),
  PAGE("home_services", "Water is everywhere in the laundry room"),
  PAGE("home_services", "Ceiling is leaking from the upstairs bathroom"),
  PAGE("home_services", "Toilet overflowing, sewage on the floor"),
  PAGE("home_services", "The leak won't stop"),
  PAGE("home_services", "Nothing is stopping the leak, I shut the valve"),
  PAGE("home_services", "I shut the valve but it's still leaking"),
  PAGE("home_services", "Can't stop the water and the pipes froze"),
  PAGE("home_services", "It isn't getting better, the leak keeps spreading"),
  PAGE("home_services", "Not sure if it's an emergency but the water heater is leaking"),
  PAGE("home_services", "heat's out"),
  PAGE("home_services", "water heater burst"),
  DANGER("home_services", "I smell gas near the furnace"),
  DANGER("home_services", "There's a strong gas smell in the garage"),
  DANGER("home_services", "Smells like rotten eggs in the kitchen"),
  DANGER("home_services", "CO alarm going off"),
  DANGER("home_services", "Outlet is sparking and there's a burning smell"),
  PAGE("home_services", "Water is pouring in through the ceiling"),
  PAGE("home_services", "tree limb went through the roof, rain getting in"),
  // Home services: not urgent
  CALM("home_services", "asap"),
  CALM("home_services", "Need someone right away to look at hail damage"),
  CALM("home_services", "There's no leak anymore"),
  CALM("home_services", "No leak, just a dripping faucet"),
  CALM("home_services", "The leak stopped after I tightened it"),
  CALM("home_services", "Not urgent, just need a quote for a new water heater"),
  CALM("home_services", "No flooding, just a slow drain"),
  CALM("home_services", "I don't smell gas anymore, the stove was left on"),
  CALM("home_services", "Heat is working again, no rush"),
  CALM("home_services", "Water heater install next week"),
  CALM("home_services", "There isn't any leak, the pressure is just low"),
  CALM("home_services", "Not leaking anymore but the ceiling is stained"),
  CALM("home_services", "The smoke detector needs a battery"),
  CALM("home_services", "Can you install a CO detector?"),
  // Dental: urgent
  PAGE("dental", "Advil doesn't touch the severe pain"),
  PAGE("dental", "Nothing helps the swelling and it's getting worse"),
  PAGE("dental", "The pain is severe"),
  PAGE("dental", "Severe tooth pain since yesterday"),
  PAGE("dental", "my jaw is puffy"),
  PAGE("dental", "face is swollen"),
  PAGE("dental", "I can't open my mouth all the way"),
  PAGE("dental", "fever and swelling on the left side"),
  PAGE("dental", "tooth knocked out playing hockey"),
  PAGE("dental", "My son knocked his tooth out"),
  PAGE("dental", "I think I have an abscess"),
  PAGE("dental", "Broke my tooth and it's killing me"),
  PAGE("dental", "The swelling isn't getting better"),
  PAGE("dental", "No pain, but the swelling is spreading"),
  PAGE("dental", "Not sure if it's an emergency but my cheek swelled up overnight"),
  PAGE("dental", "Pain is unbearable, can't sleep"),
  PAGE("dental", "I never had pain this severe"),
  PAGE("dental", "Nothing is working for the pain, it's severe"),
  PAGE("dental", "The bleeding hasn't stopped"),
  PAGE("dental", "Isn't this an emergency??"),
  PAGE("dental", "really bad toothache, throbbing, kept me up all night"),
  PAGE("dental", "My tooth is throbbing"),
  PAGE("dental", "toothache kept me up last night"),
  PAGE("dental", "It's been keeping me up for two nights"),
  PAGE("dental", "I can't sleep because of this tooth"),
  PAGE("dental", "couldn’t sleep at all, my molar hurts"),
  PAGE("dental", "terrible toothache on the left side"),
  PAGE("dental", "worst pain of my life"),
  PAGE("dental", "I'm in agony"),
  PAGE("dental", "so much pain I can't eat"),
  PAGE("dental", "unbearable toothache"),
  PAGE("dental", "pounding pain in my jaw"),
  DANGER("dental", "I can barely swallow"),
  DANGER("dental", "My face is swelling and I can\u2019t breathe"),
  DANGER("dental", "Swelling is spreading to my eye"),
  DANGER("dental", "my neck is swollen and it hurts to swallow"),
  DANGER("dental", "hard to breathe and my cheek is huge"),
  DANGER("dental", "Trouble swallowing since this morning"),
  DANGER("dental", "Now it's hard swallowing"),
  DANGER("dental", "jaw swollen and its hard breathing"),
  DANGER("dental", "Bleeding won't stop after my extraction"),
  DANGER("dental", "It won't stop bleeding"),
  DANGER("dental", "Can't stop the bleeding"),
  // Dental: not urgent
  CALM("dental", "It's urgent, can I come in today?"),
  CALM("dental", "No pain anymore, just want a cleaning"),
  CALM("dental", "not bleeding anymore, thanks"),
  CALM("dental", "Swelling went down, can I come next week?"),
  CALM("dental", "I don't have any swelling, just a chipped filling"),
  CALM("dental", "no longer swollen, just a bit sore"),
  CALM("dental", "Need a cleaning and a check-up"),
  CALM("dental", "The bleeding stopped"),
  CALM("dental", "Had a tooth pulled last week, no bleeding or swelling"),
  CALM("dental", "I don't think it's an emergency, just a loose crown"),
  CALM("dental", "No trouble swallowing or breathing, just sensitive teeth"),
  CALM("dental", "no fever, no swelling, just a chipped tooth"),
  CALM("dental", "The pain is not severe, just sensitive to cold"),
  CALM("dental", "It's not throbbing anymore, just a dull ache"),
  CALM("dental", "The throbbing stopped after the Advil"),
  CALM("dental", "Not a bad toothache, more of a sensitivity"),
  CALM("dental", "It didn't keep me up, just sore when I chew"),
  CALM("dental", "no throbbing, my filling feels loose"),
  CALM("dental", "Slept fine, it only hurts with cold drinks"),
  // Legal: urgent
  PAGE("legal", "I was arrested last night"),
  PAGE("legal", "My son got arrested"),
  PAGE("legal", "I have court tomorrow morning"),
  PAGE("legal", "My court date is tomorrow"),
  PAGE("legal", "hearing is tomorrow and I don't have a lawyer"),
  PAGE("legal", "There's a warrant out for me"),
  PAGE("legal", "They're trying to evict me by Friday"),
  PAGE("legal", "He's in custody at county jail"),
  PAGE("legal", "I'm not sure what to do, I was arrested"),
  PAGE("legal", "Custody hearing tomorrow and my lawyer quit"),
  DANGER("legal", "He threatened to kill me"),
  DANGER("legal", "My ex is threatening me"),
  DANGER("legal", "I'm in danger"),
  DANGER("legal", "I don't feel safe at home"),
  // Legal: not urgent
  CALM("legal", "urgent, please call asap about my divorce"),
  CALM("legal", "I'm not in danger, just need a divorce lawyer"),
  CALM("legal", "Court date is in June, not urgent"),
  CALM("legal", "Need a will drafted, no rush"),
  CALM("legal", "I wasn't arrested, just got a ticket"),
  CALM("legal", "Custody battle over my kids"),
  CALM("legal", "Car accident last month, looking for a lawyer"),
  // Locksmith (more in urgency-corpus-locksmith.test.ts): a lockout is its emergency, a child or a pet in a car a danger
  PAGE("locksmith", "locked myself out"),
  PAGE("locksmith", "locked out of my car"),
  DANGER("locksmith", "my son is locked in the car"),
  DANGER("locksmith", "dog in the car and it's hot"),
  DANGER("locksmith", "baby locked in car"),
  CALM("locksmith", "how much for a rekey"),
  // The same lockout is no plumber's emergency
  CALM("home_services", "locked myself out"),
  CALM("home_services", "locked out of my house"),
];

describe("triage with each preset's words", () => {
  it.each(REPLIES)("%s: %j → page %s, safety message %s", (preset, reply, page, safety) => {
    const found = triage(reply, PRESETS[preset].settings.urgent);
    expect(found !== null, `found ${JSON.stringify(found)}`).toBe(page);
    expect((found?.safety.length ?? 0) > 0, `found ${JSON.stringify(found)}`).toBe(safety);
  });

  it("has a table of at least 40 replies across home services, dental and legal, urgent and not", () => {
    expect(REPLIES.length).toBeGreaterThanOrEqual(40);
    for (const preset of ["home_services", "dental", "legal", "locksmith"] as const) {
      expect(REPLIES.some(([p, , page]) => p === preset && page)).toBe(true);
      expect(REPLIES.some(([p, , page]) => p === preset && !page)).toBe(true);
    }
  });
});
