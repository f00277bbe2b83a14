import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import { type Group as CoderGroup, type GroupWithMemberIds, isAmbiguousFailure } from "../client";
import { CONVERGE_ATTEMPTS, convergeBackoff, createConverging } from "../dynamic/converge";
import { defineResourceProvider, PartialCreateError, type ProviderContext } from "../dynamic/define-provider";
import { notCreatedByThisRun } from "../dynamic/ownership";
import { organizationReference } from "../dynamic/references";
import { coderName, displayName, sameSet, uuid, uuidSet } from "../dynamic/validation";

/** The name Coder gives every organization's built-in group (its id is the organization id). */
export const EVERYONE_GROUP_NAME = "Everyone";

/** Arguments of a {@link Group}. */
export interface GroupArgs {
  /** Organization of the group. Default: `coderd:organization`, else your first organization. Changing it replaces the group. */
  organizationId?: pulumi.Input<string>;
  /** Group name: alphanumeric with single hyphens, at most 255 characters, unique in the organization. Renamed in place. */
  name: pulumi.Input<string>;
  /** Display name ("" for none, the default), at most 64 UTF-8 bytes, no leading/trailing whitespace. */
  displayName?: pulumi.Input<string>;
  /** Avatar URL ("" for none, the default). */
  avatarUrl?: pulumi.Input<string>;
  /** Workspace quota credits granted to every member (default 0). */
  quotaAllowance?: pulumi.Input<number>;
  /**
   * Member user ids. Omitted: membership is not managed by Pulumi. `[]`: managed, and empty.
   * Members must belong to the group's organization.
   */
  members?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Take over an existing group with this name instead of failing with 409 (Pulumi cannot import
   * dynamic resources). Also the way to manage the organization's `Everyone` group (only its
   * avatar and quota): deleting the resource then leaves that group alone.
   */
  adopt?: pulumi.Input<boolean>;
}

interface GroupInputs {
  organizationId?: string;
  name: string;
  displayName: string;
  avatarUrl: string;
  quotaAllowance: number;
  members?: string[];
  adopt: boolean;
}

interface GroupOutputs extends GroupInputs {
  organizationId: string;
  source: string;
  totalMemberCount: number;
}

const groupInputs = z
  .object({
    organizationId: uuid("organizationId").optional(),
    name: coderName(255),
    displayName: displayName.default(""),
    avatarUrl: z.string().default(""),
    quotaAllowance: z
      .number()
      .int("must be a whole number")
      .min(0, "must not be negative")
      .max(2147483647, "must fit in a 32-bit integer")
      .default(0),
    members: uuidSet("member user id").optional(),
    adopt: z.boolean().default(false),
  })
  .superRefine((g, ctx) => {
    if (g.name !== EVERYONE_GROUP_NAME) return;
    if (!g.adopt) {
      ctx.addIssue({
        code: "custom",
        path: ["name"],
        message: '"Everyone" is reserved by Coder; set adopt: true to manage the built-in Everyone group',
      });
    }
    if (g.members !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["members"],
        message: "the Everyone group's members are the organization's members and cannot be set",
      });
    }
    if (g.displayName !== "") {
      ctx.addIssue({
        code: "custom",
        path: ["displayName"],
        message: "the Everyone group cannot have a display name",
      });
    }
  });

/** The provider implementation, loaded by package path inside the dynamic-provider host. *
 * @internal
 */
