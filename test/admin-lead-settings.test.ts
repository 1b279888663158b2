/** Settings › Leads: questions, urgent words, on-call list and job values through the page form. */
import { beforeAll, describe, expect, it } from "vitest";
import { PRESETS } from "../src/presets";
import { apiJson, createTwilioLine, type TwilioLine } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";

let session: Session;
let line: TwilioLine;
const path = () => `/admin/businesses/${line.businessId}/settings/leads`;
const textedFirst = (html: string) => /<ul class="timeline" id="texted-first-preview"[^>]*>(.*?)<\/ul>/s.exec(html)![1]!;

beforeAll(async () => {
  session = await newSession();
  line = await createTwilioLine({ name: "Form Plumbing" });
});

const form = {
  "qualify.enabled": "on",
  "q.0.key": "service",
  "q.0.ask": "What do you need?",
  "q.0.required": "on",
  "q.1.key": "address",
  "q.1.ask": "Where is it?",
  "q.1.required": "on",
  "qualify.doneMessage": "Thanks, we'll call you.",
  "qualify.zips": "78701 78702",
  "qualify.outOfAreaMessage": "Sorry, we don't go there.",
  relay: "",
  "urgent.enabled": "on",
  "urgent.words": "burst pipe\nflooding",
  "urgent.safetyWords": "gas smell",
  "onCall.0.name": "Sam",
  "onCall.0.phone": "+15125550111",
  "urgent.escalateAfterMinutes": "5",
  "urgent.callerMessage": "Help is on the way.",
  "urgent.safetyMessage": "Call 911 now.",
  jobValues: "water heater = 1800\ndrain = 250.50",
  defaultJobValue: "300",
};

