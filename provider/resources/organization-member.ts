import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import { CoderApiError, type OrganizationMemberWithUser } from "../client";
import { createConverging } from "../dynamic/converge";
import { defineResourceProvider, PartialCreateError, type ProviderContext } from "../dynamic/define-provider";
import { uuid } from "../dynamic/validation";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.

/** Coder's built-in organization roles (custom organization roles are accepted too). */
export const BUILT_IN_ORGANIZATION_ROLES = [
  "organization-admin",
  "organization-auditor",
  "organization-user-admin",
  "organization-template-admin",
  "organization-workspace-creation-ban",
] as const;

/** Arguments of an {@link OrganizationMember}. */
export interface OrganizationMemberArgs {
  /** Organization id. Default: `coderd:organization`, else your first organization. Changing it replaces the membership. */
  organizationId?: pulumi.Input<string>;
  /** The user's id (e.g. a `User`'s `id`). Changing it replaces the membership. */
  userId: pulumi.Input<string>;
  /**
   * The member's organization roles, authoritative: roles not listed are removed. Built-in:
   * `organization-admin`, `organization-auditor`, `organization-user-admin`,
   * `organization-template-admin`, `organization-workspace-creation-ban`; custom organization
   * roles by name. `organization-member` is implied for every member and is not listed. Default [].
   */
  roles?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Take over an existing membership instead of failing (Coder answers 400 "already an
   * organization member"); its roles are then set to `roles`. Destroying the resource removes the
   * membership, as it does for one the stack created.
   */
  adopt?: pulumi.Input<boolean>;
}

interface OrganizationMemberInputs {
  organizationId?: string;
  userId: string;
  roles: string[];
  adopt: boolean;
}

interface OrganizationMemberOutputs extends OrganizationMemberInputs {
  organizationId: string;
  username: string;
}

const ROLE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const roleName = z
  .string()
  .refine((r) => !r.includes(":"), {
    message: "must be a role name without the `:<organization id>` suffix (e.g. organization-admin)",
  })
  .refine((r) => r.includes(":") || ROLE_NAME.test(r), {
    message: `must be a role name: lower-case alphanumeric with single hyphens (built-in: ${BUILT_IN_ORGANIZATION_ROLES.join(", ")})`,
  })
  .refine((r) => r !== "organization-member", {
    message: "organization-member is implied for every member; leave it out",
  });

const organizationMemberInputs = z.object({
  organizationId: uuid("organizationId")
    .transform((s) => s.toLowerCase())
    .optional(),
  userId: uuid("userId").transform((s) => s.toLowerCase()),
  roles: z
    .array(roleName)
    .refine((rs) => new Set(rs).size === rs.length, { message: "must not contain duplicate roles" })
    .transform((rs) => [...rs].sort())
    .default([]),
  adopt: z.boolean().default(false),
});

const sameRoles = (a: string[], b: string[]) => a.length === b.length && a.every((r, i) => r === b[i]);

/**
 * The provider implementation, loaded by package path inside the dynamic-provider host.
 *
 * @internal
 */
export const organizationMemberProvider = defineResourceProvider<
  OrganizationMemberInputs,
  OrganizationMemberOutputs
>({
  typeName: "OrganizationMember",
  inputs: organizationMemberInputs as unknown as z.ZodType<OrganizationMemberInputs>,
  inputKeys: ["organizationId", "userId", "roles"],
  replaceOn: ["organizationId", "userId"],
  // Remove the old membership first: a replacement with the same user/org would otherwise be
  // refused as a duplicate.
  deleteBeforeReplace: true,
  async resolveDefaults(ctx, inputs, olds) {
    return {
      ...inputs,
      organizationId: inputs.organizationId ?? olds.organizationId ?? (await ctx.organizationId()),
    };
  },
  async create(ctx, inputs) {
    const org = await ctx.organizationId(inputs.organizationId);
    const id = `${org}/${inputs.userId}`;
    let member: OrganizationMemberWithUser | undefined;
    try {
      // The POST is not idempotent (a repeat is a 400): after an ambiguous failure the member list
      // tells whether it was applied.
      await createConverging(
        () => ctx.client.addOrganizationMember(org, inputs.userId),
        () => findMember(ctx, org, inputs.userId),
      );
    } catch (err) {
      if (!isAlreadyMember(err)) throw err;
      if (!inputs.adopt) {
        err.message +=
          " To manage this existing membership (and its roles) with Pulumi, set adopt: true on this OrganizationMember.";
        throw err;
      }
    }
    member = await findMember(ctx, org, inputs.userId);
    if (!member)
      throw new Error(
        `user ${inputs.userId} is not listed as a member of organization ${org} after adding it`,
      );
    const desired = { ...inputs, organizationId: org };
    if (sameRoles(roleNames(member), inputs.roles)) return { id, outs: toOutputs(member, desired) };
    try {
      return { id, outs: await setRoles(ctx, member, desired) };
    } catch (err) {
      // The membership exists: keep it in state (with the roles it has) so the next `up` retries.
      throw new PartialCreateError(
        id,
        toOutputs(member, { ...desired, roles: roleNames(member) }),
        err as Error,
      );
    }
  },
  async read(ctx, id, olds) {
    const [org, user] = splitId(id, olds);
    const member = await findMember(ctx, org, user);
    return member ? toOutputs(member, { ...olds, organizationId: org, userId: user }) : undefined;
  },
  async update(ctx, id, olds, news) {
    const [org, user] = splitId(id, olds);
    const desired = { ...news, organizationId: org, userId: user };
    if (sameRoles(olds.roles, news.roles)) return { ...olds, adopt: olds.adopt };
    const updated = await ctx.client.updateOrganizationMemberRoles(org, user, news.roles);
    return { ...olds, ...desired, roles: updated.roles.map((r) => r.name).sort() };
  },
  async delete(ctx, id, olds) {
    const [org, user] = splitId(id, olds);
    try {
      await ctx.client.removeOrganizationMember(org, user);
    } catch (err) {
      // Coder never lets the token's own user leave an organization (e.g. the one it created and
      // was added to); that membership stays, and it does not block deleting the organization.
      if (
        err instanceof CoderApiError &&
        err.status === 400 &&
        /cannot remove self/.test(err.coderMessage ?? "")
      ) {
        return;
      }
      throw err;
    }
  },
});

function splitId(id: string, olds: Partial<OrganizationMemberOutputs>): [string, string] {
  const [org, user] = id.split("/");
  return [org ?? olds.organizationId ?? "", user ?? olds.userId ?? ""];
}

function isAlreadyMember(err: unknown): err is CoderApiError {
  return (
    err instanceof CoderApiError &&
    err.status === 400 &&
    /already an organization member/.test(err.coderMessage ?? "")
  );
}

async function findMember(
  ctx: ProviderContext,
  org: string,
  userId: string,
): Promise<OrganizationMemberWithUser | undefined> {
  const members = await ctx.client.listOrganizationMembers(org, userId);
  return members.find((m) => m.userId.toLowerCase() === userId);
}

function roleNames(m: { roles: { name: string }[] }): string[] {
  return m.roles.map((r) => r.name).sort();
}

async function setRoles(
  ctx: ProviderContext,
  member: OrganizationMemberWithUser,
  want: OrganizationMemberInputs & { organizationId: string },
): Promise<OrganizationMemberOutputs> {
  const updated = await ctx.client.updateOrganizationMemberRoles(
    want.organizationId,
    want.userId,
    want.roles,
  );
  return { ...toOutputs(member, want), roles: roleNames(updated) };
}

function toOutputs(
  m: OrganizationMemberWithUser,
  desired: Partial<OrganizationMemberInputs> & { organizationId: string; userId: string },
): OrganizationMemberOutputs {
  return {
    organizationId: desired.organizationId,
    userId: desired.userId,
    roles: roleNames(m),
    adopt: desired.adopt ?? false,
    username: m.username,
  };
}
