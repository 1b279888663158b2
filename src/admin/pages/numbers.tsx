/** Phone numbers: add one with its carrier credentials, see the webhook URLs to paste, send a test text. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { FC } from "hono/jsx";
import type { BusinessRow, NumberRow } from "../../db/schema";
import { publicBase } from "../../public-base";
import { routeBusiness } from "../businesses";
import { addNumber, listNumbers, webhookUrlList } from "../numbers";
import { addNumberSchema } from "../schemas";
import { sendAdminText } from "../texts";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatPhone } from "./format";
import { formFields, formRefusal, formRequestKey, issueMessages, phoneField, postedRequestKey } from "./forms";
import { businessPath, PostForm, renderPage, type PageOptions } from "./layout";
import { COPY_BUTTONS_SCRIPT } from "./scripts";

export const numberPages = new Hono<AdminPagesEnv>();

interface CredentialField {
  name: string;
  label: string;
  hint: string;
  /** Write-only: a password field, never filled in again. */
  secret?: boolean;
  optional?: boolean;
}

/** The carriers addNumberSchema accepts, and the credentials each needs (DESIGN.md §3). */
interface Carrier {
  id: string;
  name: string;
  fields: CredentialField[];
}

const CARRIERS: Carrier[] = [
  {
    id: "twilio",
    name: "Twilio",
    fields: [
      { name: "accountSid", label: "Account SID", hint: "Starts with AC; on the Twilio console's home page." },
      { name: "authToken", label: "Auth token", hint: "Stored encrypted and never shown again.", secret: true },
    ],
  },
  {
    id: "telnyx",
    name: "Telnyx",
    fields: [
      { name: "apiKey", label: "API key", hint: "Stored encrypted and never shown again.", secret: true },
      { name: "publicKey", label: "Public key", hint: "Mission Control → Account settings → Public key (44 characters)." },
      { name: "messagingProfileId", label: "Messaging profile ID", hint: "Optional.", optional: true },
    ],
  },
  {
    id: "signalwire",
    name: "SignalWire",
    fields: [
      { name: "spaceUrl", label: "Space URL", hint: "Like example.signalwire.com." },
      { name: "projectId", label: "Project ID", hint: "On the Space's API page." },
      { name: "apiToken", label: "API token", hint: "Stored encrypted and never shown again.", secret: true },
      { name: "signingKey", label: "Signing key", hint: "Signs the webhooks; stored encrypted.", secret: true },
    ],
  },
];

const CARRIER_NAMES: Record<string, string> = Object.fromEntries(CARRIERS.map((c) => [c.id, c.name]));

const NUMBER_LABELS: Record<string, string> = {
  e164: "Phone number",
  carrier: "Carrier",
  mode: "How calls reach Textback",
  credentials: "Credentials",
  ...Object.fromEntries(CARRIERS.flatMap((c) => c.fields.map((f) => [f.name, f.label]))),
};

const numberFieldLabel = (path: readonly PropertyKey[]) => NUMBER_LABELS[String(path.at(-1))] ?? path.join(".");

const CopyField: FC<{ id: string; label: string; value: string }> = ({ id, label, value }) => (
  <div>
    <label for={id}>{label}</label>
    <div class="copy-row">
      <input id={id} type="text" readonly value={value} />
      {/* Shown by the script; without it the field is still there to select and copy. */}
      <button type="button" class="secondary" data-copy={id} hidden>
        Copy
      </button>
    </div>
  </div>
);

/** A number with the URLs to paste for it, and a form to send it a test text. */
const NumberCard: FC<{ n: Omit<NumberRow, "credentials">; base: string; csrf: string; to: string }> = ({ n, base, csrf, to }) => (
  <section class="card" aria-labelledby={`n-${n.id}`}>
    <h2 id={`n-${n.id}`}>
      {formatPhone(n.e164)} <span class="chip">{CARRIER_NAMES[n.carrier] ?? n.carrier}</span>{" "}
      <span class="chip">{n.mode === "status" ? "status callbacks" : "forwarding"}</span>
    </h2>
    <p class="hint">
      In the carrier console, open this number and paste these URLs.{" "}
      {n.mode === "status" ? "Your own call flow answers calls; Textback only needs the call status." : "Textback answers calls and forwards them to your phone."}
    </p>
    {webhookUrlList(base, n.carrier, n.mode).map((w, i) => (
      <CopyField id={`url-${n.id}-${i}`} label={w.label} value={w.url} />
    ))}
    <PostForm action={businessPath(n.businessId, `/numbers/${encodeURIComponent(n.id)}/test`)} csrf={csrf} class="inline">
      <input type="hidden" name="requestKey" value={formRequestKey()} />
      <div>
        <label for={`test-${n.id}`}>Send a test text to</label>
        <input id={`test-${n.id}`} name="to" type="tel" required placeholder="(415) 234-5678" value={to} />
      </div>
      <button type="submit" class="secondary">
        Send test text
      </button>
    </PostForm>
  </section>
);

