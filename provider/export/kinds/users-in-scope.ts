// The users of the exported organizations, read once per export and shared by the User, quiet-hours
// and membership exporters. Coder has no "list users" route in the client; the member lists of the
// exported organizations give every user those organizations contain (a user in no exported
// organization is out of the export's scope anyway).

import type { OrganizationMemberWithUser, User } from "../../client";
import type { ExportContext } from "../model";

interface Scope {
  members: Map<string, OrganizationMemberWithUser[]>;
  users: User[];
  me: User;
}

const scopes = new WeakMap<ExportContext, Promise<Scope>>();

async function load(ctx: ExportContext): Promise<Scope> {
  const members = new Map<string, OrganizationMemberWithUser[]>();
  const ids = new Set<string>();
  for (const org of ctx.organizations) {
    const list = await ctx.client.listOrganizationMembers(org.id);
    members.set(org.id, list);
    for (const m of list) ids.add(m.userId.toLowerCase());
  }
  const users: User[] = [];
  for (const id of [...ids].sort()) users.push(await ctx.client.getUser(id));
  users.sort((a, b) => a.username.localeCompare(b.username));
  return { members, users, me: await ctx.client.getMe() };
}

/** Members per exported organization id, the users they are (sorted by username), and the token's user. */
export function usersInScope(ctx: ExportContext): Promise<Scope> {
  let s = scopes.get(ctx);
  if (!s) {
    s = load(ctx);
    scopes.set(ctx, s);
  }
  return s;
}
