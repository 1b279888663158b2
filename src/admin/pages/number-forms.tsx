/** The forms of the numbers page: add a number, and change one (mode, credentials) or remove it. */
import type { FC } from "hono/jsx";
import type { AdminNumber } from "../numbers";
import type { NumberMode } from "../../vocabulary";
import { forwardCaveat } from "../../rules/forward-caveats";
import { CARRIER_FORMS, type CarrierForm } from "./carrier-fields";
import { formatPhone } from "./format";
import { InPostedForm, Input, invalidMark } from "./invalid";
import { businessPath, PostForm } from "./layout";

/**
 * A carrier's credential fields, named `cred.<name>`, with ids under `idPrefix`. `v` is what was
 * posted; secrets are never echoed back, not even after a failed submit.
 */
const CredentialInputs: FC<{ carrier: CarrierForm; idPrefix: string; v: Record<string, string> }> = ({ carrier, idPrefix, v }) => (
  <>
    {carrier.fields.map((field) => (
      <>
        <label for={`${idPrefix}-${field.name}`}>
          {field.label}
          <span class="hint">{field.hint}</span>
        </label>
        {field.multiline ? (
          <textarea
            id={`${idPrefix}-${field.name}`}
            name={`cred.${field.name}`}
            rows={6}
            autocomplete="off"
            spellcheck={false}
            required={!field.optional}
            {...invalidMark(`cred.${field.name}`)}
          >
            {field.secret ? "" : (v[`cred.${field.name}`] ?? "")}
          </textarea>
        ) : (
          <input
            id={`${idPrefix}-${field.name}`}
            name={`cred.${field.name}`}
            type={field.secret ? "password" : "text"}
            autocomplete={field.secret ? "new-password" : "off"}
            required={!field.optional}
            value={field.secret ? "" : (v[`cred.${field.name}`] ?? "")}
            {...invalidMark(`cred.${field.name}`)}
          />
        )}
      </>
    ))}
  </>
);

const MODE_CHOICES: Array<{ mode: NumberMode; label: string }> = [
  { mode: "forward", label: "Forward: Textback answers and rings your phone (simplest)" },
  { mode: "forwarded", label: "Keep your number: your own line forwards unanswered calls to this number" },
  { mode: "status", label: "Status: your own call flow answers; Textback reads the call status" },
];

/** What the carrier's forward mode cannot do (rules/forward-caveats.ts), where the mode is chosen or shown. */
export const ForwardCaveat: FC<{ carrier: string; mode?: NumberMode; minAnswered: number }> = ({ carrier, mode, minAnswered }) => {
  const words = forwardCaveat(carrier, mode, minAnswered);
  return words ? <p class="hint caveat">{words}</p> : null;
};

/** The modes as radio buttons (`idPrefix` keeps their ids apart from another form's on the page), the carrier's caveat under Forward. */
const ModeChoice: FC<{ idPrefix: string; mode: string; carrier: string; minAnswered: number }> = ({ idPrefix, mode, carrier, minAnswered }) => (
  <fieldset {...invalidMark("mode")}>
    <legend>How calls reach Textback</legend>
    {MODE_CHOICES.map((m) => (
      <>
        <label class="check" for={`${idPrefix}-${m.mode}`}>
          <input id={`${idPrefix}-${m.mode}`} type="radio" name="mode" value={m.mode} checked={m.mode === mode || (m.mode === "forward" && !MODE_CHOICES.some((c) => c.mode === mode))} />
          {m.label}
        </label>
        {m.mode === "forward" ? <ForwardCaveat carrier={carrier} minAnswered={minAnswered} /> : null}
      </>
    ))}
  </fieldset>
);

/** One carrier's add form; `v` is what was posted, kept when it was this carrier's form. */
export const AddNumberForm: FC<{ carrier: CarrierForm; action: string; csrf: string; v: Record<string, string>; minAnswered: number }> = ({ carrier, action, csrf, v, minAnswered }) => {
  const mine = v.carrier === carrier.id && v.numberId === undefined;
  return (
    <details class="card" open={(v.carrier ?? "twilio") === carrier.id}>
      <summary>
        <strong>{carrier.name}</strong>
      </summary>
      <InPostedForm active={mine}>
        <PostForm action={action} csrf={csrf}>
          <input type="hidden" name="carrier" value={carrier.id} />
          <label for={`${carrier.id}-e164`}>
            Phone number
            <span class="hint">The number callers dial.</span>
          </label>
          <Input id={`${carrier.id}-e164`} name="e164" type="tel" required value={mine ? (v.e164 ?? "") : ""} />
          <ModeChoice idPrefix={`${carrier.id}-mode`} mode={mine ? (v.mode ?? "forward") : "forward"} carrier={carrier.id} minAnswered={minAnswered} />
          <CredentialInputs carrier={carrier} idPrefix={carrier.id} v={mine ? v : {}} />
          <div class="actions">
            <button type="submit">Add {carrier.name} number</button>
          </div>
        </PostForm>
      </InPostedForm>
    </details>
  );
};

/**
 * Changing a number: its mode, new credentials (after a token was rotated at the carrier), or
 * removing it, confirmed by a box to tick. `v` is what was posted, when it was for this number.
 */
export const NumberChangeForms: FC<{ n: AdminNumber; csrf: string; v: Record<string, string>; credentialsRefused?: boolean; minAnswered: number }> = ({
  n,
  csrf,
  v,
  credentialsRefused,
  minAnswered,
}) => {
  const path = (what: string) => businessPath(n.businessId, `/numbers/${encodeURIComponent(n.id)}/${what}`);
  const carrier = CARRIER_FORMS.find((c) => c.id === n.carrier);
  const posted = v.numberId === n.id ? v.form : undefined;
  return (
    <>
      <details open={posted === "mode"}>
        <summary>Change how calls reach Textback</summary>
        <InPostedForm active={posted === "mode"}>
          <PostForm action={path("mode")} csrf={csrf}>
            <ModeChoice idPrefix={`mode-${n.id}`} mode={n.mode} carrier={n.carrier} minAnswered={minAnswered} />
            <button type="submit" class="secondary">Save mode</button>
          </PostForm>
        </InPostedForm>
      </details>
      {carrier ? (
        <details open={posted === "credentials" || credentialsRefused}>
          <summary>Replace credentials</summary>
          <p class="hint">After you rotate a token at {carrier.name}, enter the new credentials here, all of them. The old ones stop working here at once.</p>
          <InPostedForm active={posted === "credentials"}>
            <PostForm action={path("credentials")} csrf={csrf}>
              <CredentialInputs carrier={carrier} idPrefix={`cred-${n.id}`} v={posted === "credentials" ? v : {}} />
              <div class="actions">
                <button type="submit" class="secondary">Replace credentials</button>
              </div>
            </PostForm>
          </InPostedForm>
        </details>
      ) : null}
      <details open={posted === "remove"}>
        <summary>Remove this number</summary>
        <p class="hint">
          Its calls and texts stay in the history. Textback refuses the carrier's webhooks for it from now on: point the number elsewhere in the
          carrier console.
        </p>
        <PostForm action={path("remove")} csrf={csrf}>
          <label class="check" for={`remove-${n.id}`}>
            <InPostedForm active={posted === "remove"}>
              <Input id={`remove-${n.id}`} type="checkbox" name="confirm" value={n.e164} required />
            </InPostedForm>
            Yes, remove {formatPhone(n.e164)}
          </label>
          <button type="submit" class="danger">Remove number</button>
        </PostForm>
      </details>
    </>
  );
};
