/**
 * Industry presets (DESIGN.md §6.2): what a new business of a kind starts with, its questions,
 * urgent and safety words, job values and text-back wording. Everything stays editable; `POST
 * /api/businesses` takes `preset`, and `GET /api/presets` lists them. Every question a preset
 * ships is asked: asking ends once the required ones are answered (rules/qualify.ts nextQuestion),
 * so the last is required and an optional one stands before a required one.
 */
import type { Question } from "./lead-settings";
import type { TemplateKind } from "./vocabulary";

export const PRESET_IDS = ["home_services", "locksmith", "dental", "legal", "generic"] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Preset {
  id: PresetId;
  name: string;
  /** Merged into the new business's settings (its own settings win). */
  settings: {
    qualify: { enabled: boolean; questions: Question[]; doneMessage: string };
    urgent: { enabled: boolean; words: string[]; safetyWords: string[]; callerMessage: string; safetyMessage: string };
    jobValues: Record<string, number>;
    defaultJobValueCents: number;
    /** Callers' words kept off the business's phones (settings.privateTexts): patients' and clients' words stay on the admin page. */
    privateTexts?: boolean;
  };
  /** The text-backs ask the first question themselves: the caller's first reply answers it. */
  templates: Partial<Record<TemplateKind, string>>;
}

/** `question` in at most 23 characters: with a 23-character name and a tracked link each text-back stays one segment. */
const textBacks = (question: string): Preset["templates"] => ({
  missed_call: `{business}: sorry we missed you! ${question}\nBook online: {bookingUrl}\nReply STOP to opt out.`,
  after_hours: `{business}: we're closed now. ${question}\nBook online: {bookingUrl}\nReply STOP to opt out.`,
  // A machine picked up (rules/outcome.ts): whether a message was left is not known, so none is thanked for.
  voicemail: `{business}: sorry we missed you! If you left a message, we'll get to it. ${question}\nReply STOP to opt out.`,
});

/**
 * Dangers in a home: gas, smoke, fire, carbon monoxide (an alarm going off: it has no smell), live electricity. Word forms come free
 * ("smelling gas", "pipes froze": extract/word-forms.ts), so each is listed once.
 */
const HOME_SAFETY = [
  "gas smell", "smell gas", "smells like gas", "gas leak", "rotten egg", "smell smoke", "smoke coming", "see smoke", "smoke everywhere",
  "burning smell", "smell burning", "caught fire", "fire in the", "flames", "carbon monoxide", "co alarm", "co detector going/went off",
  "co detector is going off", "sparks", "sparking",
  // Electrical: a shock, a line down, something melted or scorched, a burnt smell (an electrician's callers).
  "got/was shocked", "electrocuted", "power line down", "power line is down", "wire/wires down", "melted/melting", "scorched",
  "smells burnt", "burnt/burned smell",
];

/**
 * A child or a pet shut in a car ("my son is locked in the car", "dog in the car and it's hot"), each
 * phrase within the 60 characters a business's own phrase may have. A plain "keys locked in the car" is not one.
 */
const SHUT_IN_A_CAR = ["baby/infant/toddler", "child/kid/son/daughter", "dog/puppy/cat/pet"].flatMap((who) => [
  `${who} locked/stuck/trapped in/inside`,
  `${who} is/are locked/stuck/trapped in/inside`,
  `${who} in the car/truck/van/vehicle/suv`,
  `${who} is/are/still in the car/truck/van`,
  `${who} is/are still in the car/truck/van`,
]);

