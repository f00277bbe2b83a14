import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import {
  type CoderClient,
  isUuid,
  type TemplateAclRoles,
  type TemplateRole,
  ValidationFailedError,
} from "../client";
import { defineResourceProvider, type InputProblem, type ProviderContext } from "../dynamic/define-provider";
import { fetchReferenced, missingObject, problemAt } from "../dynamic/references";
import { uuid } from "../dynamic/validation";

/** A template role: `use` lets people create workspaces from it, `admin` also lets them edit it. */
export type TemplateAclRole = "admin" | "use";

/** Arguments of a {@link TemplateAcl}. */
export interface TemplateAclArgs {
  /** The template (a UUID). Changing it replaces the resource. */
  templateId: pulumi.Input<string>;
  /** User id → role. Undeclared users are removed from the ACL. Default `{}`. */
  users?: pulumi.Input<Record<string, pulumi.Input<TemplateAclRole>>>;
  /**
   * Group id → role. Undeclared groups are removed from the ACL. Default `{}`. The organization's
   * Everyone group is not allowed here: use {@link TemplateAclArgs.everyone}.
   */
  groups?: pulumi.Input<Record<string, pulumi.Input<TemplateAclRole>>>;
  /**
   * The role of the organization's Everyone group (whose id is the organization id): `use`,
   * `admin`, or `none` (the default: the template is open only to the users and groups above).
   */
  everyone?: pulumi.Input<TemplateAclRole | "none">;
}

/** @internal */
export interface TemplateAclInputs {
  templateId: string;
  users: Record<string, TemplateAclRole>;
  groups: Record<string, TemplateAclRole>;
  everyone: TemplateAclRole | "none";
  /** The template's organization (= the Everyone group's id), filled in at check. */
  organizationId?: string;
}

/** @internal */
export interface TemplateAclOutputs extends TemplateAclInputs {
  organizationId: string;
  /**
   * The template's ACL as found when this resource took it over (at create), restored exactly on
   * delete and on replacement. Absent in state written before it was recorded.
   */
  aclBeforeTakeover?: TemplateAclSnapshot;
}

/** A whole template ACL: users and groups (without Everyone) by id, and the Everyone group's role. */
export interface TemplateAclSnapshot {
  users: Record<string, TemplateAclRole>;
  groups: Record<string, TemplateAclRole>;
  everyone: TemplateAclRole | "none";
}

const role = z.enum(["admin", "use"], { message: 'must be "admin" or "use"' });

function idMap(what: string) {
  return z
    .record(z.string(), role)
    .default({})
    .superRefine((m, ctx) => {
      const seen = new Set<string>();
      for (const id of Object.keys(m)) {
        if (!isUuid(id)) {
          ctx.addIssue({
            code: "custom",
            path: [id],
            message: `keys must be ${what} ids (UUIDs), got "${id}"`,
          });
        } else if (seen.has(id.toLowerCase())) {
          ctx.addIssue({
            code: "custom",
            path: [id],
            message: `${what} id given twice (ids are case-insensitive)`,
          });
        }
        seen.add(id.toLowerCase());
      }
    })
    .transform((m) => sortedMap(Object.entries(m).map(([k, v]) => [k.toLowerCase(), v])));
}

function sortedMap<V>(entries: [string, V][]): Record<string, V> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const templateAclInputs = z.object({
  templateId: uuid("templateId").transform((s) => s.toLowerCase()),
  users: idMap("user"),
  groups: idMap("group"),
  everyone: z.enum(["admin", "use", "none"], { message: 'must be "admin", "use" or "none"' }).default("none"),
});

/** The ACL as the resource sees it: Everyone split out of the groups. */
type AclView = TemplateAclSnapshot;

function asRole(r: string): TemplateAclRole {
  // coderd reports an action set matching neither role as "": kept as is, so it shows as drift and
  // the next update rewrites it with the declared role (or removes it).
  return r as TemplateAclRole;
}

/** @internal */
export function viewOf(acl: TemplateAclRoles, orgId: string): AclView {
  const users = sortedMap(
    acl.users.map((u): [string, TemplateAclRole] => [u.id.toLowerCase(), asRole(u.role)]),
  );
  let everyone: AclView["everyone"] = "none";
  const groups: [string, TemplateAclRole][] = [];
  for (const g of acl.groups) {
    const id = g.id.toLowerCase();
    if (id === orgId) everyone = asRole(g.role);
    else groups.push([id, asRole(g.role)]);
  }
  return { users, groups: sortedMap(groups), everyone };
}

