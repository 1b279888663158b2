/** A number's carrier settings on its card: checked on request (and after adding it), fixed by Textback on request, undone. */
import type { FC } from "hono/jsx";
import type { AdminNumber } from "../numbers";
import { configurable, type SetupCheck } from "../../rules/number-setup";
import type { Registration } from "../../rules/registration";
import { CARRIER_NAMES } from "./carrier-fields";
import { businessPath, PostForm } from "./layout";

/** What the page knows about one number's carrier settings after a check, a configure or an undo. */
export type SetupResult =
  | { numberId: string; checks: SetupCheck[]; canUndo: boolean; said?: string; registration?: Registration | null }
  | { numberId: string; error: string; canUndo: boolean }
  | { numberId: string; said: string; canUndo: boolean };

const CheckRow: FC<{ check: SetupCheck }> = ({ check }) => (
  <li class={check.ok ? "ok" : "wrong"}>
    <strong>{check.ok ? "✓" : "✗"} {check.label}</strong>
    {check.ok ? null : (
      <span class="hint">
        {" "}
        is {check.actual ? <code>{check.actual}</code> : "not set"}; should be <code>{check.expected}</code>
        {check.advice ? ` ${check.advice}` : null}
      </span>
    )}
  </li>
);

export const NumberSetup: FC<{ n: AdminNumber; csrf: string; result?: SetupResult }> = ({ n, csrf, result }) => {
  const carrier = CARRIER_NAMES[n.carrier] ?? n.carrier;
  const path = (what: string) => businessPath(n.businessId, `/numbers/${encodeURIComponent(n.id)}/${what}`);
  const mine = result?.numberId === n.id ? result : undefined;
  const fixable = mine && "checks" in mine && mine.checks.some((c) => !c.ok && configurable(c.name));
  return (
    <div class="setup" id={`setup-${n.id}`}>
      {mine && "error" in mine ? <p class="error" role="alert">{mine.error}</p> : null}
      {mine && !("checks" in mine) && "said" in mine ? <p role="status">{mine.said}</p> : null}
      {mine && "checks" in mine ? (
        <>
          {mine.said ? <p role="status">{mine.said}</p> : null}
          <p>{mine.checks.every((c) => c.ok) ? `Set up right at ${carrier}.` : `Not set up right at ${carrier} yet:`}</p>
          <ul class="checks">
            {mine.checks.map((c) => (
              <CheckRow check={c} />
            ))}
            {mine.registration ? (
              <li class={mine.registration.ok ? "ok" : "wrong"}>
                <strong>{mine.registration.ok ? "✓" : "✗"} US registration</strong>{" "}
                <span class="hint">
                  {mine.registration.words}
                  {mine.registration.advice ? ` ${mine.registration.advice}` : null}
                </span>
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
      <div class="actions">
        <a class="button secondary" href={`${businessPath(n.businessId, "/numbers")}?check=${encodeURIComponent(n.id)}#setup-${n.id}`}>
          Check setup at {carrier}
        </a>
      </div>
      {fixable ? (
        <PostForm action={path("configure")} csrf={csrf}>
          <label class="check" for={`configure-${n.id}`}>
            <input id={`configure-${n.id}`} type="checkbox" name="confirm" value="yes" required />
            Let Textback change these settings at {carrier} (you can undo it)
          </label>
          <button type="submit">Configure for me</button>
        </PostForm>
      ) : null}
      {n.mode === "forwarded" ? (
        <PostForm action={path("test-call")} csrf={csrf}>
          <p class="hint">Watch the forwarding work: Textback calls your own phone from this number. Let it ring; when your line forwards it here, this page turns green.</p>
          <button type="submit" class="secondary">Place a test call</button>
        </PostForm>
      ) : null}
      {mine?.canUndo ? (
        <PostForm action={path("configure/undo")} csrf={csrf}>
          <button type="submit" class="secondary">Undo Textback's change</button>
        </PostForm>
      ) : null}
    </div>
  );
};
