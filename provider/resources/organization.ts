import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import { CoderApiError, type Organization as CoderOrganization, ConflictError } from "../client";
import { createConverging } from "../dynamic/converge";
import { defineResourceProvider, type ProviderContext } from "../dynamic/define-provider";
import { coderName, displayName } from "../dynamic/validation";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.

/** Arguments of an {@link Organization}. */
export interface OrganizationArgs {
  /**
   * Organization name: 1 to 32 characters, alphanumeric with single hyphens, not `default`; unique
   * case-insensitively. Renamed in place.
   */
  name: pulumi.Input<string>;
  /**
   * Display name, at most 64 characters without leading/trailing whitespace. Default: the name
   * (what Coder does; Coder cannot clear a display name, so "" is not accepted).
   */
  displayName?: pulumi.Input<string>;
  /** Description ("" for none, the default). */
  description?: pulumi.Input<string>;
  /** Icon URL or path such as `/emojis/1f3e2.png` ("" for none, the default). */
  icon?: pulumi.Input<string>;
  /**
   * Take over an existing organization with this name instead of failing with 409 (Pulumi cannot
   * import dynamic resources). The stack then owns it: destroying the stack deletes it, except the
   * default organization, which Coder never deletes.
   */
  adopt?: pulumi.Input<boolean>;
}

interface OrganizationInputs {
  name: string;
  displayName: string;
  description: string;
  icon: string;
  adopt: boolean;
}

interface OrganizationOutputs extends OrganizationInputs {
  isDefault: boolean;
  createdAt: string;
}

const organizationInputs = z
  .object({
    name: coderName(32).refine((n) => n !== "default", {
      message: '"default" is reserved by Coder (it means the default organization)',
    }),
    displayName: displayName
      .refine((s) => s !== "", {
        message:
          "cannot be empty: Coder cannot clear an organization's display name (omit it to use the name)",
      })
      .optional(),
    description: z.string().default(""),
    icon: z.string().default(""),
    adopt: z.boolean().default(false),
  })
  // Coder's default, resolved here so a preview of an organization without displayName shows no diff.
  .transform((o) => ({ ...o, displayName: o.displayName ?? o.name }));

/**
 * The provider implementation, loaded by package path inside the dynamic-provider host.
 *
 * @internal
 */
export const organizationProvider = defineResourceProvider<OrganizationInputs, OrganizationOutputs>({
  typeName: "Organization",
  inputs: organizationInputs as unknown as z.ZodType<OrganizationInputs>,
  // `adopt` only matters when creating.
  inputKeys: ["name", "displayName", "description", "icon"],
  feature: { name: "multiple_organizations", humanName: "Multiple Organizations" },
  async create(ctx, inputs) {
    if (inputs.adopt) {
      const existing = await findByName(ctx, inputs.name);
      if (existing) return { id: existing.id, outs: await patchTowards(ctx, existing, inputs) };
    }
    let created: CoderOrganization;
    try {
      // Names are unique among live organizations, so after an ambiguous failure (5xx, reset) an
      // organization found by this name is the one the POST made: kept, not created twice.
      created = await createConverging(
        () =>
          ctx.client.createOrganization({
            name: inputs.name,
            displayName: inputs.displayName,
            description: inputs.description,
            icon: inputs.icon,
          }),
        () => findByName(ctx, inputs.name),
      );
    } catch (err) {
      if (err instanceof ConflictError) {
        err.message += ` To manage the existing organization "${inputs.name}" with Pulumi, set adopt: true on this Organization.`;
      }
      throw err;
    }
    return { id: created.id, outs: await patchTowards(ctx, created, inputs) };
  },
  async read(ctx, id, olds) {
    // GET /organizations/{id} still answers 200 after a (soft) delete, so only the list, which
    // leaves deleted organizations out, can tell that this one is gone.
    const org = (await ctx.client.listOrganizations()).find((o) => o.id === id);
    return org ? toOutputs(org, olds.adopt ?? false) : undefined;
  },
  async update(ctx, id, olds, news) {
    const current = {
      id,
      name: olds.name,
      displayName: olds.displayName,
      description: olds.description,
      icon: olds.icon,
      isDefault: olds.isDefault,
      createdAt: olds.createdAt,
    } as CoderOrganization;
    return patchTowards(ctx, current, { ...news, adopt: olds.adopt });
  },
  async delete(ctx, id, olds) {
    // Coder never deletes the default organization (400); adopting it did not make it deletable.
    if (olds.isDefault) return;
    try {
      await ctx.client.deleteOrganization(id);
    } catch (err) {
      if (
        err instanceof CoderApiError &&
        err.status === 500 &&
        err.coderMessage === "Error deleting organization."
      ) {
        throw new Error(
          `Coder refused to delete organization "${olds.name}": ${err.detail ?? "it is not empty."} ` +
            "Delete or move what it still contains (remove its members other than the token's user, delete its " +
            "groups, templates, workspaces and provisioner keys; resources of this stack that depend on the " +
            "organization are removed first), then run the destroy again.",
        );
      }
      throw err;
    }
  },
});

async function findByName(ctx: ProviderContext, name: string): Promise<CoderOrganization | undefined> {
  try {
    return await ctx.client.getOrganization(name);
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
}

/** One PATCH with the fields that differ (none when nothing does). */
async function patchTowards(
  ctx: ProviderContext,
  cur: CoderOrganization,
  want: OrganizationInputs,
): Promise<OrganizationOutputs> {
  const patch: Parameters<ProviderContext["client"]["updateOrganization"]>[1] = {};
  if (want.name !== cur.name) patch.name = want.name;
  if (want.displayName !== cur.displayName) patch.displayName = want.displayName;
  if (want.description !== cur.description) patch.description = want.description;
  if (want.icon !== cur.icon) patch.icon = want.icon;
  if (Object.keys(patch).length === 0) return toOutputs(cur, want.adopt);
  return toOutputs(await ctx.client.updateOrganization(cur.id, patch), want.adopt);
}

function toOutputs(org: CoderOrganization, adopt: boolean): OrganizationOutputs {
  return {
    name: org.name,
    displayName: org.displayName,
    description: org.description,
    icon: org.icon,
    adopt,
    isDefault: org.isDefault,
    createdAt: org.createdAt,
  };
}
