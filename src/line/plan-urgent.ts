import type { NewText } from "../outbox/new-text";
import { formatPhone } from "../rules/display";
import { replyTextId } from "./ids";
import { dangerAlertTo, dangerText, pageDangerWords, pageSchedule, pageText, triage, urgentResponse, type PageNotes, type PhotosSeen } from "../rules/triage";
import type { InboundPlan, InboundPlanInput } from "./inbound-plan";
import { textSender } from "./inbound-plan";
import { automates } from "./plan-qualify";
import { staffCaller } from "./staff-caller";
import { onCallAt } from "../rules/on-call";
import { pagingWhy } from "../rules/on-call-words";
import { conversationLink, dangerNotice, namingCaller, pageNotice } from "../rules/staff-texts";

/** What an urgent or dangerous reply sends, and what the line and the lead keep of it. */
export interface UrgentReply {
  /** To the caller: help is coming (a danger: the safety message first), or the safety message alone. */
  callerText: NewText;
  /** A new emergency: the lead marked urgent, the pages sent and held. Null when the lead already was. */
  urgent: NonNullable<InboundPlan["urgent"]> | null;
  /** Whether the caller has had the safety message in this emergency, from now on; null: unchanged. */
  warned: boolean | null;
  /** The business's phones told of a danger new to an emergency already paged (the alert carries the caller's words). */
  alerted: string[];
  /** The caller named a danger (a safety word) and got the safety message: kept on their open lead for the pages to show. */
  danger: boolean;
  /** A danger new to an emergency nobody took yet: what the pages still held for the next people add (pageDangerWords). */
  pageDanger: string | null;
}

/**
 * An urgent reply (DESIGN.md §6.3): the caller is told help is coming (a danger: to call 911
 * first), the first person on call now (by their hours) is paged, and the line holds the pages that escalate to the
 * next ones and then the owner. On a lead already urgent, only a danger the caller was not warned of
 * yet gets the safety message, and whoever holds the page hears of it; nobody is paged again. Null
 * when there is nothing to send. `answers`: the caller's answers as their questions know them with
 * this text (the address and the job the page gives); `worded` adds what the caller's text owes
 * them (rules/first-reply.ts). Pure.
 */
export function planUrgentReply(
  input: InboundPlanInput,
  texts: NewText[],
  answers: Readonly<Record<string, string>>,
  worded: (body: string) => string = (body) => body,
): UrgentReply | null {
  const { msg, ctx, now } = input;
  const settings = ctx.business.settings.urgent;
  if (!automates(ctx)) return null;
  // Without triage only the safety words count: a danger gets the safety message, nobody is paged.
  const found = triage(msg.body, settings.enabled ? settings : { words: [], safetyWords: settings.safetyWords });
  // Without triage no emergency is opened, so none would end the warning: every danger is warned of.
  const warned = settings.enabled && input.warned;
  const does = found ? urgentResponse(found, { urgent: ctx.lead?.urgent ?? false, warned }, settings.enabled) : null;
  if (!found || !does) return null;
  const send = textSender(input, texts);
  if (does === "warn") {
    const callerText = send(replyTextId(input, "urgent"), "urgent_reply", msg.from, worded(settings.safetyMessage));
    // Once per emergency, as the warning: a danger on a lead triage paged reaches whoever holds the page.
    const paged = settings.enabled && ctx.lead?.urgent === true;
    const alerted = paged ? alertDanger(input, send) : [];
    // Nobody took it: whoever the line pages next hears of the danger with the page itself.
    const pageDanger = paged && !input.callerPages.taken ? pageDangerWords(msg.body, ctx.business.settings.privateTexts, photosOf(input)) : null;
    return { callerText, urgent: null, warned: settings.enabled ? true : null, alerted, danger: true, pageDanger };
  }
  const body = found.safety.length > 0 ? `${settings.safetyMessage} ${settings.callerMessage}` : settings.callerMessage;
  const callerText = send(replyTextId(input, "urgent"), "urgent_reply", msg.from, worded(body));
  const danger = found.safety.length > 0;
  const photos = photosOf(input);
  const page = (before: string | null) => pageBody(input, answers, { danger: found.safety, before, ...(photos ? { photos } : {}) });
  const owner = ctx.business.notifyPhone;
  const ownerPaged = owner && !input.pausedStaff.includes(owner) ? owner : null;
  // Whoever's hours cover now, in list order; nobody's: the owner alone.
  const onNow = onCallAt(settings.onCall.filter((p) => !input.pausedStaff.includes(p.phone)), ctx.business.timezone, now);
  const why = pagingWhy(onNow, settings.onCall.some((p) => p.hours !== undefined), ownerPaged !== null);
  const schedule = pageSchedule({ ...settings, onCall: onNow }, ownerPaged, now);
  const held: { text: NewText; at: number }[] = [];
  const paged: string[] = [];
  schedule.forEach((p, i) => {
    const id = replyTextId(input, `page${i}`);
    // An escalation says who had it before and did not take it.
    const prior = schedule[i - 1];
    const body = page(prior ? (prior.name ?? formatPhone(prior.phone)) : null);
    if (p.at <= now) {
      send(id, "page", p.phone, body);
      paged.push(p.phone);
      return;
    }
    // Held by the line until its time: written now as scheduled, so the admin page shows it coming.
    const text = textSender(input, [])(id, "page", p.phone, body);
    text.row.status = "scheduled";
    held.push({ text, at: p.at });
  });
  return { callerText, urgent: { words: [...found.safety, ...found.urgent], held, paged, why }, warned: danger, alerted: [], danger, pageDanger: null };
}