export const groupProvider = defineResourceProvider<GroupInputs, GroupOutputs>({
  typeName: "Group",
  inputs: groupInputs as z.ZodType<GroupInputs>,
  inputKeys: ["organizationId", "name", "displayName", "avatarUrl", "quotaAllowance", "members"],
  // `adopt` only matters when creating: adding or removing it later is not a change, and it is
  // never shown in a diff (also after a refresh that finds drift).
  createOnlyKeys: ["adopt"],
  replaceOn: ["organizationId"],
  feature: { name: "template_rbac", humanName: "Template RBAC (groups)" },
  // Omitted organizationId = the default organization when the group was created: resolved once
  // (no GET /users/me on later previews), and changing the default later does not move the group.
  references: (inputs) => organizationReference(inputs.organizationId),
  async resolveDefaults(ctx, inputs, olds) {
    return {
      ...inputs,
      organizationId: inputs.organizationId ?? olds.organizationId ?? (await ctx.organizationId()),
    };
  },
  async create(ctx, inputs) {
    const org = await ctx.organizationId(inputs.organizationId);
    const desired = { ...inputs, organizationId: org };
    if (inputs.adopt) {
      const existing = await findGroupByName(ctx, org, inputs.name);
      if (existing) return { id: existing.id, outs: await reconcile(ctx, existing, desired) };
    }
    const request = {
      name: inputs.name,
      displayName: inputs.displayName,
      avatarUrl: inputs.avatarUrl,
      quotaAllowance: inputs.quotaAllowance,
    };
    // After a 5xx/reset the POST may have been applied. A group with this name found then is
    // the lost POST's only if it is exactly what the POST makes: the requested settings, made
    // through the API, no members. Otherwise it may be older (a proxy's 502 never reached
    // coderd's 409): left untouched, and the create fails saying how to adopt it (./ownership).
    // A 409's hint says what to do: another name, or adopt: true.
    const created: CoderGroup = await createConverging(
      () => ctx.client.createGroup(org, request),
      async () => {
        const found = await findGroupByName(ctx, org, inputs.name);
        if (!found) return undefined;
        const differs = differencesFromNewGroup(found, request);
        if (differs.length === 0) return found;
        throw notCreatedByThisRun(
          `group "${inputs.name}"`,
          `id ${found.id}: ${differs.join(", ")}`,
          `To manage the existing group with Pulumi, set adopt: true on this Group (its settings and members are then set to the declared ones).`,
        );
      },
    );
    if (!inputs.members?.length && created.members.length === 0) {
      return { id: created.id, outs: toOutputs(created, desired) };
    }
    try {
      return { id: created.id, outs: await patchTowards(ctx, knownState(created), desired) };
    } catch (err) {
      // The group exists: keep it in state (without the members), so the next `up` retries them.
      throw new PartialCreateError(created.id, toOutputs(created, { ...desired, members: [] }), err as Error);
    }
  },
  async read(ctx, id, olds) {
    // Batched: a refresh of many groups of one organization is one list (with members).
    const org = olds.organizationId;
    const group = org
      ? await ctx.reads.one("groups", org, id, {
          fetch: () => ctx.client.listGroupsById(org),
          getOne: () => ctx.client.getGroup(id),
        })
      : await ctx.client.getGroup(id);
    return group ? toOutputs(group, olds) : undefined;
  },
  async update(ctx, id, olds, news) {
    const desired = { ...news, organizationId: olds.organizationId };
    // Membership becoming managed: state has no member list, so learn it from the server.
    if (olds.members === undefined && news.members !== undefined) {
      return reconcile(ctx, await ctx.client.getGroup(id), desired);
    }
    // Membership changing: add_users/remove_users are computed from the live group (one GET), as
    // the Terraform provider does. From state, a user added by hand and now declared would be sent
    // in add_users, and Coder rejects the whole PATCH ("Cannot add the same user to a group
    // twice!"), display name and all. Without a membership change, state is enough: one PATCH.
    if (news.members !== undefined && !sameSet(olds.members, news.members)) {
      return reconcile(ctx, await ctx.client.getGroup(id), desired);
    }
    const current = {
      id,
      name: olds.name,
      displayName: olds.displayName,
      avatarUrl: olds.avatarUrl,
      quotaAllowance: olds.quotaAllowance,
      memberIds: olds.members,
    };
    return patchTowards(ctx, current, desired);
  },
  async delete(ctx, id, olds) {
    // The Everyone group belongs to the organization; adopting it never meant owning it.
    if (id === olds.organizationId) return;
    await ctx.client.deleteGroup(id);
  },
});