/** The one PATCH body taking `live` to `want`: upserts for differing roles, "" for undeclared entries. *
 * @internal
 */
export function aclPatch(live: AclView, want: AclView, orgId: string) {
  const diffMap = (have: Record<string, string>, wanted: Record<string, string>) => {
    const out: Record<string, TemplateRole> = {};
    for (const [id, r] of Object.entries(wanted)) if (have[id] !== r) out[id] = r as TemplateRole;
    for (const id of Object.keys(have)) if (!(id in wanted)) out[id] = "";
    return out;
  };
  const userPerms = diffMap(live.users, want.users);
  const haveGroups: Record<string, string> = { ...live.groups };
  const wantGroups: Record<string, string> = { ...want.groups };
  if (live.everyone !== "none") haveGroups[orgId] = live.everyone;
  if (want.everyone !== "none") wantGroups[orgId] = want.everyone;
  const groupPerms = diffMap(haveGroups, wantGroups);
  const body: { userPerms?: Record<string, TemplateRole>; groupPerms?: Record<string, TemplateRole> } = {};
  if (Object.keys(userPerms).length > 0) body.userPerms = userPerms;
  if (Object.keys(groupPerms).length > 0) body.groupPerms = groupPerms;
  return body;
}

/** One PATCH from `from` (the live ACL, or the ACL as state last saw it) to `want`; none if equal. */
async function converge(
  client: CoderClient,
  templateId: string,
  orgId: string,
  want: AclView,
  from: AclView,
): Promise<void> {
  const body = aclPatch(from, want, orgId);
  if (body.userPerms || body.groupPerms) await client.updateTemplateAcl(templateId, body);
}

/** The ACL as state last saw it (the last read or write). */
function stateView(olds: TemplateAclOutputs): AclView {
  return { users: olds.users ?? {}, groups: olds.groups ?? {}, everyone: olds.everyone ?? "none" };
}

/**
 * What delete restores for state written before the ACL at takeover was recorded: the live ACL
 * without the entries this resource granted (entries it does not manage are left alone).
 */
function withoutManaged(live: AclView, managed: AclView): AclView {
  const drop = (have: Record<string, TemplateAclRole>, mine: Record<string, TemplateAclRole>) =>
    sortedMap(Object.entries(have).filter(([id]) => !(id in mine)));
  return {
    users: drop(live.users, managed.users),
    groups: drop(live.groups, managed.groups),
    everyone: managed.everyone !== "none" ? "none" : live.everyone,
  };
}

/**
 * The restore target without the users and groups deleted since takeover: Coder rejects a PATCH
 * naming an id that no longer exists, and a deleted user or group cannot be granted anything.
 * Only ids the PATCH would upsert (not already live with that role) are looked up.
 */
async function withoutVanished(ctx: ProviderContext, want: AclView, live: AclView): Promise<AclView> {
  const keep = async (
    entries: Record<string, TemplateAclRole>,
    have: Record<string, TemplateAclRole>,
    get: (id: string) => Promise<unknown>,
  ) => {
    const kept: [string, TemplateAclRole][] = [];
    for (const [id, r] of Object.entries(entries)) {
      if (have[id] === r || (await exists(() => get(id)))) kept.push([id, r]);
    }
    return sortedMap(kept);
  };
  return {
    users: await keep(want.users, live.users, (id) => ctx.client.getUser(id)),
    groups: await keep(want.groups, live.groups, (id) => ctx.client.getGroup(id)),
    everyone: want.everyone,
  };
}

function outputs(
  inputs: TemplateAclInputs,
  orgId: string,
  view: AclView,
  aclBeforeTakeover: AclView | undefined,
): TemplateAclOutputs {
  return { templateId: inputs.templateId, organizationId: orgId, ...view, aclBeforeTakeover };
}

/** The provider implementation, loaded by package path inside the dynamic-provider host. *
 * @internal
 */
