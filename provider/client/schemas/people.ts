// Organizations, organization members and users as the admin routes return them
// (codersdk/organizations.go, codersdk/users.go). The read shapes of User and Organization are in
// ./meta; this module holds the membership shapes and the request types of the write routes.
import { z } from "zod/v3";
import { list, str, type WireSchema } from "./common";

/** codersdk.SlimRole: `organizationId` is "" for site roles. */
export interface SlimRole {
  name: string;
  displayName: string;
  organizationId: string;
}
const SlimRoleSchema: WireSchema<SlimRole> = z
  .object({ name: str, display_name: str, organization_id: str })
  .transform((o) => ({ name: o.name, displayName: o.display_name, organizationId: o.organization_id }));

/** codersdk.OrganizationMember: `roles` are the explicitly stored org roles (member is implied). */
export interface OrganizationMember {
  userId: string;
  organizationId: string;
  createdAt: string;
  updatedAt: string;
  roles: SlimRole[];
}
const memberWireFields = {
  user_id: z.string(),
  organization_id: z.string(),
  created_at: str,
  updated_at: str,
  roles: list(SlimRoleSchema),
};
export const OrganizationMemberSchema: WireSchema<OrganizationMember> = z
  .object(memberWireFields)
  .transform((o) => ({
    userId: o.user_id,
    organizationId: o.organization_id,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    roles: o.roles,
  }));

/** codersdk.OrganizationMemberWithUserData. */
export interface OrganizationMemberWithUser extends OrganizationMember {
  username: string;
  name: string;
  email: string;
  globalRoles: SlimRole[];
}
export const OrganizationMemberWithUserSchema: WireSchema<OrganizationMemberWithUser> = z
  .object({ ...memberWireFields, username: str, name: str, email: str, global_roles: list(SlimRoleSchema) })
  .transform((o) => ({
    userId: o.user_id,
    organizationId: o.organization_id,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    roles: o.roles,
    username: o.username,
    name: o.name,
    email: o.email,
    globalRoles: o.global_roles,
  }));
export const OrganizationMemberWithUserListSchema = list(OrganizationMemberWithUserSchema);

/** POST /organizations. Omitted displayName: Coder uses the name. */
export interface CreateOrganizationRequest {
  name: string;
  displayName?: string;
  description?: string;
  icon?: string;
}

/** PATCH /organizations/{org}: omitted fields are unchanged; Coder ignores "" name/displayName. */
export interface UpdateOrganizationRequest {
  name?: string;
  displayName?: string;
  description?: string;
  icon?: string;
}

export type LoginType = "password" | "oidc" | "github" | "none";

/** POST /users (CreateUserRequestWithOrgs). */
export interface CreateUserRequest {
  username: string;
  email: string;
  name?: string;
  /** Only for loginType "password". */
  password?: string;
  loginType: LoginType;
  /** "active" | "dormant" | "suspended"; Coder's default is "dormant". */
  userStatus?: string;
  organizationIds: string[];
}
