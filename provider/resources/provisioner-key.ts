import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import { type ProvisionerKey as CoderProvisionerKey, ConflictError, isNotFound, isUuid } from "../client";
import { createConverging } from "../dynamic/converge";
import { defineResourceProvider, PartialCreateError, type ProviderContext } from "../dynamic/define-provider";
import { createdSince, notCreatedByThisRun } from "../dynamic/ownership";
import { organizationReference } from "../dynamic/references";
import { nonEmptyString, uuid } from "../dynamic/validation";

/** Names Coder reserves for its built-in keys (compared case-insensitively). */
export const RESERVED_PROVISIONER_KEY_NAMES = ["built-in", "user-auth", "psk"];

/** Arguments of a {@link ProvisionerKey}. */
export interface ProvisionerKeyArgs {
  /** Organization of the key. Default: `coderd:organization`, else your first organization. Changing it replaces the key. */
  organizationId?: pulumi.Input<string>;
  /**
   * Key name, unique in the organization: 1 to 64 bytes, not `built-in`, `user-auth` or `psk`.
   * Coder stores it lower-cased, and so does this resource. Changing it replaces the key.
   */
  name: pulumi.Input<string>;
  /** Provisioner tags the key's daemons get (default none). Changing them replaces the key. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Not supported, and rejected when true: Coder never shows a key's secret again after creation,
   * so adopting an existing key could not give you its `key`. Create a new key instead.
   */
  adopt?: pulumi.Input<boolean>;
}

/** @internal */
export interface ProvisionerKeyInputs {
  organizationId?: string;
  name: string;
  tags: Record<string, string>;
}

/** @internal */
export interface ProvisionerKeyOutputs extends ProvisionerKeyInputs {
  organizationId: string;
  key: string;
  createdAt: string;
}

const provisionerKeyInputs = z
  .object({
    organizationId: uuid("organizationId")
      .transform((s) => s.toLowerCase())
      .optional(),
    name: nonEmptyString(64)
      .refine((n) => !RESERVED_PROVISIONER_KEY_NAMES.includes(n.toLowerCase()), {
        message: `is reserved by Coder (${RESERVED_PROVISIONER_KEY_NAMES.join(", ")}, in any case)`,
      })
      // Coder stores lower(name); normalising here keeps previews free of false diffs.
      .transform((n) => n.toLowerCase()),
    tags: z.record(z.string(), z.string()).default({}),
    adopt: z
      .boolean()
      .optional()
      .refine((a) => a !== true, {
        message:
          "cannot adopt an existing provisioner key: Coder shows a key's secret only once, at creation, so it " +
          "cannot be recovered. Remove adopt and give this key a new name (delete the old key with " +
          "`coder provisioner keys delete` if it is no longer used).",
      }),
  })
  .transform(({ adopt: _adopt, ...rest }) => rest);

/**
 * The provider implementation, loaded by package path inside the dynamic-provider host.
 *
 * The id is the key's id in Coder. Should the lookup after the POST fail (Coder's POST answers only
 * the secret), the id is `<organizationId>/<name>` instead; read and delete accept both forms.
 *
 * @internal
 */
