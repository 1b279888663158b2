/** What the users and tokens API accepts (DESIGN.md §7). */
import * as z from "../zod";
import { ROLES } from "../vocabulary";

const email = z.string().check(z.trim(), z.toLowerCase(), z.maxLength(200), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address"));
const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
const role = z.enum(ROLES, "must be a role: owner, manager, agent or viewer");
const businessIds = z.array(z.string().check(z.minLength(1), z.maxLength(40))).check(z.maxLength(500));

export const createUserSchema = z.strictObject({ email, name, role, businessIds: z._default(businessIds, []) });
export const patchUserSchema = z.strictObject({ name: z.optional(name), role: z.optional(role), businessIds: z.optional(businessIds) });
export const createTokenSchema = z.strictObject({ name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)), userId: z.optional(z.string().check(z.maxLength(40))) });

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type PatchUserInput = z.infer<typeof patchUserSchema>;
