/** `/admin/users` (owner only): invite people, set their role and businesses, remove them, see pending invites. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { businessIdsByUser, listUsers, pendingInvites } from "../../db/team";
import { publicBase } from "../../public-base";
import { inviteUrl } from "../api/users";
import { listBusinesses } from "../businesses";
import { assignedBusinesses, businessCount, businessNamed } from "../business-list";
import { createUserSchema, patchUserSchema } from "../team-schemas";
import { findUserOr404, inviteUser, reinviteUser, removeUser, updateUser } from "../users";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatTimeInZone } from "./format";
import { CopyField } from "./copy-field";
import { COPY_BUTTONS_SCRIPT } from "./scripts";
import { formRefusal } from "./forms";
import { DataTable } from "./data-table";
import { renderPage } from "./layout";
import type { BusinessLink } from "./nav";
import { parseInput } from "../../input";
import { InviteForm, PersonForms, type PersonRow } from "./user-forms";

export const userPages = new Hono<AdminPagesEnv>();

/**
 * The time zone an invite's expiry reads in: its person's businesses' when they share one, else the
 * one every business listed shares (an office with one business, inviting anyone), else UTC. A
 * person belongs to no business's clock of their own, and nothing on this page says a zone once.
 */
export function inviteTimeZone(businessIds: readonly string[], zones: ReadonlyMap<string, string>): string {
  const one = (list: readonly (string | undefined)[]) => {
    const set = new Set(list.filter((z): z is string => z !== undefined));
    return set.size === 1 ? [...set][0]! : null;
  };
  return one(businessIds.map((id) => zones.get(id))) ?? one([...zones.values()]) ?? "UTC";
}

/** Up to this many businesses, each person's form lists them all to tick; past it, theirs and a field to add one. */
const TICK_ALL_UP_TO = 100;

async function people(c: PageContext): Promise<{ rows: PersonRow[]; businesses: BusinessLink[]; tickAll: boolean }> {
  const db = drizzle(c.env.DB);
  const now = Date.now();
  const tickAll = (await businessCount(db)) <= TICK_ALL_UP_TO;
  const [users, byUser, pending, businesses] = await Promise.all([
    listUsers(db),
    businessIdsByUser(db),
    pendingInvites(db, now),
    tickAll ? listBusinesses(db) : assignedBusinesses(db),
  ]);
  const invited = new Map(pending.map((i) => [i.userId, i.expiresAt]));
  const zones = new Map(businesses.map((b) => [b.id, b.timezone]));
  const rows = users.map((u) => {
    const until = invited.get(u.id);
    const businessIds = byUser.get(u.id) ?? [];
    const when = until ? formatTimeInZone(until, inviteTimeZone(businessIds, zones)) : "";
    const status = u.passwordHash ? "Active" : until ? `Invited, link works until ${when}` : "Invite expired: make a new invite link";
    return { id: u.id, name: u.name, email: u.email, role: u.role, businessIds, status, invited: !u.passwordHash };
  });
  return { rows, businesses: businesses.map((b) => ({ id: b.id, name: b.name })), tickAll };
}

interface UsersPageOptions {
  errors?: string[];
  invite?: { email: string; url: string };
  /** The person whose removal was refused for want of the ticked box. */
  refusedRemove?: string;
}