export const provisionerKeyProvider = defineResourceProvider<ProvisionerKeyInputs, ProvisionerKeyOutputs>({
  typeName: "ProvisionerKey",
  inputs: provisionerKeyInputs as unknown as z.ZodType<ProvisionerKeyInputs>,
  inputKeys: ["organizationId", "name", "tags"],
  replaceOn: ["organizationId", "name", "tags"],
  // Names are unique per organization: a replacement that keeps the name (e.g. new tags) cannot
  // create the new key before the old one is deleted.
  deleteBeforeReplace: true,
  // Omitted organizationId = the default organization when the key was created: resolved once
  // (no GET /users/me on later previews), and changing the default later does not move the key.
  references: (inputs) => organizationReference(inputs.organizationId),
  async resolveDefaults(ctx, inputs, olds) {
    return {
      ...inputs,
      organizationId: inputs.organizationId ?? olds.organizationId ?? (await ctx.organizationId()),
    };
  },
  feature: { name: "external_provisioner_daemons", humanName: "External Provisioner Daemons" },
  async create(ctx, inputs) {
    const org = await ctx.organizationId(inputs.organizationId);
    let key: string;
    const request = { name: inputs.name, tags: inputs.tags };
    try {
      // After a 5xx/reset the POST may have been applied and the secret lost with the answer. A key
      // with this name found then is the lost POST's only if it was created after this create
      // began (its created_at on the server's clock; ./ownership): unusable, so it is deleted and
      // the POST sent again. An older key (a proxy's 502 never reached coderd's 409) is untouched.
      ({ key } = await createConverging(
        () => ctx.client.createProvisionerKey(org, request),
        async (startedAt) => {
          const found = await findKey(ctx, org, inputs.name);
          if (!found) return undefined;
          if (!createdSince(ctx.client, found.createdAt, startedAt)) {
            throw notCreatedByThisRun(
              `provisioner key "${inputs.name}"`,
              `id ${found.id}, created at ${found.createdAt}, before this create began`,
              "Its secret cannot be recovered, so it cannot be adopted: choose another name, or delete the " +
                "existing key (`coder provisioner keys delete`) if nothing uses it.",
            );
          }
          // A lost answer to this DELETE is retried (DELETE is idempotent): 404 then means done.
          await ctx.client.deleteProvisionerKey(org, inputs.name).catch((err) => {
            if (!isNotFound(err)) throw err;
          });
          return undefined;
        },
      ));
    } catch (err) {
      if (err instanceof ConflictError) {
        err.message +=
          ` A provisioner key named "${inputs.name}" already exists in this organization; its secret cannot be ` +
          "recovered, so it cannot be adopted: choose another name or delete the existing key.";
      }
      throw err;
    }
    const desired = { organizationId: org, name: inputs.name, tags: inputs.tags };
    try {
      const found = await findKey(ctx, org, inputs.name);
      if (!found) throw new Error(`the new key "${inputs.name}" is missing from the organization's key list`);
      return { id: found.id, outs: toOutputs(found, key) };
    } catch (err) {
      // The key exists and its secret is in hand: keep both in state rather than orphan them.
      throw new PartialCreateError(`${org}/${inputs.name}`, { ...desired, key, createdAt: "" }, err as Error);
    }
  },
  async read(ctx, id, olds) {
    // No get-by-id route: every key of the organization read in this command shares one list.
    const org = olds.organizationId;
    const keys = await ctx.reads.list("provisioner-keys", org, id, () => ctx.client.listProvisionerKeys(org));
    const found = isUuid(id)
      ? keys.find((k) => k.id.toLowerCase() === id.toLowerCase())
      : keys.find((k) => k.name === olds.name.toLowerCase());
    // Deleted out of band (or re-created under the same name: a different key) → gone.
    return found ? toOutputs(found, olds.key) : undefined;
  },
  async update(_ctx, _id, olds) {
    // Only reached when the provider code changed: every input replaces.
    return olds;
  },
  async delete(ctx, _id, olds) {
    await ctx.client.deleteProvisionerKey(olds.organizationId, olds.name);
  },
});

async function findKey(
  ctx: ProviderContext,
  org: string,
  name: string,
): Promise<CoderProvisionerKey | undefined> {
  const keys = await ctx.client.listProvisionerKeys(org);
  return keys.find((k) => k.name === name.toLowerCase());
}

function toOutputs(k: CoderProvisionerKey, key: string): ProvisionerKeyOutputs {
  return {
    organizationId: k.organizationId.toLowerCase(),
    name: k.name,
    tags: k.tags,
    key,
    createdAt: k.createdAt,
  };
}
