/** A contact's tags as the admin shows them: the four that decide calls in words, the rest as typed. */
import type { ContactTag } from "../../vocabulary";

const TAG_TONE: Record<ContactTag, string> = { internal: "", blocked: "bad", vip: "warn", customer: "ok" };

const TAG_TITLE: Record<ContactTag, string> = {
  internal: "One of the business's own people: never texted",
  blocked: "Blocked: never texted",
  vip: "VIP: the owner is told to call back",
  customer: "Customer: gets the customers' text, no questions",
};

/** A blocked caller's conversation in the inbox: why it asks for nothing (the page and its live script). */
export const BLOCKED_TITLE = "Blocked: never texted, needs no reply";

const isDeciding = (tag: string): tag is ContactTag => tag in TAG_TONE;

/** The tags as chips; `decidingOnly` shows just the four that change what a call does (on calls and leads). */
export const TagChips = (props: { tags: readonly string[]; decidingOnly?: boolean }) => {
  const tags = props.decidingOnly ? props.tags.filter(isDeciding) : props.tags;
  if (tags.length === 0) return null;
  return (
    <span class="chips">
      {tags.map((t) => (isDeciding(t) ? <span class={`chip ${TAG_TONE[t]}`} title={TAG_TITLE[t]}>{t}</span> : <span class="chip">{t}</span>))}
    </span>
  );
};

/** Tags as typed in a form field: separated by commas or semicolons. */
export const tagsFromField = (field: string | undefined): string[] => (field ?? "").split(/[;,]/).map((t) => t.trim()).filter((t) => t !== "");
