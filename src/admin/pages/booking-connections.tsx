/**
 * The Integrations page's Bookings section: per provider, whether it is connected, the URL to paste,
 * what to tick there, the last webhook verified or refused, and the forms that set, replace and
 * remove its signing secret (never shown back: only when it was set).
 */
import type { FC } from "hono/jsx";
import type { BookingConnectionRow } from "../../db/booking-connections";
import type { BusinessRow } from "../../db/schema";
import { receiptWords, refusalWords } from "../../rules/booking-receipts";
import { BOOKING_PROVIDER_NAMES, PAGE_BOOKING_PROVIDERS, secretLabel, type PageBookingProvider } from "../booking-connections";
import { CalcomGuide, CalendlyGuide } from "./booking-guides";
import { CopyField } from "./copy-field";
import { formatTime } from "./format";
import { InPostedForm, Input } from "./invalid";
import { businessPath, PostForm } from "./layout";

/** The form a refusal came back to: its provider and which of its two forms. */
export interface PostedBookingForm {
  provider: PageBookingProvider;
  form: "secret" | "disconnect";
}

const SECRET_OF: Record<PageBookingProvider, (b: BusinessRow) => string | null> = {
  calcom: (b) => b.bookingSecretCalcom,
  calendly: (b) => b.bookingSecretCalendly,
};

export const bookingWebhookUrl = (base: string, provider: PageBookingProvider, businessId: string) =>
  `${base}/webhooks/booking/${provider}/${encodeURIComponent(businessId)}`;

/** The key's date, then the last webhook verified, and a refusal when it came after that. */
const ConnectionState: FC<{ provider: PageBookingProvider; connected: boolean; row: BookingConnectionRow | undefined; tz: string }> = ({ provider, connected, row, tz }) => {
  const name = BOOKING_PROVIDER_NAMES[provider];
  const refusedLast = row?.lastRefusedAt != null && row.lastRefusedReason != null && row.lastRefusedAt > (row.lastVerifiedAt ?? 0);
  return (
    <ul class="pulses" role="status">
      <li class="pulse">
        {connected
          ? `Signing secret set${row?.secretSetAt != null ? ` on ${formatTime(row.secretSetAt, tz)}` : ""}.`
          : `No signing secret: Textback refuses bookings from ${name} until one is set.`}
      </li>
      {row?.lastVerifiedAt != null && row.lastVerifiedResult != null ? (
        <li class={`pulse ${row.lastVerifiedResult === "unreadable" ? "waiting" : "ok"}`}>
          Last booking webhook: {formatTime(row.lastVerifiedAt, tz)}, signature verified, {receiptWords(row.lastVerifiedResult)}.
        </li>
      ) : (
        <li class="pulse waiting">No booking webhook has verified yet. Make a test booking, then reload this page.</li>
      )}
      {refusedLast ? (
        <li class="pulse bad">
          Refused {formatTime(row!.lastRefusedAt!, tz)}: {refusalWords(row!.lastRefusedReason!, name)}.
        </li>
      ) : null}
    </ul>
  );
};

const SecretForm: FC<{ provider: PageBookingProvider; businessId: string; connected: boolean; csrf: string; posted: boolean }> = ({ provider, businessId, connected, csrf, posted }) => (
  <PostForm action={businessPath(businessId, `/integrations/bookings/${provider}`)} csrf={csrf} class="secret-form">
    <label for={`secret-${provider}`}>
      {connected ? `New ${secretLabel(provider)}` : secretLabel(provider)}
      <span class="hint">At least 8 characters, the same as in {BOOKING_PROVIDER_NAMES[provider]}. Stored encrypted and never shown again.</span>
    </label>
    <InPostedForm active={posted}>
      <Input id={`secret-${provider}`} name="secret" type="password" autocomplete="off" required minlength={8} maxlength={200} />
    </InPostedForm>
    <button type="submit">{connected ? "Replace secret" : "Save secret"}</button>
  </PostForm>
);

const DisconnectForm: FC<{ provider: PageBookingProvider; businessId: string; csrf: string; posted: boolean }> = ({ provider, businessId, csrf, posted }) => {
  const name = BOOKING_PROVIDER_NAMES[provider];
  return (
    <details open={posted}>
      <summary>Disconnect {name}</summary>
      <p class="hint">Removes the secret: Textback refuses {name}'s bookings until one is set again. Remove the webhook in {name} too.</p>
      <PostForm action={businessPath(businessId, `/integrations/bookings/${provider}/disconnect`)} csrf={csrf}>
        <label class="check" for={`disconnect-${provider}`}>
          <InPostedForm active={posted}>
            <Input id={`disconnect-${provider}`} type="checkbox" name="confirm" value={provider} required />
          </InPostedForm>
          Yes, disconnect {name}
        </label>
        <button type="submit" class="danger">
          Disconnect
        </button>
      </PostForm>
    </details>
  );
};

const ProviderCard: FC<{ provider: PageBookingProvider; business: BusinessRow; base: string; csrf: string; row: BookingConnectionRow | undefined; posted?: PostedBookingForm }> = ({
  provider,
  business,
  base,
  csrf,
  row,
  posted,
}) => {
  const name = BOOKING_PROVIDER_NAMES[provider];
  const connected = SECRET_OF[provider](business) !== null;
  const url = bookingWebhookUrl(base, provider, business.id);
  const mine = posted?.provider === provider ? posted.form : undefined;
  return (
    <section class="card guide" id={`booking-${provider}`} aria-labelledby={`booking-${provider}-name`}>
      <h3 id={`booking-${provider}-name`}>
        {name} <span class={connected ? "chip ok" : "chip"}>{connected ? "Connected" : "Not connected"}</span>
      </h3>
      <ConnectionState provider={provider} connected={connected} row={row} tz={business.timezone} />
      <CopyField id={`booking-url-${provider}`} label={`Webhook URL to paste into ${name}`} value={url} />
      {provider === "calcom" ? <CalcomGuide /> : <CalendlyGuide url={url} />}
      <SecretForm provider={provider} businessId={business.id} connected={connected} csrf={csrf} posted={mine === "secret"} />
      {connected ? <DisconnectForm provider={provider} businessId={business.id} csrf={csrf} posted={mine === "disconnect"} /> : null}
    </section>
  );
};

export const BookingConnections: FC<{ business: BusinessRow; base: string; csrf: string; rows: Map<string, BookingConnectionRow>; posted?: PostedBookingForm }> = ({
  business,
  base,
  csrf,
  rows,
  posted,
}) => (
  <>
    <h2 id="bookings">Bookings</h2>
    <p class="sub">
      When someone books through your booking system, Textback marks their lead booked, with the time. Each system signs what it sends with a secret you
      choose and give to both. The link in your texts:{" "}
      {business.bookingUrl ? <code>{business.bookingUrl}</code> : <a href={businessPath(business.id, "/settings")}>none yet, set it in Settings</a>}.
    </p>
    {PAGE_BOOKING_PROVIDERS.map((p) => (
      <ProviderCard provider={p} business={business} base={base} csrf={csrf} row={rows.get(p)} posted={posted} />
    ))}
  </>
);
