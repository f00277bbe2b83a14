// IdP sync settings: group and role sync of each exported organization, organization sync of the
// deployment. Mapping targets are references (group variables, organization lookups), not ids.
// Settings at Coder's defaults (sync off) are left out; `adopt: true` makes the first `up` read the
// settings and write nothing when they match.

import { ForbiddenError, isNotFound, type Organization } from "../../client";
import type { ExportContext, ResourceExporter } from "../model";
import { camelIdentifier, type Value } from "../source";
import { organizationRef } from "./organization-ref";

/** Reads settings, or notes why they could not be read (unlicensed feature, missing route). */
async function readOrNote<T>(
  ctx: ExportContext,
  what: string,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof ForbiddenError) && !isNotFound(err)) throw err;
    ctx.note({
      section: "not-brought-over",
      object: what,
      text: `could not be read: ${(err as Error).message}`,
    });
    return undefined;
  }
}

function noteSyncOff(ctx: ExportContext, what: string, atDefaults: boolean): void {
  if (atDefaults) {
    ctx.note({
      section: "defaults-left-out",
      object: what,
      text: "at Coder's defaults (sync off). An IdpSyncSettings needs a claim field, so there is nothing to declare.",
    });
  } else {
    ctx.note({
      section: "not-brought-over",
      object: what,
      text:
        "has a mapping but no claim field, so sync is off. IdpSyncSettings needs a non-empty field: " +
        "declare one yourself to turn sync on, or leave the settings unmanaged.",
    });
  }
}

async function exportGroupSync(ctx: ExportContext, org: Organization, multiOrg: boolean): Promise<void> {
  const what = `IdP group sync (organization ${org.name})`;
  const s = await readOrNote(ctx, what, () => ctx.client.getGroupSyncSettings(org.id));
  if (!s) return;
  const atDefaults =
    s.field === "" && Object.keys(s.mapping).length === 0 && !s.regexFilter && !s.autoCreateMissingGroups;
  if (Object.keys(s.legacyGroupNameMapping).length > 0) {
    ctx.note({
      section: "not-brought-over",
      object: `${what}: legacy group name mapping`,
      text: "deprecated and read-only in Coder's API; move its entries to the mapping.",
    });
  }
  if (s.field === "") return noteSyncOff(ctx, what, atDefaults);
  const groups = await ctx.groupsOf(org.id);
  const mapping: Record<string, Value[]> = {};
  for (const claim of Object.keys(s.mapping).sort()) {
    mapping[claim] = [];
    for (const id of s.mapping[claim] ?? []) {
      const group = groups.find((g) => g.id.toLowerCase() === id.toLowerCase());
      if (!group) {
        ctx.note({
          section: "not-brought-over",
          object: `${what}: mapping "${claim}" → group ${id}`,
          text: "the group no longer exists, so Coder ignores this entry; it is left out of the mapping.",
        });
        continue;
      }
      mapping[claim]!.push(ctx.ref(group.id, { kind: "group", organization: org.name, name: group.name }));
    }
  }
  const prefix = multiOrg ? [org.name] : [];
  ctx.declare({
    variable: ctx.variable(
      camelIdentifier(...prefix, "group", "sync"),
      camelIdentifier(org.name, "group", "sync"),
    ),
    type: "IdpSyncSettings",
    name: ctx.resourceName("IdpSyncSettings", `${org.name}-group-sync`),
    comments: [`IdP group sync of organization ${org.name}.`],
    args: {
      kind: "group",
      organizationId: organizationRef(ctx, org),
      field: s.field,
      mapping,
      regexFilter: s.regexFilter ? s.regexFilter : undefined,
      autoCreateMissingGroups: s.autoCreateMissingGroups,
      adopt: true,
    },
  });
}

async function exportRoleSync(ctx: ExportContext, org: Organization, multiOrg: boolean): Promise<void> {
  const what = `IdP role sync (organization ${org.name})`;
  const s = await readOrNote(ctx, what, () => ctx.client.getRoleSyncSettings(org.id));
  if (!s) return;
  if (s.field === "") return noteSyncOff(ctx, what, Object.keys(s.mapping).length === 0);
  const mapping: Record<string, Value[]> = {};
  for (const claim of Object.keys(s.mapping).sort()) mapping[claim] = [...(s.mapping[claim] ?? [])].sort();
  const prefix = multiOrg ? [org.name] : [];
  ctx.declare({
    variable: ctx.variable(
      camelIdentifier(...prefix, "role", "sync"),
      camelIdentifier(org.name, "role", "sync"),
    ),
    type: "IdpSyncSettings",
    name: ctx.resourceName("IdpSyncSettings", `${org.name}-role-sync`),
    comments: [`IdP role sync of organization ${org.name}: IdP values → organization roles.`],
    args: { kind: "role", organizationId: organizationRef(ctx, org), field: s.field, mapping, adopt: true },
  });
}

async function exportOrganizationSync(ctx: ExportContext): Promise<void> {
  const what = "IdP organization sync (deployment)";
  const s = await readOrNote(ctx, what, () => ctx.client.getOrganizationSyncSettings());
  if (!s) return;
  if (s.field === "") {
    return noteSyncOff(ctx, what, Object.keys(s.mapping).length === 0 && s.organizationAssignDefault);
  }
  const mapping: Record<string, Value[]> = {};
  for (const claim of Object.keys(s.mapping).sort()) {
    mapping[claim] = [];
    for (const id of s.mapping[claim] ?? []) {
      const org = ctx.organization(id);
      if (!org) {
        ctx.note({
          section: "not-brought-over",
          object: `${what}: mapping "${claim}" → organization ${id}`,
          text: "the organization no longer exists, so Coder ignores this entry; it is left out of the mapping.",
        });
        continue;
      }
      mapping[claim]!.push(organizationRef(ctx, org));
    }
  }
  ctx.declare({
    variable: ctx.variable("organizationSync"),
    type: "IdpSyncSettings",
    name: ctx.resourceName("IdpSyncSettings", "organization-sync"),
    comments: ["IdP organization sync of the deployment: IdP values → organizations."],
    args: {
      kind: "organization",
      field: s.field,
      mapping,
      assignDefault: s.organizationAssignDefault,
      adopt: true,
    },
  });
}

export const idpSyncSettingsExporter: ResourceExporter = {
  kind: "IdpSyncSettings",
  async export(ctx) {
    const multiOrg = ctx.organizations.length > 1;
    for (const org of ctx.organizations) {
      await exportGroupSync(ctx, org, multiOrg);
      await exportRoleSync(ctx, org, multiOrg);
    }
    await exportOrganizationSync(ctx);
  },
};