/**
 * An address this reply gave (`answers`, the caller's questions' with it) on an emergency already
 * paged that nobody took: the pages held for the next people add it. None when the reply opens the
 * emergency (its pages are written with it), or the business keeps callers' words off its phones.
 */
export function pageAddressOf(input: InboundPlanInput, answers: Readonly<Record<string, string>> | undefined, opensEmergency: boolean): { pageAddress?: string } {
  const { ctx } = input;
  const address = answers?.address?.trim();
  if (!address || opensEmergency || ctx.lead?.urgent !== true || input.callerPages.taken || ctx.business.settings.privateTexts) return {};
  const before = ctx.lead.fields?.address ?? input.qualifying?.fields.address;
  return address === before?.trim() ? {} : { pageAddress: address };
}

/** The alert of a danger new to a paged emergency, to whoever holds it (dangerAlertTo); whom it went to. */
function alertDanger(input: InboundPlanInput, send: ReturnType<typeof textSender>): string[] {
  const { msg, ctx } = input;
  const to = dangerAlertTo(input.callerPages, ctx.business.notifyPhone, input.pausedStaff);
  const caller = staffCaller(ctx, msg.from);
  const { link } = caller;
  const photos = photosOf(input);
  const body = link
    ? namingCaller(caller, (who) => dangerNotice(who, link, photos?.count ?? 0))
    : dangerText({ phone: msg.from, name: ctx.contact?.name?.trim() || ctx.lead?.name || null }, msg.body, photos);
  to.forEach((phone, i) => send(replyTextId(input, `danger${i}`), "alert", phone, body));
  return to;
}

/** The photos the caller's text carried, and their conversation's link, for a page or an alert to point to; none: undefined. */
function photosOf({ msg, ctx }: InboundPlanInput): PhotosSeen | undefined {
  const count = msg.media?.length ?? 0;
  return count > 0 ? { count, link: conversationLink(ctx.publicBaseUrl, ctx.business.id, msg.from) } : undefined;
}

/**
 * The page: who (the name the business knows them by, and their number), their words, where and
 * what they need (the `service` answer), the photos their text carried (counted, with the link to
 * the conversation), a danger, and on an escalation who did not take it; private: who, the count of
 * photos, the link, and the danger as such.
 */
function pageBody({ msg, ctx }: InboundPlanInput, answers: Readonly<Record<string, string>>, notes: PageNotes): string {
  const caller = staffCaller(ctx, msg.from);
  const { link } = caller;
  if (link) return namingCaller(caller, (who) => pageNotice(who, link, notes));
  const name = ctx.contact?.name?.trim() || ctx.lead?.name?.trim() || null;
  const known = { ...ctx.lead?.fields, ...answers };
  return pageText({ phone: formatPhone(msg.from), name, address: known.address ?? null, need: known.service ?? null }, msg.body, notes);
}