/** How a found group differs from what `POST /organizations/{org}/groups` with `request` makes. */
function differencesFromNewGroup(
  g: CoderGroup,
  request: { displayName: string; avatarUrl: string; quotaAllowance: number },
): string[] {
  const out: string[] = [];
  if (g.members.length > 0 || g.totalMemberCount > 0)
    out.push(`${Math.max(g.members.length, g.totalMemberCount)} member(s)`);
  if (g.source !== "user") out.push(`source ${g.source}`);
  if (g.displayName !== request.displayName) out.push(`display name ${JSON.stringify(g.displayName)}`);
  if (g.avatarUrl !== request.avatarUrl) out.push(`avatar ${JSON.stringify(g.avatarUrl)}`);
  if (g.quotaAllowance !== request.quotaAllowance) out.push(`quota ${g.quotaAllowance}`);
  return out;
}

async function findGroupByName(
  ctx: ProviderContext,
  org: string,
  name: string,
): Promise<CoderGroup | undefined> {
  try {
    return await ctx.client.getGroupByName(org, name);
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
}

/** Adoption: bring an existing group to the desired state with at most one PATCH. */
function reconcile(ctx: ProviderContext, existing: CoderGroup, desired: GroupInputs): Promise<GroupOutputs> {
  return patchTowards(ctx, knownState(existing), desired);
}

function knownState(group: CoderGroup): KnownGroupState {
  return {
    id: group.id,
    name: group.name,
    displayName: group.displayName,
    avatarUrl: group.avatarUrl,
    quotaAllowance: group.quotaAllowance,
    memberIds: group.members.map((m) => m.id),
    group,
  };
}

interface KnownGroupState {
  id: string;
  name: string;
  displayName: string;
  avatarUrl: string;
  quotaAllowance: number;
  memberIds?: string[];
  group?: CoderGroup;
  /** How many times a failed PATCH was recomputed from a fresh GET. */
  recomputes?: number;
}

/** One PATCH carrying every changed field and the member add/remove sets; none when nothing changed. */
async function patchTowards(
  ctx: ProviderContext,
  cur: KnownGroupState,
  want: GroupInputs,
): Promise<GroupOutputs> {
  const patch: Parameters<ProviderContext["client"]["updateGroup"]>[1] = {};
  if (want.name !== cur.name) patch.name = want.name;
  if (want.displayName !== cur.displayName) patch.displayName = want.displayName;
  if (want.avatarUrl !== cur.avatarUrl) patch.avatarUrl = want.avatarUrl;
  if (want.quotaAllowance !== cur.quotaAllowance) patch.quotaAllowance = want.quotaAllowance;
  if (want.members !== undefined) {
    const have = new Set(cur.memberIds ?? []);
    const wanted = new Set(want.members);
    const add = want.members.filter((m) => !have.has(m));
    const remove = [...have].filter((m) => !wanted.has(m));
    if (add.length) patch.addUsers = add;
    if (remove.length) patch.removeUsers = remove;
  }
  if (Object.keys(patch).length === 0) {
    const group = cur.group ?? (await ctx.client.getGroup(cur.id));
    return toOutputs(group, want);
  }
  try {
    return toOutputs(await ctx.client.updateGroup(cur.id, patch), want);
  } catch (err) {
    // add_users/remove_users are not idempotent, so the client does not retry this PATCH on a
    // 5xx/reset: it may or may not have been applied. Read the group and recompute the PATCH from
    // what is really there (possibly none needed), up to CONVERGE_ATTEMPTS times in all.
    const recomputes = cur.recomputes ?? 0;
    if (!isAmbiguousFailure(err) || recomputes + 1 >= CONVERGE_ATTEMPTS) throw err;
    await convergeBackoff(recomputes + 1);
    const fresh = knownState(await ctx.client.getGroup(cur.id));
    return patchTowards(ctx, { ...fresh, recomputes: recomputes + 1 }, want);
  }
}

function toOutputs(group: GroupWithMemberIds, desired: Partial<GroupInputs>): GroupOutputs {
  const managedMembers = desired.members !== undefined;
  return {
    organizationId: group.organizationId,
    name: group.name,
    displayName: group.displayName,
    avatarUrl: group.avatarUrl,
    quotaAllowance: group.quotaAllowance,
    members: managedMembers ? group.members.map((m) => m.id.toLowerCase()).sort() : undefined,
    adopt: desired.adopt ?? false,
    source: group.source,
    totalMemberCount: group.totalMemberCount,
  };
}
