import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import type { WorkspaceSharingSettings as CoderSharing } from "../client";
import type { ShareableWorkspaceOwners } from "../client/schemas/entities";
import { defineResourceProvider } from "../dynamic/define-provider";
import { uuid } from "../dynamic/validation";

// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.

export type { ShareableWorkspaceOwners };

/** Arguments of a {@link WorkspaceSharingSettings}. */
export interface WorkspaceSharingSettingsArgs {
  /** The organization. Default: `coderd:organization`, else your first organization. Changing it replaces the resource. */
  organizationId?: pulumi.Input<string>;
  /**
   * Whose workspaces may be shared with other users and groups: `everyone` (Coder's default),
   * `service_accounts` (only workspaces owned by service accounts) or `none`.
   *
   * **Destructive:** setting `none` makes Coder delete every workspace ACL (share) in the
   * organization, and `service_accounts` deletes those of workspaces not owned by a service
   * account. Setting `everyone` again later does not bring them back.
   */
  shareableWorkspaceOwners: pulumi.Input<ShareableWorkspaceOwners>;
}

interface SharingInputs {
  organizationId?: string;
  shareableWorkspaceOwners: ShareableWorkspaceOwners;
}

interface SharingOutputs extends SharingInputs {
  organizationId: string;
  /** True when nobody may share (owners `none`, or sharing disabled deployment-wide). */
  sharingDisabled: boolean;
  sharingGloballyDisabled: boolean;
}

const OWNERS = ["none", "everyone", "service_accounts"] as const;

const sharingInputs = z.object({
  organizationId: uuid("organizationId")
    .transform((s) => s.toLowerCase())
    .optional(),
  shareableWorkspaceOwners: z.enum(OWNERS, {
    message: 'must be "everyone", "service_accounts" or "none"',
  }),
});

/** What a fresh organization has, and what destroying the resource restores. */
export const SHARING_DEFAULT: ShareableWorkspaceOwners = "everyone";

function toOutputs(org: string, s: CoderSharing): SharingOutputs {
  return {
    organizationId: org,
    shareableWorkspaceOwners: s.shareableWorkspaceOwners,
    sharingDisabled: s.sharingDisabled,
    sharingGloballyDisabled: s.sharingGloballyDisabled,
  };
}

/**
 * The provider implementation, loaded by package path inside the dynamic-provider host.
 *
 * @internal
 */
export const workspaceSharingSettingsProvider = defineResourceProvider<SharingInputs, SharingOutputs>({
  typeName: "WorkspaceSharingSettings",
  inputs: sharingInputs as unknown as z.ZodType<SharingInputs>,
  inputKeys: ["organizationId", "shareableWorkspaceOwners"],
  replaceOn: ["organizationId"],
  // No license feature: Coder does not gate these routes.
  async resolveDefaults(ctx, inputs, olds) {
    return {
      ...inputs,
      organizationId: inputs.organizationId ?? olds.organizationId ?? (await ctx.organizationId()),
    };
  },
  async create(ctx, inputs) {
    // Every organization has exactly one setting: creating declares it (one PATCH, whose answer
    // is the new setting).
    const org = await ctx.organizationId(inputs.organizationId);
    const s = await ctx.client.updateWorkspaceSharingSettings(org, inputs.shareableWorkspaceOwners);
    return { id: `${org}/workspace-sharing`, outs: toOutputs(org, s) };
  },
  async read(ctx, _id, olds) {
    return toOutputs(olds.organizationId, await ctx.client.getWorkspaceSharingSettings(olds.organizationId));
  },
  async update(ctx, _id, olds, news) {
    const s = await ctx.client.updateWorkspaceSharingSettings(
      olds.organizationId,
      news.shareableWorkspaceOwners,
    );
    return toOutputs(olds.organizationId, s);
  },
  async delete(ctx, _id, olds) {
    // Back to Coder's default (everyone may share). ACLs deleted while sharing was off stay gone.
    await ctx.client.updateWorkspaceSharingSettings(olds.organizationId, SHARING_DEFAULT);
  },
});
