/**
 * Marking the fields a refusal names. A refused form comes back with what was typed and the list of
 * problems on top; each field a problem points at also gets `aria-invalid` (styled red, and read out
 * by screen readers), so a long form shows where to look. Forms name their fields as they post them.
 */
import { createContext, useContext } from "./jsx-context";
import type { Child, FC, JSX } from "hono/jsx";

const NONE: ReadonlySet<string> = new Set();

/** The posted names of the fields the refusal on show points at; none on a first render. */
export const InvalidFields = createContext<ReadonlySet<string>>(NONE);

/** Marks the fields named in `names` inside `children` (a form, or the whole page). */
export const MarkInvalid: FC<{ names: ReadonlySet<string> | undefined; children?: Child }> = ({ names, children }) => (
  <InvalidFields.Provider value={names ?? NONE}>{children}</InvalidFields.Provider>
);

/**
 * The marks on show, only inside the one form that was posted (`active`): a page with several
 * forms (every number has its own) names fields alike.
 */
export const InPostedForm: FC<{ active: boolean; children?: Child }> = ({ active, children }) => (
  <MarkInvalid names={active ? useContext(InvalidFields) : undefined}>{children}</MarkInvalid>
);

/**
 * `aria-invalid` for the field posted as `name`, when the refusal on show names it. Call it while
 * rendering, inside {@link MarkInvalid}.
 *
 * @example <input name="timezone" {...invalidMark("timezone")} />
 */
export function invalidMark(name: string): { "aria-invalid"?: "true" } {
  return useContext(InvalidFields).has(name) ? { "aria-invalid": "true" } : {};
}

/** What a refused form shows: the problems in words, and the fields they point at. */
export interface FormRefusal {
  errors: string[];
  invalid: Set<string>;
}

/**
 * An input that marks itself. JSX attributes are computed when the component that writes them runs,
 * so an input written in the same component as its {@link InPostedForm} would read the marks from
 * outside it: this one reads them when it is rendered, inside.
 */
export const Input: FC<JSX.IntrinsicElements["input"] & { name: string }> = (props) => <input {...props} {...invalidMark(props.name)} />;

/** A textarea that marks itself, like {@link Input}. */
export const TextArea: FC<JSX.IntrinsicElements["textarea"] & { name: string }> = ({ children, ...props }) => (
  <textarea {...props} {...invalidMark(props.name)}>
    {children}
  </textarea>
);
