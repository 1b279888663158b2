/**
 * What an owner does in each booking provider to send Textback its bookings (DESIGN.md §6.5): the
 * triggers to tick and where, and for Calendly, which has no page for webhooks, the two API calls
 * to run with their own token. Textback never asks for a provider's token.
 */
import type { FC } from "hono/jsx";
import { CopyBlock } from "./copy-field";

/** Cal.com: Settings → Developer → Webhooks, signed with `X-Cal-Signature-256`. */
export const CalcomGuide: FC = () => (
  <ol class="steps">
    <li>
      In Cal.com, open <strong>Settings → Developer → Webhooks</strong> and choose <strong>New</strong>.
    </li>
    <li>
      <strong>Subscriber URL</strong>: the webhook URL above.
    </li>
    <li>
      <strong>Event triggers</strong>: tick <strong>Booking Created</strong>, <strong>Booking Rescheduled</strong> and <strong>Booking Cancelled</strong>. Other
      triggers are answered and ignored.
    </li>
    <li>
      <strong>Secret</strong>: the same secret you save below. Cal.com lets it be empty, but Textback refuses a booking without a signature.
    </li>
    <li>Leave the payload template empty: Textback reads Cal.com's own body.</li>
    <li>
      So that a booking finds its lead by the link in the text: in each event type, <strong>Advanced → Booking questions → Add a question</strong>, type Short
      text, identifier <code>tb</code>, hidden. Without it, a booking finds its lead by the phone number the person gives.
    </li>
    <li>
      Press <strong>Ping test</strong>, then save. The ping shows below as "an event Textback does not act on".
    </li>
  </ol>
);

/** The two calls, with this business's URL filled in; the capitals are the owner's to replace. */
function calendlyCommands(url: string) {
  const me = `curl -s https://api.calendly.com/users/me \\\n  -H "Authorization: Bearer YOUR_TOKEN"`;
  const body = JSON.stringify(
    {
      url,
      events: ["invitee.created", "invitee.canceled"],
      organization: "YOUR_ORGANIZATION_URI",
      user: "YOUR_USER_URI",
      scope: "user",
      signing_key: "YOUR_SIGNING_KEY",
    },
    null,
    2,
  ).replace(/\n/g, "\n  ");
  const create = `curl -s https://api.calendly.com/webhook_subscriptions \\\n  -H "Authorization: Bearer YOUR_TOKEN" \\\n  -H "Content-Type: application/json" \\\n  -d '${body}'`;
  return { me, create };
}

/** Calendly: a webhook subscription made through its API (`Calendly-Webhook-Signature`). */
export const CalendlyGuide: FC<{ url: string }> = ({ url }) => {
  const { me, create } = calendlyCommands(url);
  return (
    <>
      <p class="hint">
        Calendly has no page for webhooks: you create one once with Calendly's API, from a terminal, using a personal access token. Webhooks need a paid
        Calendly plan (Standard or above). Textback never needs your token.
      </p>
      <ol class="steps">
        <li>Choose a signing key (at least 8 characters; a long random one is best) and save it below first.</li>
        <li>
          Get a personal access token: in Calendly, <strong>Integrations &amp; apps → API &amp; webhooks → Get a token now</strong> (or{" "}
          <strong>Generate new token</strong>).
        </li>
        <li>
          Find your user and organization. In the answer, <code>uri</code> is your user and <code>current_organization</code> your organization.
          <CopyBlock id="calendly-me" label="Run, with your token for YOUR_TOKEN" value={me} rows={2} />
        </li>
        <li>
          Create the subscription, with your token, the two URIs and your signing key in place of the capitals. Its events are <code>invitee.created</code> and{" "}
          <code>invitee.canceled</code> (a reschedule arrives as both). To receive every member's bookings, an organization admin uses{" "}
          <code>"scope":"organization"</code> and leaves out <code>user</code>.
          <CopyBlock id="calendly-create" label="Then run" value={create} rows={14} />
        </li>
        <li>Nothing to add to your event types: the link in the text passes its code to Calendly as <code>utm_content</code>.</li>
      </ol>
      <p class="hint">
        Calendly cannot change a subscription. To replace the key (or move to a new URL): save the new key here, delete the old subscription (
        <code>curl -X DELETE</code> on its <code>uri</code>, listed by{" "}
        <code>GET https://api.calendly.com/webhook_subscriptions?organization=YOUR_ORGANIZATION_URI&amp;user=YOUR_USER_URI&amp;scope=user</code>) and create it
        again with the new key. A booking made in between is refused and shows below.
      </p>
    </>
  );
};