async function usersPage(c: PageContext, opts: UsersPageOptions = {}) {
  const { rows, businesses, tickAll } = await people(c);
  const csrf = c.get("session").csrfToken;
  const names = new Map(businesses.map((b) => [b.id, b.name]));
  const pending = rows.filter((r) => r.status !== "Active");
  return renderPage(
    c,
    { title: "Users", errors: opts.errors, status: opts.errors?.length ? 400 : 200, script: opts.invite ? COPY_BUTTONS_SCRIPT : undefined },
    <>
      <h1>Users</h1>
      {opts.invite ? (
        <div class="flash" role="status">
          <p>Invite for {opts.invite.email}: send them this link. It works once, for 72 hours, and is not shown again.</p>
          <CopyField id="invite-url" label="Invite link" value={opts.invite.url} />
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p class="card">No users yet: invite someone below.</p>
      ) : (
        <DataTable
          columns={["Name", "Email", "Role", "Businesses", "Status", { label: "Change", hideLabel: true }]}
          rows={rows.map((p) => [
            p.name,
            p.email,
            p.role,
            p.role === "owner" ? "All" : p.businessIds.map((id) => names.get(id) ?? id).join(", "),
            p.status,
            <PersonForms csrf={csrf} person={p} businesses={businesses} tickAll={tickAll} refusedRemove={opts.refusedRemove === p.id} />,
          ])}
        />
      )}
      {pending.length > 0 ? (
        <section aria-labelledby="pending-heading">
          <h2 id="pending-heading">Pending invites</h2>
          <ul>
            {pending.map((p) => (
              <li>
                {p.email} ({p.role}): {p.status}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <InviteForm csrf={csrf} businesses={businesses} tickAll={tickAll} />
    </>,
  );
}

/** The posted form as the API's fields: `businessIds` may repeat. */
async function posted(c: PageContext) {
  const body = await c.req.parseBody({ all: true });
  const ids = body.businessIds;
  const list = (ids === undefined ? [] : Array.isArray(ids) ? ids : [ids]).filter((v): v is string => typeof v === "string");
  const text = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : undefined);
  return { email: text("email"), name: text("name"), role: text("role"), businessIds: list, addBusiness: text("addBusiness")?.trim() || undefined };
}

/** The ticked businesses, and the one typed into "Add a business" (by name or id) when there is one. */
async function businessIdsOf(c: PageContext, f: Awaited<ReturnType<typeof posted>>): Promise<string[]> {
  if (!f.addBusiness) return f.businessIds;
  const added = await businessNamed(drizzle(c.env.DB), f.addBusiness, "addBusiness");
  return f.businessIds.includes(added) ? f.businessIds : [...f.businessIds, added];
}

userPages.get("/users", (c) => usersPage(c));

userPages.post("/users", async (c) => {
  const f = await posted(c);
  let made: { email: string; url: string } | undefined;
  const refused = await formRefusal([400, 409], async () => {
    const input = parseInput(createUserSchema, { email: f.email, name: f.name, role: f.role, businessIds: await businessIdsOf(c, f) });
    const { user, token } = await inviteUser(c.env, input, c.get("principal").actor);
    made = { email: user.email, url: inviteUrl(publicBase(c), token) };
  });
  return usersPage(c, refused ? { errors: refused.errors } : { invite: made });
});

userPages.post("/users/:userId", async (c) => {
  const user = await findUserOr404(c.env, c.req.param("userId"));
  const f = await posted(c);
  const refused = await formRefusal([400], async () => updateUser(c.env, user, parseInput(patchUserSchema, { role: f.role, businessIds: await businessIdsOf(c, f) })));
  if (refused) return usersPage(c, { errors: refused.errors });
  return c.redirect("/admin/users?done=user_saved", 303);
});

/** Removes a person once the box naming them is ticked. */
userPages.post("/users/:userId/remove", async (c) => {
  const user = await findUserOr404(c.env, c.req.param("userId"));
  const body = await c.req.parseBody();
  if (body.confirm !== user.id) return usersPage(c, { errors: [`Tick "Yes, remove ${user.name}" to remove them.`], refusedRemove: user.id });
  await removeUser(c.env, user);
  return c.redirect("/admin/users?done=user_removed", 303);
});

/** A new invite link for someone who has not set a password; the old one stops working. */
userPages.post("/users/:userId/invite", async (c) => {
  const user = await findUserOr404(c.env, c.req.param("userId"));
  let made: { email: string; url: string } | undefined;
  const refused = await formRefusal([409], async () => {
    const { token } = await reinviteUser(c.env, user, c.get("principal").actor);
    made = { email: user.email, url: inviteUrl(publicBase(c), token) };
  });
  return usersPage(c, refused ? { errors: refused.errors } : { invite: made });
});