/** One carrier's add form; `v` is what was posted, kept when it was this carrier's form (secrets never). */
const AddNumberForm: FC<{ carrier: Carrier; action: string; csrf: string; v: Record<string, string> }> = ({ carrier, action, csrf, v }) => {
  const mine = v.carrier === carrier.id;
  return (
    <details class="card" open={(v.carrier ?? "twilio") === carrier.id}>
      <summary>
        <strong>{carrier.name}</strong>
      </summary>
      <PostForm action={action} csrf={csrf}>
        <input type="hidden" name="carrier" value={carrier.id} />
        <label for={`${carrier.id}-e164`}>
          Phone number
          <span class="hint">The number callers dial.</span>
        </label>
        <input id={`${carrier.id}-e164`} name="e164" type="tel" required value={mine ? (v.e164 ?? "") : ""} />
        <fieldset>
          <legend>How calls reach Textback</legend>
          <label class="check">
            <input type="radio" name="mode" value="forward" checked={!(mine && v.mode === "status")} />
            Forward: Textback answers and rings your phone (simplest)
          </label>
          <label class="check">
            <input type="radio" name="mode" value="status" checked={mine && v.mode === "status"} />
            Status: your own call flow answers; Textback reads the call status
          </label>
        </fieldset>
        {carrier.fields.map((field) => (
          <>
            <label for={`${carrier.id}-${field.name}`}>
              {field.label}
              <span class="hint">{field.hint}</span>
            </label>
            <input
              id={`${carrier.id}-${field.name}`}
              name={`cred.${field.name}`}
              type={field.secret ? "password" : "text"}
              autocomplete={field.secret ? "new-password" : "off"}
              required={!field.optional}
              // Secrets are never echoed back, not even after a failed submit.
              value={field.secret || !mine ? "" : (v[`cred.${field.name}`] ?? "")}
            />
          </>
        ))}
        <div class="actions">
          <button type="submit">Add {carrier.name} number</button>
        </div>
      </PostForm>
    </details>
  );
};

async function numbersPage(
  c: PageContext,
  business: BusinessRow,
  opts: { values?: Record<string, string>; errors?: string[]; status?: PageOptions["status"] } = {},
) {
  const nums = await listNumbers(drizzle(c.env.DB), business.id);
  const base = publicBase(c);
  const csrf = c.get("session").csrfToken;
  const v = opts.values ?? {};
  return renderPage(
    c,
    { title: "Numbers", business, tab: "numbers", errors: opts.errors, status: opts.status, script: COPY_BUTTONS_SCRIPT },
    <>
      <h1>Phone numbers</h1>
      {nums.length === 0 ? <p class="card">No numbers yet. Add the number your callers dial.</p> : null}
      {nums.map((n) => (
        <NumberCard n={n} base={base} csrf={csrf} to={v[`to-${n.id}`] ?? ""} />
      ))}

      <h2>Add a number</h2>
      <p class="hint">Pick the carrier you bought the number from.</p>
      {CARRIERS.map((carrier) => (
        <AddNumberForm carrier={carrier} action={businessPath(business.id, "/numbers")} csrf={csrf} v={v} />
      ))}
    </>,
  );
}

numberPages.get("/businesses/:id/numbers", async (c) => {
  const business = await routeBusiness(c);
  return numbersPage(c, business);
});

numberPages.post("/businesses/:id/numbers", async (c) => {
  const business = await routeBusiness(c);
  const values = await formFields(c);
  const credentials: Record<string, string> = {};
  for (const [k, value] of Object.entries(values)) {
    if (k.startsWith("cred.") && value.trim() !== "") credentials[k.slice("cred.".length)] = value.trim();
  }
  const parsed = addNumberSchema.safeParse({ e164: values.e164 ?? "", carrier: values.carrier, mode: values.mode, credentials });
  if (!parsed.success) return numbersPage(c, business, { values, errors: issueMessages(parsed.error, numberFieldLabel), status: 400 });
  const refused = await formRefusal([409], () => addNumber(c.env, business, parsed.data));
  if (refused) return numbersPage(c, business, { values, ...refused });
  return c.redirect(`${businessPath(business.id, "/numbers")}?done=number_added`, 303);
});

numberPages.post("/businesses/:id/numbers/:numberId/test", async (c) => {
  const business = await routeBusiness(c);
  const number = (await listNumbers(drizzle(c.env.DB), business.id)).find((n) => n.id === c.req.param("numberId"));
  if (!number) throw new HTTPException(404, { message: "no such number" });
  const f = await formFields(c);
  const values = { [`to-${number.id}`]: f.to ?? "" };
  const to = phoneField("Send a test text to", f.to ?? "");
  if (to.error !== undefined) return numbersPage(c, business, { values, errors: [to.error], status: 400 });
  const refused = await formRefusal([409, 400, 503], () =>
    sendAdminText(c.env, {
      businessId: business.id,
      to: to.phone,
      body: `${business.name}: this is a test text from Textback. Your number works. Reply STOP to opt out.`,
      kind: "test",
      fromE164: number.e164,
      publicBaseUrl: publicBase(c),
      requestKey: postedRequestKey(f),
    }),
  );
  if (refused) return numbersPage(c, business, { values, ...refused });
  return c.redirect(`${businessPath(business.id, "/numbers")}?done=test_sent`, 303);
});