export const templateAclProvider = defineResourceProvider<TemplateAclInputs, TemplateAclOutputs>({
  typeName: "TemplateAcl",
  inputs: templateAclInputs as unknown as z.ZodType<TemplateAclInputs>,
  // organizationId (filled in at check) is listed so refresh hands it back with the inputs.
  inputKeys: ["templateId", "users", "groups", "everyone", "organizationId"],
  replaceOn: ["templateId"],
  feature: { name: "template_rbac", humanName: "Template RBAC" },
  async resolveDefaults(ctx, inputs, olds) {
    // The template's organization only changes with the template: look it up once.
    if (olds.organizationId && olds.templateId === inputs.templateId) {
      return { ...inputs, organizationId: olds.organizationId };
    }
    const template = await fetchReferenced(
      { property: "templateId", what: "template", id: inputs.templateId },
      () => ctx.client.getTemplate(inputs.templateId),
    );
    return { ...inputs, organizationId: template.organizationId.toLowerCase() };
  },
  async validateRemote(ctx, inputs, olds) {
    const problems: InputProblem[] = [];
    const org = inputs.organizationId!;
    if (org in inputs.groups) {
      problems.push(
        problemAt(
          ["groups", org],
          `is the organization's Everyone group: set everyone: "${inputs.groups[org]}" instead`,
        ),
      );
    }
    // Coder's own messages (enterprise/coderd/templates.go), found before the PATCH would fail.
    // Only ids new since the previous inputs are looked up: known ones were checked then.
    const isNew = (id: string, before?: Record<string, unknown>) => !before || !(id in before);
    const checks = [
      ...Object.keys(inputs.users)
        .filter((id) => isNew(id, olds.users))
        .map(async (id) => {
          if (!(await exists(() => ctx.client.getUser(id)))) {
            problems.push(problemAt(["users", id], missingObject({ property: "", what: "user", id }).reason));
          }
        }),
      checkGroups(
        ctx,
        org,
        Object.keys(inputs.groups).filter((id) => id !== org && isNew(id, olds.groups)),
        problems,
      ),
    ];
    await Promise.all(checks);
    return problems.sort((a, b) => a.property.localeCompare(b.property));
  },
  async create(ctx, inputs) {
    const orgId =
      inputs.organizationId ?? (await ctx.client.getTemplate(inputs.templateId)).organizationId.toLowerCase();
    // Creating must remove whatever the template already grants, which state does not know: the
    // live ACL is read, and recorded, so that delete can give the template back as it was found.
    const before = viewOf(await ctx.client.getTemplateAclRoles(inputs.templateId), orgId);
    await converge(ctx.client, inputs.templateId, orgId, inputs, before);
    return { id: inputs.templateId, outs: outputs(inputs, orgId, inputs, before) };
  },
  async read(ctx, id, olds) {
    const orgId = olds.organizationId ?? (await ctx.client.getTemplate(id)).organizationId.toLowerCase();
    const live = viewOf(await ctx.client.getTemplateAclRoles(id), orgId);
    return outputs({ ...olds, templateId: id }, orgId, live, olds.aclBeforeTakeover);
  },
  async update(ctx, id, olds, news) {
    // From state: one PATCH. Entries added by hand since the last refresh are removed by
    // `pulumi up --refresh`, which reads them into state first (and shows them as drift).
    await converge(ctx.client, id, olds.organizationId, news, stateView(olds));
    return outputs(news, olds.organizationId, news, olds.aclBeforeTakeover);
  },
  async delete(ctx, id, olds) {
    // Destroy (and replacement, which deletes the old resource) undoes what this resource did and
    // nothing more: the template gets back exactly the ACL found at takeover. Reads the live ACL
    // on purpose: a grant added by hand since is removed too, even without --refresh (one GET
    // more than working from state; a security choice).
    const org = olds.organizationId;
    const live = viewOf(await ctx.client.getTemplateAclRoles(id), org);
    const want = olds.aclBeforeTakeover ?? withoutManaged(live, stateView(olds));
    try {
      await converge(ctx.client, id, org, want, live);
    } catch (err) {
      if (!(err instanceof ValidationFailedError)) throw err;
      // A user or group of the recorded ACL was deleted since: restore the rest.
      await converge(ctx.client, id, org, await withoutVanished(ctx, want, live), live);
    }
  },
});

/**
 * New group ids are checked with one list of the template's organization (not one GET per group:
 * an ACL granting 400 groups would cost 400 calls). Coder accepts groups of other organizations
 * too, so ids missing from the list are looked up one by one before being reported.
 */
async function checkGroups(ctx: ProviderContext, org: string, ids: string[], problems: InputProblem[]) {
  if (ids.length === 0) return;
  const known = new Set((await ctx.client.listGroups(org)).map((g) => g.id.toLowerCase()));
  for (const id of ids.filter((i) => !known.has(i.toLowerCase()))) {
    if (!(await exists(() => ctx.client.getGroup(id)))) {
      problems.push(problemAt(["groups", id], missingObject({ property: "", what: "group", id }).reason));
    }
  }
}

async function exists(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return true;
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 404 || status === 400) return false;
    throw err;
  }
}