describe("the leads settings page", () => {
  it("shows the form with a preview, and saves what it is given", async () => {
    const page = await (await get(session, path())).text();
    expect(page).toContain("What the caller sees");
    expect((await post(session, path(), form)).status).toBe(303);
    const { settings } = await apiJson("GET", `/businesses/${line.businessId}`);
    expect(settings).toMatchObject({
      qualify: { enabled: true, questions: [{ key: "service", ask: "What do you need?", required: true }, { key: "address", ask: "Where is it?", required: true }], serviceArea: { zips: ["78701", "78702"] } },
      relay: null,
      urgent: { enabled: true, words: ["burst pipe", "flooding"], safetyWords: ["gas smell"], onCall: [{ name: "Sam", phone: "+15125550111" }], escalateAfterMinutes: 5 },
      jobValues: { "water heater": 180_000, drain: 25_050 },
      defaultJobValueCents: 30_000,
    });
    const again = await (await get(session, path())).text();
    expect(again).toMatch(/<textarea aria-label="Question 2" name="q.1.ask"[^>]*>Where is it\?<\/textarea>/);
    expect(again).toContain("water heater = 1800");
  });

  it("previews the questions only while asking is on, and shows each question whole", async () => {
    const long = "What is your legal matter about (for example an injury, family, an estate, or a criminal charge)?";
    expect((await post(session, path(), { ...form, "q.0.ask": long })).status).toBe(303);
    const preview = (html: string) => /<ul class="timeline" id="qualify-preview"[^>]*>(.*?)<\/ul>/s.exec(html)![1]!;
    const on = await (await get(session, path())).text();
    // Question 1's words go to someone who texts first; a missed caller gets the text-back's.
    expect(preview(on)).not.toContain(long);
    expect(textedFirst(on)).toContain(`This is Form Plumbing. ${long.replaceAll("'", "&#39;")}\nReply STOP to opt out.`);
    expect(preview(on)).toContain("Where is it?");
    expect(preview(on)).toContain("Thanks, we&#39;ll call you.");
    // The question is a box that wraps, not a one-line field that cuts it off.
    expect(on).toContain(`name="q.0.ask" rows="2" maxlength="480" data-ask="">${long}</textarea>`);

    const { "qualify.enabled": _on, ...off } = { ...form };
    expect((await post(session, path(), off)).status).toBe(303);
    const offPage = await (await get(session, path())).text();
    expect(preview(offPage)).toContain("Asking is off: callers get your text-back and no questions.");
    expect(preview(offPage)).toContain("Form Plumbing: sorry we missed your call!");
    expect(preview(offPage)).not.toContain("What do you need?");
    expect(preview(offPage)).not.toContain("call you");
  });

  it("previews what is asked: an optional question after the last required one is not", async () => {
    const optionalLast = { ...form, "q.2.key": "preferredTime", "q.2.ask": "When would you like us to come?" };
    expect((await post(session, path(), optionalLast)).status).toBe(303);
    const preview = /<ul class="timeline" id="qualify-preview"[^>]*>(.*?)<\/ul>/s.exec(await (await get(session, path())).text())![1]!;
    const bubbles = [...preview.matchAll(/<span class="(bubble|note)">(.*?)<\/span>/gs)].map((m) => m[2]);
    expect(bubbles).toEqual([
      "Form Plumbing: sorry we missed your call! How can we help?\nBook online: https://textback.test/l/xxxxxxxxxxxx\nReply STOP to opt out.",
      "…",
      "Where is it?",
      "…",
      "Thanks, we&#39;ll call you.",
      "Not asked: “When would you like us to come?” is optional and comes after the last required question. A reply that answers it is kept; make it required or move it up to ask it.",
    ]);
  });

  it("shows the text-back as the first question, exactly as sent, and says where its words live", async () => {
    const html = await (await get(session, path())).text();
    const preview = /<ul class="timeline" id="qualify-preview"[^>]*>(.*?)<\/ul>/s.exec(html)![1]!;
    const [meta, first] = [...preview.matchAll(/<li class="out"><span class="meta">(.*?)<\/span><span class="bubble">(.*?)<\/span>/gs)][0]!.slice(1);
    expect(meta).toBe("Your missed-call text-back, as sent: the first question");
    // The booking link as long as the tracked one sent (the template editor's sample).
    expect(first).toBe("Form Plumbing: sorry we missed your call! How can we help?\nBook online: https://textback.test/l/xxxxxxxxxxxx\nReply STOP to opt out.");
    const templateLink = `<a href="/admin/businesses/${line.businessId}/templates/missed_call">missed-call text-back template</a>`;
    expect(html).toMatch(new RegExp(`<p class="hint" id="first-question-note">[^<]*${templateLink}`));
    expect(html).toMatch(new RegExp(`<p class="card warn" id="first-question-edited" hidden="">[^<]*${templateLink}`));
    // A business's own text-back is what the preview shows.
    await post(session, `/admin/businesses/${line.businessId}/templates/missed_call`, { action: "save", body: "Form Plumbing here, sorry we missed you. What needs fixing? Reply STOP to opt out." });
    expect(await (await get(session, path())).text()).toContain('<span class="bubble">Form Plumbing here, sorry we missed you. What needs fixing? Reply STOP to opt out.</span>');
  });

  it("takes an on-call phone as people type it", async () => {
    expect((await post(session, path(), { ...form, "onCall.0.phone": "(512) 234-5611" })).status).toBe(303);
    const { settings } = await apiJson("GET", `/businesses/${line.businessId}`);
    expect(settings.urgent.onCall).toEqual([{ name: "Sam", phone: "+15122345611" }]);
  });

  it("shows and takes on-call hours in plain words", async () => {
    const rota = { ...form, "onCall.0.hours": "Weekdays 8 AM-6 PM", "onCall.1.name": "Lee", "onCall.1.phone": "+15125550122", "onCall.1.hours": "outside weekdays 8am-6pm" };
    expect((await post(session, path(), rota)).status).toBe(303);
    const { settings } = await apiJson("GET", `/businesses/${line.businessId}`);
    expect(settings.urgent.onCall).toEqual([
      { name: "Sam", phone: "+15125550111", hours: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", to: "18:00" }] },
      { name: "Lee", phone: "+15125550122", hours: [{ days: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"], from: "18:00", to: "08:00" }, { days: ["sun", "sat"], from: "00:00", to: "00:00" }] },
    ]);
    const page = await (await get(session, path())).text();
    expect(/id="onCall\.0\.hours"[^>]*value="([^"]*)"/.exec(page)?.[1]).toBe("Weekdays 8 AM–6 PM");
    expect(/id="onCall\.1\.hours"[^>]*value="([^"]*)"/.exec(page)?.[1]).toBe("Nights and weekends (outside weekdays 8 AM–6 PM)");
    // Saved again as shown, the hours stay as they were.
    const shown = { ...rota, "onCall.0.hours": "Weekdays 8 AM–6 PM", "onCall.1.hours": "Nights and weekends (outside weekdays 8 AM–6 PM)" };
    expect((await post(session, path(), shown)).status).toBe(303);
    expect((await apiJson("GET", `/businesses/${line.businessId}`)).settings.urgent.onCall).toEqual(settings.urgent.onCall);
    await post(session, path(), form);
    expect((await apiJson("GET", `/businesses/${line.businessId}`)).settings.urgent.onCall).toEqual([{ name: "Sam", phone: "+15125550111" }]);
  });

  it("suggests an on-call phone the form takes as typed, not a fictional 555-01XX one", async () => {
    const page = await (await get(session, path())).text();
    const placeholder = /id="onCall\.0\.phone"[^>]*placeholder="([^"]+)"/.exec(page)?.[1];
    expect(placeholder).toBeDefined();
    expect((await post(session, path(), { ...form, "onCall.0.phone": placeholder! })).status).toBe(303);
    await post(session, path(), form);
  });

  it.each([
    [{ "onCall.0.phone": "555-1234" }, /On call › 1 › phone/],
    [{ "urgent.escalateAfterMinutes": "500" }, /Escalate after \(minutes\)/],
    [{ "q.1.key": "service" }, /each key may be used once/],
    [{ "q.0.key": "", "q.0.ask": "", "q.1.key": "", "q.1.ask": "" }, /give at least one question/],
    [{ jobValues: "a lot" }, /Job values/],
    [{ "onCall.0.hours": "whenever Sam feels like it" }, /On call 1, hours: &quot;whenever Sam feels like it&quot; should look like/],
    [{ "urgent.words": Array.from({ length: 101 }, (_, i) => `word ${i}`).join("\n") }, /Urgent words: at most 100 \(101 given\)/],
  ])("refuses %j, naming the field, and changes nothing", async (change, message) => {
    const before = (await apiJson("GET", `/businesses/${line.businessId}`)).settings;
    const res = await post(session, path(), { ...form, ...change });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(message);
    expect((await apiJson("GET", `/businesses/${line.businessId}`)).settings).toEqual(before);
  });

  it("takes the home services preset's urgent words and a roofer's own eight beside them", async () => {
    const roofer = ["water pouring in", "tree through the roof", "ceiling collapsing", "hole in the roof", "tarp", "skylight broke", "roof is leaking", "water in the house"];
    const words = [...PRESETS.home_services.settings.urgent.words, ...roofer].join("\n");
    expect((await post(session, path(), { ...form, "urgent.words": words })).status).toBe(303);
    const { settings } = await apiJson("GET", `/businesses/${line.businessId}`);
    expect(settings.urgent.words).toHaveLength(PRESETS.home_services.settings.urgent.words.length + 8);
    await post(session, path(), form);
  });

  it("applies a preset's questions and words, keeping who is on call", async () => {
    await post(session, path(), form);
    expect((await post(session, `${path()}/preset`, { preset: "dental" })).status).toBe(303);
    const { settings } = await apiJson("GET", `/businesses/${line.businessId}`);
    expect(settings.qualify.questions.map((q: { key: string }) => q.key)).toEqual(["service", "name", "patientStatus", "preferredTime"]);
    // Every question the preset ships is asked: none is listed as not asked.
    const preview = /<ul class="timeline" id="qualify-preview"[^>]*>(.*?)<\/ul>/s.exec(await (await get(session, path())).text())![1]!;
    expect(preview).toContain("When would you like to come in?");
    expect(preview).not.toContain("Not asked:");
    expect(settings.urgent.words).toContain("severe pain");
    expect(settings.urgent.onCall).toEqual([{ name: "Sam", phone: "+15125550111" }]);
    // The list then offers the business's own kind first, not another industry's.
    expect(await (await get(session, path())).text()).toMatch(/<option value="dental" selected="">/);
  });
});
