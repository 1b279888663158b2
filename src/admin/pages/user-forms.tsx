/** The Users page's forms: an invite, and each person's role and businesses. */
import type { FC } from "hono/jsx";
import { ROLES, type Role } from "../../vocabulary";
import type { BusinessLink } from "./nav";
import { PostForm } from "./layout";

const ROLE_HINTS: Record<Role, string> = {
  owner: "everything, every business, users",
  manager: "their businesses: settings, numbers, templates, and all an agent does",
  agent: "their businesses: leads, calls, conversations, contacts, reports",
  viewer: "their businesses: reads what an agent reads, changes nothing",
};

const RolePicker: FC<{ id: string; selected: Role }> = ({ id, selected }) => (
  <select id={id} name="role">
    {ROLES.map((r) => (
      <option value={r} selected={r === selected}>
        {r}: {ROLE_HINTS[r]}
      </option>
    ))}
  </select>
);

/**
 * Which businesses a person works for. With few businesses, each to tick; with many (`tickAll`
 * false, `businesses` then only those someone works for), the person's own to untick and a field
 * to add one by its name or id.
 */
const BusinessPicker: FC<{ prefix: string; businesses: readonly BusinessLink[]; checked: readonly string[]; tickAll: boolean }> = ({ prefix, businesses, checked, tickAll }) => (
  <fieldset>
    <legend>Businesses</legend>
    <p class="hint">An owner has all of them.</p>
    {(tickAll ? businesses : businesses.filter((b) => checked.includes(b.id))).map((b) => (
      <label class="check" for={`${prefix}-${b.id}`}>
        <input type="checkbox" id={`${prefix}-${b.id}`} name="businessIds" value={b.id} checked={checked.includes(b.id)} /> {b.name}
      </label>
    ))}
    {tickAll ? null : (
      <>
        <label for={`${prefix}-add`}>Add a business</label>
        <input id={`${prefix}-add`} name="addBusiness" maxlength={200} placeholder="Its exact name, or its id (biz_…)" />
      </>
    )}
  </fieldset>
);

export const InviteForm: FC<{ csrf: string; businesses: readonly BusinessLink[]; tickAll: boolean }> = ({ csrf, businesses, tickAll }) => (
  <PostForm action="/admin/users" csrf={csrf} class="card">
    <h2>Invite someone</h2>
    <label for="invite-email">Email</label>
    <input id="invite-email" name="email" type="email" required />
    <label for="invite-name">Name</label>
    <input id="invite-name" name="name" required maxlength={100} />
    <label for="invite-role">Role</label>
    <RolePicker id="invite-role" selected="agent" />
    <BusinessPicker prefix="invite" businesses={businesses} checked={[]} tickAll={tickAll} />
    <div class="actions">
      <button type="submit">Make an invite link</button>
    </div>
  </PostForm>
);

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  businessIds: readonly string[];
  /** "Active", or when their invite ends. */
  status: string;
  /** No password set yet: a new invite link may be made. */
  invited: boolean;
}

/** For someone who has not set a password: a new link, which ends the one they were sent. */
const NewInviteForm: FC<{ csrf: string; person: PersonRow }> = ({ csrf, person }) => (
  <PostForm action={`/admin/users/${encodeURIComponent(person.id)}/invite`} csrf={csrf} class="new-invite">
    <p class="hint">Lost the link, or it expired? A new one replaces it: the old link stops working.</p>
    <button type="submit">New invite link</button>
  </PostForm>
);

/** Removing someone, once the box naming them is ticked (as disconnecting a booking system is). */
const RemoveForm: FC<{ csrf: string; person: PersonRow; refused: boolean }> = ({ csrf, person, refused }) => (
  <PostForm action={`/admin/users/${encodeURIComponent(person.id)}/remove`} csrf={csrf} class="remove-person">
    <p class="hint">Their sessions and API tokens end at once, and an unused invite stops working.</p>
    <label class="check" for={`remove-${person.id}`}>
      <input id={`remove-${person.id}`} type="checkbox" name="confirm" value={person.id} required {...(refused ? { "aria-invalid": "true" } : {})} /> Yes, remove {person.name}
    </label>
    <div class="actions">
      <button type="submit" class="danger">
        Remove {person.name}
      </button>
    </div>
  </PostForm>
);

export const PersonForms: FC<{ csrf: string; person: PersonRow; businesses: readonly BusinessLink[]; tickAll: boolean; refusedRemove?: boolean }> = ({
  csrf,
  person,
  businesses,
  tickAll,
  refusedRemove = false,
}) => (
  <details class="person" open={refusedRemove}>
    <summary>Change {person.name}</summary>
    <PostForm action={`/admin/users/${encodeURIComponent(person.id)}`} csrf={csrf}>
      <label for={`role-${person.id}`}>Role</label>
      <RolePicker id={`role-${person.id}`} selected={person.role} />
      <BusinessPicker prefix={person.id} businesses={businesses} checked={person.businessIds} tickAll={tickAll} />
      <div class="actions">
        <button type="submit">Save</button>
      </div>
    </PostForm>
    {person.invited ? <NewInviteForm csrf={csrf} person={person} /> : null}
    <RemoveForm csrf={csrf} person={person} refused={refusedRemove} />
  </details>
);
