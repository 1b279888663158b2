/**
 * Message templates: the defaults a new business starts with (compliance.md §2, §5), and where to
 * find the rest: the placeholders (placeholders.ts), rendering (template-render.ts) and the checks
 * shown to the owner on saving (template-check.ts). Pure: no I/O.
 */
import type { TemplateKind } from "./reasons";

export { PLACEHOLDER_ALIASES, PLACEHOLDERS, valueOf, type TemplateVars } from "./placeholders";
export { renderTemplate, renderTemplateWithGaps, type TemplateGap } from "./template-render";

/**
 * What a new business starts with. Each is GSM-7 and one segment with a business name of about 20
 * characters and a booking link of about 30, and reads well without a booking link: the link has
 * its own line, which the renderer leaves out when there is no link.
 */
export const DEFAULT_TEMPLATES: Record<TemplateKind, string> = Object.freeze({
  missed_call:
    "{business}: sorry we missed your call! How can we help?\nBook online: {bookingUrl}\nReply STOP to opt out.",
  after_hours:
    "{business}: we're closed, but reply and we'll answer.\nBook online: {bookingUrl}\nReply STOP to opt out.",
  // A machine answered the forwarded call (the business's own voicemail, as the carrier detected it):
  // nobody knows yet whether the caller left a message, so the text does not thank them for one.
  voicemail:
    "{business}: sorry we missed you! Reply, or we'll call.\nBook online: {bookingUrl}\nReply STOP to opt out.",
  ai_abandoned:
    "{business}: your call ended early. Reply for a person.\nBook online: {bookingUrl}\nReply STOP to opt out.",
  // A customer is greeted by name and given the line that reaches a person first; without a name
  // it reads "Hi there, it's …", without a priority line that line is dropped.
  existing_customer:
    "Hi {callerFirstName}, it's {business}. Sorry we missed you! We'll call back soon, or reply here.\nPriority line: {priorityPhone}\nReply STOP to opt out.",
  follow_up:
    "{business}: still need help after your call? Just reply.\nBook online: {bookingUrl}\nReply STOP to opt out.",
  // Who, where to get help, frequency, rates and STOP, as carriers' HELP templates ask (CTIA; AWS
  // wants a support contact): the number they texted is one.
  help: "{business}: we text when we miss your call. Help: call {businessPhone} or reply. Msg freq varies. Msg&data rates may apply. Reply STOP to opt out.",
  opt_out: "{business}: You have been unsubscribed and will receive no more messages. Reply START to resubscribe.",
  opt_in: "{business}: You have been resubscribed and will get texts about your calls again. Msg&data rates may apply. Reply STOP to opt out.",
});