export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  home_services: {
    id: "home_services",
    name: "Home services (plumbing, HVAC, electrical)",
    settings: {
      qualify: {
        enabled: true,
        questions: [
          { key: "service", ask: "What do you need help with?", required: true },
          { key: "address", ask: "Thanks. What's the address of the job?", required: true },
          // Before the urgency question, optional: a caller whose words were an emergency is not asked when to come.
          { key: "preferredTime", ask: "When would be a good time for us to come?", required: false },
          { key: "urgency", ask: "How urgent is it: an emergency, this week, or no rush?", required: true },
        ],
        doneMessage: "Thanks, that's everything we need. Someone from {business} will call you shortly.",
      },
      urgent: {
        enabled: true,
        // "furnace/boiler/heater" is any of the three (a water or space heater is not the heating: phrase-pattern.ts).
        words: [
          "burst pipe", "pipe burst", "burst", "busted pipe", "frozen pipe", "flood", "flooding", "water everywhere", "water all over", "gushing",
          "no heat", "without heat", "don't have heat", "don't have any heat",
          "furnace/boiler/heater/heat is/went out", "furnace/boiler/heater out", "furnace/boiler/heater/heating died/quit/broke",
          "furnace/boiler/heater/heat isn't/not/stopped working", "furnace/boiler/heater/heat won't/doesn't start/work/run",
          "furnace/boiler/heater/heat won't turn/come/kick on",
          "house/home freezing", "freezing in here", "freezing inside", "freezing in the house", "below 60 degrees inside",
          "no ac", "no air", "ac is/went out", "ac died/quit/broke", "ac isn't/not/stopped working",
          "no power", "power is/went out", "power out", "lost power",
          "leak", "leaking", "sewage", "sewer backup", "backing up", "overflowing", "emergency",
          // Water coming in through the roof or a window (a storm, hail): "water is pouring in", "rain getting in upstairs".
          "pouring in", "water/rain coming/getting/leaking/dripping in", "water/rain is coming/getting/leaking/dripping in",
          "coming/dripping/pouring through/from the ceiling/roof", "hole in the roof/ceiling", "window/skylight broke/shattered/smashed",
          "roof blew/ripped/torn off",
          // A roof or ceiling giving way, a tree in the house.
          "ceiling/roof collapsing/caving/sagging/falling", "ceiling/roof coming/came down/in",
          "tree/limb/branch fell/went/came/crashed through/into/on", "tree/limb/branch on/through/in the roof/house/ceiling",
          "tree/limb/branch is on/in/through the roof/house/ceiling",
        ],
        safetyWords: HOME_SAFETY,
        // No time promised: the pages may take escalateAfterMinutes for each person on call before one is taken.
        callerMessage: "This sounds urgent: we're reaching our on-call technician now, and they'll call or text you back as soon as they can.",
        // Carbon monoxide has no smell: its alarm is a reason to leave of its own.
        safetyMessage:
          "If a carbon monoxide alarm is going off, you smell gas or see smoke or fire, or someone got a shock or a power line is down, leave or keep away and call 911 (for gas, then your gas company).",
      },
      jobValues: { "water heater": 180_000, furnace: 250_000, "ac": 200_000, drain: 30_000, leak: 45_000, toilet: 35_000, faucet: 25_000, panel: 220_000, outlet: 20_000 },
      defaultJobValueCents: 40_000,
    },
    templates: textBacks("What do you need done?"),
  },
  locksmith: {
    id: "locksmith",
    name: "Locksmith (24/7 lockouts, keys, locks)",
    settings: {
      qualify: {
        enabled: true,
        questions: [
          { key: "service", ask: "What happened: locked out, lost or broken keys, or a lock to fix or change?", required: true },
          { key: "property", ask: "Is it a car, a home or a business? For a car, the make, model and year.", required: true },
          { key: "address", ask: "Thanks. Where are you? A street address, or a landmark if you're out.", required: true },
        ],
        doneMessage: "Thanks, that's everything we need. {business} will call you shortly.",
      },
      urgent: {
        enabled: true,
        // A lockout is the locksmith's emergency: someone is stuck outside, often at night ("locked out" holds "out": no word goes between, so each way of saying it is listed).
        words: [
          "locked out", "lockout", "locked myself/me/us/ourselves out", "lock myself/me/us/ourselves out", "locked the keys/key in",
          "locked my keys/key in", "keys/key locked in/inside", "keys/key is/are locked in/inside", "keys/key in the car/truck/house", "can't get in", "can't get into",
          "stuck outside", "lost my keys/key", "lost the keys/key", "key broke/snapped off", "broke my key", "key stuck",
          "broken into", "break in", "broke in", "burglary", "won't lock", "can't lock", "emergency",
        ],
        // A child or a pet shut in a car (a hot car kills in minutes) or a caller in danger: 911 opens it faster than anyone can drive there.
        safetyWords: [
          ...SHUT_IN_A_CAR,
          "intruder", "in danger", "not safe", "don't feel safe",
        ],
        callerMessage: "This sounds urgent: we're reaching our on-call locksmith now, and they'll call or text you back as soon as they can.",
        safetyMessage: "If a child or a pet is locked in a car, or anyone is in danger, call 911 now. Don't wait for us.",
      },
      jobValues: { lockout: 12_500, "locked out": 12_500, "car key": 25_000, "key fob": 30_000, rekey: 15_000, "lock change": 20_000, "broken key": 15_000, safe: 25_000 },
      defaultJobValueCents: 15_000,
    },
    templates: textBacks("What happened?"),
  },
  dental: {
    id: "dental",
    name: "Dental practice",
    settings: {
      qualify: {
        enabled: true,
        questions: [
          { key: "service", ask: "What can we help you with: a check-up, a cleaning, or pain or an emergency?", required: true },
          { key: "name", ask: "Thanks! What's the patient's full name?", required: true },
          { key: "patientStatus", ask: "Are you a new or an existing patient?", required: true },
          { key: "preferredTime", ask: "When would you like to come in?", required: true },
        ],
        doneMessage: "Thank you! Our front desk will text or call you to confirm a time.",
      },
      urgent: {
        enabled: true,
        words: [
          "severe pain", "severe", "extreme pain", "terrible pain", "unbearable", "excruciating", "killing me", "swelling", "swollen", "puffy", "fever",
          "bleeding", "knocked out", "tooth out", "broken tooth", "abscess", "infection", "pus",
          "can't open my mouth", "barely open my mouth", "emergency",
          // How patients say pain is severe without the word: it throbs, it kept them up, they can't sleep or eat.
          "throbbing", "pounding", "kept me up", "keeping me up", "up all night", "can't sleep", "couldn't sleep", "can't eat", "can't chew",
          "bad toothache", "terrible toothache", "awful toothache", "worst pain", "so much pain", "in agony", "agony", "pain is killing",
        ],
        // Signs of a spreading infection or a bleed that needs an ER, not a dentist's callback.
        safetyWords: [
          "can't breathe", "hard to breathe", "hard breathing", "trouble breathing", "difficulty breathing", "short of breath", "shortness of breath",
          "can't swallow", "barely swallow", "hard to swallow", "hard swallowing", "trouble swallowing", "difficulty swallowing",
          "spreading to my eye", "spreading to my neck", "swollen eye", "swollen neck", "swollen under my eye",
          "bleeding won't stop", "won't stop bleeding", "can't stop the bleeding", "bleeding heavily", "heavy bleeding", "uncontrolled bleeding",
        ],
        callerMessage: "We're sorry you're in pain. We've flagged this as urgent and will call you back as soon as possible.",
        safetyMessage:
          "If you have trouble breathing or swallowing, swelling spreading to your eye or neck, or bleeding that won't stop, call 911 or go to the ER now.",
      },
      jobValues: { cleaning: 15_000, "check-up": 12_000, checkup: 12_000, crown: 120_000, implant: 350_000, "root canal": 110_000, whitening: 40_000, toothache: 25_000 },
      defaultJobValueCents: 20_000,
      privateTexts: true,
    },
    templates: textBacks("How can we help you?"),
  },
  legal: {
    id: "legal",
    name: "Law firm",
    settings: {
      qualify: {
        enabled: true,
        questions: [
          { key: "service", ask: "What is your legal matter about (for example an injury, family, an estate, or a criminal charge)?", required: true },
          { key: "name", ask: "Thank you. What's your full name?", required: true },
          { key: "urgency", ask: "Is there a court date or deadline coming up? If so, when?", required: true },
          { key: "preferredTime", ask: "When is a good time for an attorney to call you?", required: true },
        ],
        doneMessage: "Thank you. An attorney from {business} will review this and contact you. Please don't share more details by text.",
      },
      urgent: {
        enabled: true,
        words: [
          "arrested", "in custody", "in jail", "detained", "bail", "warrant", "court tomorrow", "court today", "hearing tomorrow", "hearing today",
          "deadline tomorrow", "deadline today", "eviction", "locked out", "restraining order", "emergency",
        ],
        safetyWords: [
          "in danger", "being threatened", "threatening me", "kill me", "hurt me", "domestic violence",
          "afraid for my life", "scared for my life", "not safe", "don't feel safe",
        ],
        callerMessage: "We've marked this as urgent and an attorney will call you as soon as possible.",
        safetyMessage: "If you are in danger, call 911 now.",
      },
      jobValues: { injury: 500_000, accident: 500_000, divorce: 350_000, custody: 300_000, estate: 250_000, will: 150_000, dui: 300_000, criminal: 400_000 },
      defaultJobValueCents: 150_000,
      privateTexts: true,
    },
    templates: textBacks("What's the legal issue?"),
  },
  generic: {
    id: "generic",
    name: "Any business",
    settings: {
      qualify: {
        enabled: true,
        questions: [
          { key: "service", ask: "What can we help you with?", required: true },
          { key: "name", ask: "Thanks! And what's your name?", required: true },
          { key: "preferredTime", ask: "When is a good time to reach you?", required: true },
        ],
        doneMessage: "Thanks, that's everything we need. Someone from {business} will be in touch shortly.",
      },
      urgent: {
        enabled: true,
        words: ["emergency"],
        safetyWords: HOME_SAFETY,
        callerMessage: "We've marked this urgent and someone will get back to you right away.",
        safetyMessage: "If anyone is in danger, call 911 now.",
      },
      jobValues: {},
      defaultJobValueCents: 0,
    },
    templates: textBacks("How can we help?"),
  },
};
