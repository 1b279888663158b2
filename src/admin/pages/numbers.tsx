/** Phone numbers: add one with its carrier credentials, see the webhook URLs to paste, send a test text. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { FC } from "hono/jsx";
import { addNumber, findBusiness, listNumbers, publicBase, sendAdminText, webhookUrlList } from "../actions";
import type { BusinessRow } from "../../db/schema";
import { normalizePhone } from "../../rules/phone";
import { addNumberSchema } from "../schemas";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatPhone } from "./format";
import { formFields, formRequestKey, issueMessages } from "./forms";
import { businessPath, PostForm, renderPage } from "./layout";
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
const CARRIERS: { id: string; name: string; fields: CredentialField[] }[] = [
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

async function numbersPage(
  c: PageContext,
  business: BusinessRow,
  opts: { values?: Record<string, string>; errors?: string[]; status?: 200 | 400 | 409 | 503 } = {},
) {
  const nums = await listNumbers(drizzle(c.env.DB), business.id);
  const base = publicBase(c.env, c.req.url);
  const csrf = c.get("session").csrfToken;
  const v = opts.values ?? {};
  return renderPage(
    c,
    { title: "Numbers", business, tab: "numbers", errors: opts.errors, status: opts.status, script: COPY_BUTTONS_SCRIPT },
    <>
      <h1>Phone numbers</h1>
      {nums.length === 0 ? <p class="card">No numbers yet. Add the number your callers dial.</p> : null}
      {nums.map((n) => (
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
          <PostForm action={businessPath(business.id, `/numbers/${encodeURIComponent(n.id)}/test`)} csrf={csrf} class="inline">
            <input type="hidden" name="requestKey" value={formRequestKey()} />
            <div>
              <label for={`test-${n.id}`}>Send a test text to</label>
              <input id={`test-${n.id}`} name="to" type="tel" required placeholder="(415) 234-5678" value={v[`to-${n.id}`] ?? ""} />
            </div>
            <button type="submit" class="secondary">
              Send test text
            </button>
          </PostForm>
        </section>
      ))}

      <h2>Add a number</h2>
      <p class="hint">Pick the carrier you bought the number from.</p>
      {CARRIERS.map((carrier) => (
        <details class="card" open={(v.carrier ?? "twilio") === carrier.id}>
          <summary>
            <strong>{carrier.name}</strong>
          </summary>
          <PostForm action={businessPath(business.id, "/numbers")} csrf={csrf}>
            <input type="hidden" name="carrier" value={carrier.id} />
            <label for={`${carrier.id}-e164`}>
              Phone number
              <span class="hint">The number callers dial.</span>
            </label>
            <input id={`${carrier.id}-e164`} name="e164" type="tel" required value={v.carrier === carrier.id ? (v.e164 ?? "") : ""} />
            <fieldset>
              <legend>How calls reach Textback</legend>
              <label class="check">
                <input type="radio" name="mode" value="forward" checked={!(v.carrier === carrier.id && v.mode === "status")} />
                Forward: Textback answers and rings your phone (simplest)
              </label>
              <label class="check">
                <input type="radio" name="mode" value="status" checked={v.carrier === carrier.id && v.mode === "status"} />
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
                  value={field.secret || v.carrier !== carrier.id ? "" : (v[`cred.${field.name}`] ?? "")}
                />
              </>
            ))}
            <div class="actions">
              <button type="submit">Add {carrier.name} number</button>
            </div>
          </PostForm>
        </details>
      ))}
    </>,
  );
}

numberPages.get("/businesses/:id/numbers", async (c) => {
  const business = await findBusiness(drizzle(c.env.DB), c.req.param("id"));
  return numbersPage(c, business);
});

numberPages.post("/businesses/:id/numbers", async (c) => {
  const business = await findBusiness(drizzle(c.env.DB), c.req.param("id"));
  const f = await formFields(c);
  const credentials: Record<string, string> = {};
  for (const [k, value] of Object.entries(f)) {
    if (k.startsWith("cred.") && value.trim() !== "") credentials[k.slice("cred.".length)] = value.trim();
  }
  const parsed = addNumberSchema.safeParse({ e164: f.e164 ?? "", carrier: f.carrier, mode: f.mode, credentials });
  const values = f;
  if (!parsed.success) return numbersPage(c, business, { values, errors: issueMessages(parsed.error, numberFieldLabel), status: 400 });
  try {
    await addNumber(c.env, business, parsed.data);
  } catch (e) {
    if (e instanceof HTTPException && e.status === 409) return numbersPage(c, business, { values, errors: [e.message], status: 409 });
    throw e;
  }
  return c.redirect(`${businessPath(business.id, "/numbers")}?done=number_added`, 303);
});

numberPages.post("/businesses/:id/numbers/:numberId/test", async (c) => {
  const db = drizzle(c.env.DB);
  const business = await findBusiness(db, c.req.param("id"));
  const number = (await listNumbers(db, business.id)).find((n) => n.id === c.req.param("numberId"));
  if (!number) throw new HTTPException(404, { message: "no such number" });
  const f = await formFields(c);
  const to = normalizePhone(f.to ?? "");
  const values = { [`to-${number.id}`]: f.to ?? "" };
  if (!to) return numbersPage(c, business, { values, errors: [`Send a test text to: "${f.to ?? ""}" is not a valid phone number.`], status: 400 });
  try {
    await sendAdminText(c.env, {
      businessId: business.id,
      to,
      body: `${business.name}: this is a test text from Textback. Your number works. Reply STOP to opt out.`,
      kind: "test",
      fromE164: number.e164,
      publicBaseUrl: publicBase(c.env, c.req.url),
      requestKey: /^[a-f0-9]{32}$/.test(f.requestKey ?? "") ? f.requestKey : undefined,
    });
  } catch (e) {
    if (e instanceof HTTPException && (e.status === 409 || e.status === 400 || e.status === 503)) {
      return numbersPage(c, business, { values, errors: [e.message], status: e.status });
    }
    throw e;
  }
  return c.redirect(`${businessPath(business.id, "/numbers")}?done=test_sent`, 303);
});
