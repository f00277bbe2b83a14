import * as pulumi from "@pulumi/pulumi";
import { RE2JS } from "re2js";
import { z } from "zod";
import { type CoderClient, isUuid } from "../client";
import { defineResourceProvider, type InputProblem, type ProviderContext } from "../dynamic/define-provider";
import { organizationReference, problemAt } from "../dynamic/references";
import { licenseDependencyInput, resourceOptions } from "../dynamic/resource-options";
import { uuid } from "../dynamic/validation";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as idpSyncShim from "../shims/idp-sync-settings";

/** Which of Coder's IdP sync settings objects an {@link IdpSyncSettings} owns. */
export type IdpSyncKind = "group" | "role" | "organization";

/** IdP claim value → Coder ids or names. */
type MappingInput = pulumi.Input<Record<string, pulumi.Input<pulumi.Input<string>[]>>>;

/** Group sync of one organization: which IdP groups put users in which Coder groups. */
export interface GroupSyncArgs {
  kind: "group";
  /** Organization whose group sync this is. Default: `coderd:organization`, else your first organization. Changing it replaces the resource. */
  organizationId?: pulumi.Input<string>;
  /** The OIDC claim holding the user's IdP groups, e.g. `groups`. Must not be empty. */
  field: pulumi.Input<string>;
  /**
   * IdP group name → Coder group ids (of this organization). Authoritative: the whole mapping is
   * managed (default `{}`). A key with `[]` is kept: it maps that IdP group to no Coder group, which
   * stops Coder from matching it to a Coder group of the same name.
   */
  mapping?: MappingInput;
  /** Only IdP groups matching this Go RE2 regex are synced (Go syntax: no lookaround). Omit for no filter. */
  regexFilter?: pulumi.Input<string>;
  /** Create Coder groups for IdP groups that have none (default false). */
  autoCreateMissingGroups?: pulumi.Input<boolean>;
  assignDefault?: never;
}

/** Role sync of one organization: which IdP groups give which organization roles. */
export interface RoleSyncArgs {
  kind: "role";
  /** Organization whose role sync this is. Default: `coderd:organization`, else your first organization. Changing it replaces the resource. */
  organizationId?: pulumi.Input<string>;
  /** The OIDC claim holding the values to map, e.g. `roles`. Must not be empty. */
  field: pulumi.Input<string>;
  /** IdP value → organization role names (e.g. `organization-admin`). Authoritative (default `{}`). */
  mapping?: MappingInput;
  regexFilter?: never;
  autoCreateMissingGroups?: never;
  assignDefault?: never;
}

/** Organization sync of the deployment: which IdP values put users in which organizations. */
export interface OrganizationSyncArgs {
  kind: "organization";
  /** The OIDC claim holding the values to map. Must not be empty. */
  field: pulumi.Input<string>;
  /** IdP value → organization ids. Authoritative (default `{}`). */
  mapping?: MappingInput;
  /** Also make every user a member of the default organization (default true, Coder's default). */
  assignDefault?: pulumi.Input<boolean>;
  organizationId?: never;
  regexFilter?: never;
  autoCreateMissingGroups?: never;
}

/** Arguments of an {@link IdpSyncSettings}: one of three kinds, each with its own properties. */
export type IdpSyncSettingsArgs = GroupSyncArgs | RoleSyncArgs | OrganizationSyncArgs;

/** @internal */
export interface IdpSyncInputs {
  kind: IdpSyncKind;
  organizationId?: string;
  field: string;
  mapping: Record<string, string[]>;
  regexFilter?: string;
  autoCreateMissingGroups?: boolean;
  assignDefault?: boolean;
}

/** @internal */
export type IdpSyncOutputs = IdpSyncInputs;

/** Error text of Go's regexp.Compile for RE2 syntax Go rejects, or undefined when the pattern is valid. *
 * @internal
 */
