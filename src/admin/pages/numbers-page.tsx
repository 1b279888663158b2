/** The numbers page: each number with the URLs to paste, a test text and its changes; then the add forms. */
import { drizzle } from "drizzle-orm/d1";
import type { FC } from "hono/jsx";
import type { BusinessRow } from "../../db/schema";
import { publicBase } from "../../public-base";
import { bandwidthApiUserNumbers, numberAuthProblems, type NumberAuthProblem } from "../number-problems";
import { listNumbers, webhookUrlList, type AdminNumber } from "../numbers";
import { CARRIER_FORMS, CARRIER_NAMES } from "./carrier-fields";
import type { PageContext } from "./env";
import { formatPhone } from "./format";
import { formRequestKey } from "./forms";
import { InPostedForm, Input, MarkInvalid } from "./invalid";
import { businessPath, PostForm, renderPage, type PageOptions } from "./layout";
import { ForwardingGuide } from "./forwarding-guide";
import { AddNumberForm, ForwardCaveat, NumberChangeForms } from "./number-forms";
import { parseSettings } from "../../settings";
import { BandwidthApiUserWarning, NumberAuthWarning } from "./number-problem";
import { NumberSetup, type SetupResult } from "./number-setup";
import { COPY_BUTTONS_SCRIPT, NUMBER_WAIT_SCRIPT } from "./scripts";
import { CopyField } from "./copy-field";
import { lastCall, type LastCall } from "../../db/last-call";
import { lastCallWords } from "../number-pulse";

const MODE_WORDS: Record<string, { chip: string; hint: string }> = {
  forward: { chip: "forwarding", hint: "Textback answers calls and forwards them to your phone." },
  forwarded: { chip: "your number forwards here", hint: "Your own line forwards unanswered calls here; Textback greets the caller and texts them." },
  status: { chip: "status callbacks", hint: "Your own call flow answers calls; Textback only needs the call status." },
};

/** A number with the URLs to paste for it, a form to send it a test text, and the forms that change it. */
/** Whether calls reach the number: green with the last one, or waiting (and polling) for the first. */
const CallPulse: FC<{ n: AdminNumber; last: LastCall | null; timeZone: string }> = ({ n, last, timeZone }) =>
  last ? (
    <p class="pulse ok">✓ {lastCallWords(last, n.e164, timeZone)}</p>
  ) : (
    <p class="pulse waiting" role="status" data-wait-url={businessPath(n.businessId, `/numbers/${encodeURIComponent(n.id)}/last-call`)}>
      Waiting for the first call to reach Textback: call {formatPhone(n.e164)} from any phone to try it. This turns green when it arrives.
    </p>
  );

const NumberCard: FC<{
  n: AdminNumber;
  base: string;
  csrf: string;
  v: Record<string, string>;
  setup?: SetupResult;
  last: LastCall | null;
  timeZone: string;
  problem?: NumberAuthProblem;
  /** Saved with a Bandwidth API user, which Bandwidth no longer accepts. */
  apiUser: boolean;
  /** The business's minAnsweredSeconds, for the carrier's forward-mode caveat. */
  minAnswered: number;
}> = ({ n, base, csrf, v, setup, last, timeZone, problem, apiUser, minAnswered }) => (
  <section class="card" aria-labelledby={`n-${n.id}`}>
    <h2 id={`n-${n.id}`}>
      {formatPhone(n.e164)} <span class="chip">{CARRIER_NAMES[n.carrier] ?? n.carrier}</span>{" "}
      <span class="chip">{MODE_WORDS[n.mode]?.chip ?? n.mode}</span>
    </h2>
    {apiUser ? <BandwidthApiUserWarning numberId={n.id} e164={n.e164} /> : problem ? <NumberAuthWarning problem={problem} e164={n.e164} tz={timeZone} /> : null}
    <p class="hint">
      In the carrier console, open this number and paste these URLs. {MODE_WORDS[n.mode]?.hint}
    </p>
    <ForwardCaveat carrier={n.carrier} mode={n.mode} minAnswered={minAnswered} />
    <CallPulse n={n} last={last} timeZone={timeZone} />
    {n.mode === "forwarded" ? <ForwardingGuide e164={n.e164} /> : null}
    {webhookUrlList(base, n.carrier, n.mode).map((w, i) => (
      <CopyField id={`url-${n.id}-${i}`} label={w.label} value={w.url} />
    ))}
    <NumberSetup n={n} csrf={csrf} result={setup} />
    <InPostedForm active={v[`to-${n.id}`] !== undefined}>
      <PostForm action={businessPath(n.businessId, `/numbers/${encodeURIComponent(n.id)}/test`)} csrf={csrf} class="inline">
        <input type="hidden" name="requestKey" value={formRequestKey()} />
        <div>
          <label for={`test-${n.id}`}>Send a test text to</label>
          <Input id={`test-${n.id}`} name="to" type="tel" required placeholder="(415) 234-5678" value={v[`to-${n.id}`] ?? ""} />
        </div>
        <button type="submit" class="secondary">
          Send test text
        </button>
      </PostForm>
    </InPostedForm>
    <NumberChangeForms n={n} csrf={csrf} v={v} credentialsRefused={problem !== undefined || apiUser} minAnswered={minAnswered} />
  </section>
);

/**
 * The page, with what was posted (`values`) kept in the form it came from: an add form's carrier
 * and fields, or `numberId` and `form` for a change to one number; the fields a refusal names
 * (`invalid`) marked in that form only. Secrets are never echoed back.
 */
export async function numbersPage(
  c: PageContext,
  business: BusinessRow,
  opts: { values?: Record<string, string>; errors?: string[]; invalid?: ReadonlySet<string>; status?: PageOptions["status"]; setup?: SetupResult } = {},
) {
  const db = drizzle(c.env.DB);
  const nums = await listNumbers(db, business.id);
  const [lasts, problems, apiUsers] = await Promise.all([
    Promise.all(nums.map((n) => lastCall(db, n.id))),
    numberAuthProblems(c.env.DB, business.id),
    nums.some((n) => n.carrier === "bandwidth") ? bandwidthApiUserNumbers(c.env, business.id) : new Set<string>(),
  ]);
  const base = publicBase(c);
  const csrf = c.get("session").csrfToken;
  const v = opts.values ?? {};
  const minAnswered = parseSettings(business.settings).minAnsweredSeconds;
  return renderPage(
    c,
    { title: "Numbers", business, tab: "numbers", errors: opts.errors, status: opts.status, script: COPY_BUTTONS_SCRIPT + NUMBER_WAIT_SCRIPT },
    <MarkInvalid names={opts.invalid}>
      <h1>Phone numbers</h1>
      {nums.length === 0 ? <p class="card">No numbers yet. Add the number your callers dial.</p> : null}
      {nums.map((n, i) => (
        <NumberCard n={n} base={base} csrf={csrf} v={v} setup={opts.setup} last={lasts[i] ?? null} timeZone={business.timezone} problem={problems.get(n.id)} apiUser={apiUsers.has(n.id)} minAnswered={minAnswered} />
      ))}

      <h2>Add a number</h2>
      <p class="hint">Pick the carrier you bought the number from.</p>
      {CARRIER_FORMS.map((carrier) => (
        <AddNumberForm carrier={carrier} action={businessPath(business.id, "/numbers")} csrf={csrf} v={v} minAnswered={minAnswered} />
      ))}
    </MarkInvalid>,
  );
}
