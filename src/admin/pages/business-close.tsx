/** The settings page's last section: closing the business down, for the owner only. */
import type { FC } from "hono/jsx";
import { businessPath, PostForm } from "./layout";
import { mayHere } from "./nav";

/** Says what goes and what stays before asking for the name (a refusal shows at the page's top); left out for a role that may not close it. */
export const CloseBusinessSection: FC<{ business: { id: string; name: string }; csrf: string; numbers: number; refused?: boolean }> = (props) => {
  const action = businessPath(props.business.id, "/close");
  if (!mayHere("POST", action)) return null;
  return (
    <section class="card" id="close" aria-labelledby="close-heading">
      <h2 id="close-heading">Close this business</h2>
      <p>
        Closing deletes everything of <strong>{props.business.name}</strong>: its calls, texts, leads with their history and notes,
        contacts and tags, templates, booking connections, event subscribers and their deliveries, CRM links, and people's access
        to it (the people themselves stay). It cannot be undone.
      </p>
      <p>
        Kept, because the law asks for it: its consent records, opt-outs included, so a later question such as "did we text this
        number after it said STOP?" can still be answered; and the audit log's entry of who closed it and when.
      </p>
      {props.numbers > 0 ? (
        <p class="hint">
          Remove its {props.numbers === 1 ? "number" : `${props.numbers} numbers`} on the <a href={businessPath(props.business.id, "/numbers")}>Numbers</a>{" "}
          tab first, then release or repoint {props.numbers === 1 ? "it" : "them"} in the carrier's console: removing a number here
          changes nothing at the carrier.
        </p>
      ) : null}
      <PostForm action={action} csrf={props.csrf}>
        <label for="close-confirm">Type the business's name to confirm</label>
        <input id="close-confirm" name="confirm" autocomplete="off" required aria-invalid={props.refused ? "true" : undefined} />
        <div class="actions">
          <button type="submit" class="danger">
            Close this business
          </button>
        </div>
      </PostForm>
    </section>
  );
};