export function re2SyntaxError(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Properties valid for each kind (besides kind, field and mapping). */
const KIND_PROPS: Record<IdpSyncKind, string[]> = {
  group: ["organizationId", "regexFilter", "autoCreateMissingGroups"],
  role: ["organizationId"],
  organization: ["assignDefault"],
};
const OPTIONAL_PROPS = ["organizationId", "regexFilter", "autoCreateMissingGroups", "assignDefault"] as const;

const mappingSchema = z
  .record(z.string().min(1, "IdP values (mapping keys) must not be empty"), z.array(z.string()).nullable())
  .default({});

const idpSyncInputs = z
  .object({
    kind: z.enum(["group", "role", "organization"], {
      message: 'must be "group", "role" or "organization"',
    }),
    organizationId: uuid("organizationId").optional(),
    field: z
      .string()
      .min(1, "must not be empty (an empty field turns sync off: delete the resource instead)"),
    mapping: mappingSchema,
    regexFilter: z.string().optional(),
    autoCreateMissingGroups: z.boolean().optional(),
    assignDefault: z.boolean().optional(),
  })
  .superRefine((s, ctx) => {
    for (const prop of OPTIONAL_PROPS) {
      if (s[prop] !== undefined && !KIND_PROPS[s.kind].includes(prop)) {
        ctx.addIssue({
          code: "custom",
          path: [prop],
          message: `is not a property of kind "${s.kind}" (it applies to kind "${Object.entries(KIND_PROPS)
            .filter(([, props]) => props.includes(prop))
            .map(([k]) => k)
            .join('" or "')}")`,
        });
      }
    }
    if (s.regexFilter !== undefined) {
      if (s.regexFilter === "") {
        ctx.addIssue({
          code: "custom",
          path: ["regexFilter"],
          message: "must not be empty: omit it for no filter",
        });
      } else {
        const problem = re2SyntaxError(s.regexFilter);
        if (problem) {
          ctx.addIssue({
            code: "custom",
            path: ["regexFilter"],
            message: `is not valid Go RE2 syntax (Coder compiles it with Go's regexp): ${problem}`,
          });
        }
      }
    }
    if (s.kind !== "role") {
      for (const [given, gets] of Object.entries(s.mapping)) {
        (gets ?? []).forEach((id, i) => {
          if (!isUuid(id)) {
            ctx.addIssue({
              code: "custom",
              path: ["mapping", given, i],
              message: `must be a${s.kind === "group" ? " Coder group" : "n organization"} id (a UUID)`,
            });
          }
        });
      }
    }
  })
  .transform((s): IdpSyncInputs => {
    const ids = s.kind !== "role";
    const out: IdpSyncInputs = {
      kind: s.kind,
      field: s.field,
      mapping: normalizeMapping(s.mapping, ids),
    };
    if (s.kind !== "organization") out.organizationId = s.organizationId?.toLowerCase();
    if (s.kind === "group") {
      out.regexFilter = s.regexFilter;
      out.autoCreateMissingGroups = s.autoCreateMissingGroups ?? false;
    }
    if (s.kind === "organization") out.assignDefault = s.assignDefault ?? true;
    return out;
  });

/** Values sorted and de-duplicated (ids lower-cased), null → []. Keys with `[]` are kept. *
 * @internal
 */
export function normalizeMapping(m: Record<string, string[] | null | undefined> | undefined, ids = true) {
  const out: Record<string, string[]> = {};
  for (const key of Object.keys(m ?? {}).sort()) {
    const vals = (m?.[key] ?? []).map((v) => (ids ? v.toLowerCase() : v));
    out[key] = [...new Set(vals)].sort();
  }
  return out;
}

function sameMapping(a: unknown, b: unknown): boolean {
  const x = normalizeMapping((a ?? {}) as Record<string, string[]>, false);
  const y = normalizeMapping((b ?? {}) as Record<string, string[]>, false);
  return JSON.stringify(x) === JSON.stringify(y);
}

/** The features Coder checks before it runs each kind of sync (enterprise/coderd/enidpsync). */
const KIND_FEATURE: Record<IdpSyncKind, { name: string; humanName: string }> = {
  group: { name: "template_rbac", humanName: "Template RBAC (group sync)" },
  role: { name: "user_role_management", humanName: "User Role Management (role sync)" },
  organization: { name: "multiple_organizations", humanName: "Multiple Organizations (organization sync)" },
};

/** The stable id: what the resource owns. *
 * @internal
 */
export function idpSyncId(inputs: Pick<IdpSyncInputs, "kind" | "organizationId">): string {
  return inputs.kind === "organization"
    ? "deployment/organization-sync"
    : `${inputs.organizationId}/${inputs.kind}-sync`;
}

/** What Coder stores for one kind, in the resource's terms. */
interface LiveSettings {
  field: string;
  mapping: Record<string, string[]>;
  regexFilter?: string;
  autoCreateMissingGroups?: boolean;
  assignDefault?: boolean;
}

async function getLive(
  client: CoderClient,
  kind: IdpSyncKind,
  org: string | undefined,
): Promise<LiveSettings> {
  switch (kind) {
    case "group": {
      const s = await client.getGroupSyncSettings(org!);
      return {
        field: s.field,
        mapping: normalizeMapping(s.mapping),
        regexFilter: s.regexFilter ?? undefined,
        autoCreateMissingGroups: s.autoCreateMissingGroups,
      };
    }
    case "role": {
      const s = await client.getRoleSyncSettings(org!);
      return { field: s.field, mapping: normalizeMapping(s.mapping, false) };
    }
    case "organization": {
      const s = await client.getOrganizationSyncSettings();
      return {
        field: s.field,
        mapping: normalizeMapping(s.mapping),
        assignDefault: s.organizationAssignDefault,
      };
    }
  }
}

/** The settings as state last saw them. */
function stateOf(olds: IdpSyncOutputs): LiveSettings {
  return {
    field: olds.field,
    mapping: normalizeMapping(olds.mapping ?? {}, olds.kind !== "role"),
    regexFilter: olds.regexFilter,
    autoCreateMissingGroups: olds.autoCreateMissingGroups,
    assignDefault: olds.assignDefault,
  };
}

function toOutputs(kind: IdpSyncKind, org: string | undefined, live: LiveSettings): IdpSyncOutputs {
  return { kind, organizationId: kind === "organization" ? undefined : org, ...live };
}

/** Write the full object: replaces field, mapping and every config field. */
function putFull(client: CoderClient, kind: IdpSyncKind, org: string | undefined, s: LiveSettings) {
  switch (kind) {
    case "group":
      return client.patchGroupSyncSettings(org!, {
        field: s.field,
        mapping: s.mapping,
        regexFilter: s.regexFilter ?? null,
        autoCreateMissingGroups: s.autoCreateMissingGroups ?? false,
      });
    case "role":
      return client.patchRoleSyncSettings(org!, { field: s.field, mapping: s.mapping });
    case "organization":
      return client.patchOrganizationSyncSettings({
        field: s.field,
        mapping: s.mapping,
        organizationAssignDefault: s.assignDefault ?? true,
      });
  }
}

function configChanged(kind: IdpSyncKind, live: LiveSettings, want: LiveSettings): boolean {
  if (live.field !== want.field) return true;
  if (kind === "group") {
    return (
      (live.regexFilter ?? null) !== (want.regexFilter ?? null) ||
      !!live.autoCreateMissingGroups !== !!want.autoCreateMissingGroups
    );
  }
  if (kind === "organization") return live.assignDefault !== want.assignDefault;
  return false;
}

/**
 * Brings the live settings to the desired ones with at most one PATCH:
 * - nothing differs: none;
 * - only config fields (field, regexFilter, autoCreateMissingGroups, assignDefault): `…/config`,
 *   which replaces every config field (all are sent) and keeps the mapping;
 * - only mapping values: `…/mapping` with Add/Remove pairs, when no key has to appear with `[]` or
 *   disappear (Coder's mapping PATCH never deletes keys);
 * - otherwise: the full PATCH (replaces the whole object).
 */
async function patchTowards(
  client: CoderClient,
  kind: IdpSyncKind,
  org: string | undefined,
  live: LiveSettings,
  want: LiveSettings,
): Promise<LiveSettings> {
  const cfg = configChanged(kind, live, want);
  const mapChanged = !sameMapping(live.mapping, want.mapping);
  if (!cfg && !mapChanged) return live;
  if (cfg && !mapChanged) {
    switch (kind) {
      case "group":
        await client.patchGroupSyncConfig(org!, {
          field: want.field,
          regexFilter: want.regexFilter ?? null,
          autoCreateMissingGroups: want.autoCreateMissingGroups ?? false,
        });
        break;
      case "role":
        await client.patchRoleSyncConfig(org!, { field: want.field });
        break;
      case "organization":
        await client.patchOrganizationSyncConfig({
          field: want.field,
          assignDefault: want.assignDefault ?? true,
        });
        break;
    }
    return { ...want, mapping: live.mapping };
  }
  const keysSame =
    JSON.stringify(Object.keys(live.mapping).sort()) === JSON.stringify(Object.keys(want.mapping).sort()) &&
    Object.values(want.mapping).every((v) => v.length > 0);
  if (!cfg && keysSame) {
    const add: { given: string; gets: string }[] = [];
    const remove: { given: string; gets: string }[] = [];
    for (const [given, gets] of Object.entries(want.mapping)) {
      const have = new Set(live.mapping[given] ?? []);
      for (const g of gets) if (!have.has(g)) add.push({ given, gets: g });
      const wanted = new Set(gets);
      for (const g of have) if (!wanted.has(g)) remove.push({ given, gets: g });
    }
    const patch = { add, remove };
    if (kind === "group") await client.patchGroupSyncMapping(org!, patch);
    else if (kind === "role") await client.patchRoleSyncMapping(org!, patch);
    else await client.patchOrganizationSyncMapping(patch);
    return { ...live, mapping: want.mapping };
  }
  await putFull(client, kind, org, want);
  return want;
}

function desired(inputs: IdpSyncInputs): LiveSettings {
  const s: LiveSettings = { field: inputs.field, mapping: inputs.mapping };
  if (inputs.kind === "group") {
    s.regexFilter = inputs.regexFilter;
    s.autoCreateMissingGroups = inputs.autoCreateMissingGroups ?? false;
  }
  if (inputs.kind === "organization") s.assignDefault = inputs.assignDefault ?? true;
  return s;
}

/** What delete writes back: Coder's settings when nothing is stored (see docs/idp-sync-settings.md). *
 * @internal
 */
export const IDP_SYNC_DEFAULTS: Record<IdpSyncKind, LiveSettings> = {
  group: { field: "", mapping: {}, regexFilter: undefined, autoCreateMissingGroups: false },
  role: { field: "", mapping: {} },
  organization: { field: "", mapping: {}, assignDefault: true },
};

async function validateRemote(
  ctx: ProviderContext,
  inputs: IdpSyncInputs,
  olds: Partial<IdpSyncInputs>,
): Promise<InputProblem[]> {
  // Only mapping targets that were not already in the previous inputs are looked up.
  if (sameMapping(olds.mapping, inputs.mapping)) return [];
  const targets = [...new Set(Object.values(inputs.mapping).flat())];
  if (inputs.kind === "role" || targets.length === 0) return [];
  const known = new Set(
    inputs.kind === "group"
      ? (await ctx.client.listGroups(inputs.organizationId!)).map((g) => g.id.toLowerCase())
      : (await ctx.client.listOrganizations()).map((o) => o.id.toLowerCase()),
  );
  const problems: InputProblem[] = [];
  for (const [given, gets] of Object.entries(inputs.mapping)) {
    for (const id of gets) {
      if (known.has(id)) continue;
      problems.push(
        problemAt(
          ["mapping", given],
          inputs.kind === "group"
            ? `group with ID ${id} does not exist in organization ${inputs.organizationId}`
            : `organization with ID ${id} does not exist`,
        ),
      );
    }
  }
  return problems;
}

/** The provider implementation, loaded by package path inside the dynamic-provider host. *
 * @internal
 */
export const idpSyncSettingsProvider = defineResourceProvider<IdpSyncInputs, IdpSyncOutputs>({
  typeName: "IdpSyncSettings",
  inputs: idpSyncInputs as unknown as z.ZodType<IdpSyncInputs>,
  inputKeys: [
    "kind",
    "organizationId",
    "field",
    "mapping",
    "regexFilter",
    "autoCreateMissingGroups",
    "assignDefault",
  ],
  replaceOn: ["kind", "organizationId"],
  // Old and new own different settings objects (the id names kind and organization): no overlap.
  deleteBeforeReplace: false,
  equals: { mapping: sameMapping },
  feature: (inputs) => KIND_FEATURE[inputs.kind],
  references: (inputs) =>
    inputs.kind === "organization" ? [] : organizationReference(inputs.organizationId),
  async resolveDefaults(ctx, inputs, olds) {
    if (inputs.kind === "organization") return inputs;
    const org = inputs.organizationId ?? olds.organizationId ?? (await ctx.organizationId());
    return { ...inputs, organizationId: org };
  },
  validateRemote,
  // Creating takes the settings object over whatever it holds: one full PATCH writes every field
  // the resource owns, so no read is needed first.
  async create(ctx, inputs) {
    const org = inputs.kind === "organization" ? undefined : await ctx.organizationId(inputs.organizationId);
    const want = desired(inputs);
    await putFull(ctx.client, inputs.kind, org, want);
    return {
      id: idpSyncId({ kind: inputs.kind, organizationId: org }),
      outs: toOutputs(inputs.kind, org, want),
    };
  },
  async read(ctx, _id, olds) {
    return toOutputs(
      olds.kind,
      olds.organizationId,
      await getLive(ctx.client, olds.kind, olds.organizationId),
    );
  },
  // Works from state (the last read or write), like every resource: one PATCH, the narrowest that
  // fits. Hand edits made since the last refresh are reverted by `pulumi up --refresh`, which
  // first reads them into state.
  async update(ctx, _id, olds, news) {
    const result = await patchTowards(
      ctx.client,
      olds.kind,
      olds.organizationId,
      stateOf(olds),
      desired(news),
    );
    return toOutputs(olds.kind, olds.organizationId, result);
  },
  async delete(ctx, _id, olds) {
    await putFull(ctx.client, olds.kind, olds.organizationId, IDP_SYNC_DEFAULTS[olds.kind]);
  },
});

/**
 * Coder's IdP (OIDC) sync settings: group sync or role sync of an organization, or organization
 * sync of the deployment. Each instance owns one settings object (id `<orgId>/group-sync`,
 * `<orgId>/role-sync` or `deployment/organization-sync`): creating it adopts the existing settings,
 * deleting it resets them to Coder's defaults.
 *
 * ```ts
 * new coderd.IdpSyncSettings("groups", { kind: "group", field: "groups",
 *   mapping: { "okta-eng": [eng.id] }, regexFilter: "^okta-.*$", autoCreateMissingGroups: false });
 * ```
 */
export class IdpSyncSettings extends pulumi.dynamic.Resource {
  declare readonly kind: pulumi.Output<IdpSyncKind>;
  /** The organization (group and role sync); undefined for organization sync. */
  declare readonly organizationId: pulumi.Output<string | undefined>;
  declare readonly field: pulumi.Output<string>;
  /** IdP value → Coder group ids / role names / organization ids; values sorted. */
  declare readonly mapping: pulumi.Output<Record<string, string[]>>;
  declare readonly regexFilter: pulumi.Output<string | undefined>;
  declare readonly autoCreateMissingGroups: pulumi.Output<boolean | undefined>;
  declare readonly assignDefault: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: IdpSyncSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      idpSyncShim,
      name,
      {
        organizationId: undefined,
        mapping: undefined,
        regexFilter: undefined,
        autoCreateMissingGroups: undefined,
        assignDefault: undefined,
        ...args,
        ...licenseDependencyInput(opts),
      },
      resourceOptions(opts),
      "coderd",
      "IdpSyncSettings",
    );
  }
}
