/** What the contacts API takes (DESIGN.md §6.4): a contact to store, and how a list is asked for. */
import * as z from "../zod";
import { MAX_TAGS, normalizeTag, tagSet } from "../rules/contacts";
import { MAX_NAME_LENGTH, MAX_NOTES_LENGTH } from "./contacts-csv";

/** A tag as people type it, stored lowercase; 400 names it when it cannot be one. */
const tagInput = z.pipe(
  z.string(),
  z.transform((s: string, ctx) => {
    const tag = normalizeTag(s);
    if (!tag) {
      ctx.issues.push({ code: "custom", message: `"${s.slice(0, 50)}" is not a tag (1 to 40 characters, no ; , or control characters)`, input: s });
      return z.NEVER;
    }
    return tag;
  }),
);

/** Text that may be left out or empty (both stored as null). */
const optionalText = (max: number) =>
  z.pipe(
    z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(max)))),
    z.transform((s) => (s ? s : null)),
  );

/** `PUT /businesses/:id/contacts/:phone`: the whole contact (what is left out is cleared, so a tag left out is removed). */
export const contactPutSchema = z.strictObject({
  name: optionalText(MAX_NAME_LENGTH),
  tags: z.pipe(z._default(z.array(tagInput).check(z.maxLength(MAX_TAGS)), []), z.transform((tags) => tagSet(tags))),
  notes: optionalText(MAX_NOTES_LENGTH),
});
export type ContactPut = z.infer<typeof contactPutSchema>;

/** `GET /businesses/:id/contacts`: by phone, a page at a time, optionally searched or of one tag. */
export const contactListQuerySchema = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 50),
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  tag: z.optional(tagInput),
  cursor: z.optional(z.string().check(z.regex(/^\+[1-9]\d{1,14}$/, "must be the nextCursor of an earlier page"))),
});
export type ContactListQuery = z.infer<typeof contactListQuerySchema>;
