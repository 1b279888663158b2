/** How to forward a business's own line to its Textback number (`forwarded` mode), per US carrier. */
import type { FC } from "hono/jsx";
import { forwardingGuides } from "../../rules/forwarding-codes";
import { formatPhone } from "./format";

/** The guide for a number in `forwarded` mode; the carrier codes are North American, so only for +1 numbers. */
export const ForwardingGuide: FC<{ e164: string }> = ({ e164 }) => {
  const nanp = /^\+1(\d{10})$/.exec(e164);
  return (
    <details class="guide" open>
      <summary>Forward your own line to {formatPhone(e164)}</summary>
      <p class="hint">
        Keep your number: your phone still rings first. When nobody answers, your carrier forwards the call here and the caller gets a text at
        once. Forward before your carrier's voicemail answers, or voicemail takes the call and Textback never sees it.
      </p>
      {nanp ? (
        <dl class="codes">
          {forwardingGuides(nanp[1]!).map((g) => (
            <>
              <dt>{g.carrier}</dt>
              <dd>
                Dial {g.steps.map((s, i) => (
                  <>
                    {i > 0 ? ", then " : ""}
                    <code>{s}</code>
                  </>
                ))}
                . To stop: <code>{g.cancel}</code>.{g.note ? <span class="hint"> {g.note}</span> : null}
              </dd>
            </>
          ))}
        </dl>
      ) : (
        <p class="hint">In your phone system or with your carrier, turn on "forward when unanswered" and "forward when busy" to this number.</p>
      )}
    </details>
  );
};
