import { z } from "zod/v3";
import { list, str, type WireSchema } from "./common";
import { type Group, GroupSchema, groupFromWire, groupWireFields } from "./groups";
import { type ReducedUser, ReducedUserSchema, type User, userFromWire, userWireFields } from "./meta";

export type TemplateRole = "admin" | "use" | "";

export interface TemplateAclUser extends User {
  role: TemplateRole | string;
}
export interface TemplateAclGroup extends Group {
  role: TemplateRole | string;
}
/** Normalised: Coder's singular `group` key becomes `groups` (only here). */
export interface TemplateAcl {
  users: TemplateAclUser[];
  groups: TemplateAclGroup[];
}
const AclUserSchema: WireSchema<TemplateAclUser> = z
  .object({ ...userWireFields, role: str })
  .transform((o) => ({ ...userFromWire(o), role: o.role }));
const AclGroupSchema: WireSchema<TemplateAclGroup> = z
  .object({ ...groupWireFields, role: str })
  .transform((o) => ({ ...groupFromWire(o), role: o.role }));

/** An ACL answer with the given user and group schemas; Coder's singular `group` becomes `groups`. */
function aclSchema<U extends z.ZodType, G extends z.ZodType>(user: U, group: G) {
  return z
    .object({ users: list(user), group: list(group), groups: list(group) })
    .transform((o) => ({ users: o.users, groups: o.group.length > 0 ? o.group : o.groups }));
}

export const TemplateAclSchema: WireSchema<TemplateAcl> = aclSchema(AclUserSchema, AclGroupSchema);

/**
 * Only who has which role: what the TemplateAcl resource compares. Each group of the full answer
 * comes with its members; validating all of them cost ~100 ms for a template granted to 1000
 * groups, at the end of a refresh, while none of it is used.
 */
export interface TemplateAclRoles {
  users: Array<{ id: string; role: TemplateRole | string }>;
  groups: Array<{ id: string; role: TemplateRole | string }>;
}
const AclRoleSchema = z.object({ id: z.string(), role: str });
export const TemplateAclRolesSchema: WireSchema<TemplateAclRoles> = aclSchema(AclRoleSchema, AclRoleSchema);

export interface TemplateAclAvailable {
  users: ReducedUser[];
  groups: Group[];
}
export const TemplateAclAvailableSchema: WireSchema<TemplateAclAvailable> = z
  .object({ users: list(ReducedUserSchema), groups: list(GroupSchema) })
  .transform((o) => ({ users: o.users, groups: o.groups }));

/** Keys are user / group UUIDs; "" removes the entry; absent keys are untouched. */
export interface UpdateTemplateAclRequest {
  userPerms?: Record<string, TemplateRole>;
  groupPerms?: Record<string, TemplateRole>;
}
