import { z } from "zod/v3";
import { bool, listMap, optStr, str, strList, strMap, type WireSchema } from "./common";

// Mapping values that coderd stores as null (remove from a missing key) are normalised to [].

export interface GroupSyncSettings {
  field: string;
  /** IdP group name → Coder group ids. */
  mapping: Record<string, string[]>;
  /** A Go RE2 regex, or null. */
  regexFilter: string | null;
  autoCreateMissingGroups: boolean;
  /** Deprecated; read-only here (coderd rejects a non-empty value on PATCH). */
  legacyGroupNameMapping: Record<string, string>;
}
export const GroupSyncSettingsSchema: WireSchema<GroupSyncSettings> = z
  .object({
    field: str,
    mapping: listMap,
    regex_filter: optStr,
    auto_create_missing_groups: bool,
    legacy_group_name_mapping: strMap,
  })
  .transform((o) => ({
    field: o.field,
    mapping: o.mapping,
    regexFilter: o.regex_filter,
    autoCreateMissingGroups: o.auto_create_missing_groups,
    legacyGroupNameMapping: o.legacy_group_name_mapping,
  }));

export interface RoleSyncSettings {
  field: string;
  /** IdP value → org role names. */
  mapping: Record<string, string[]>;
}
export const RoleSyncSettingsSchema: WireSchema<RoleSyncSettings> = z
  .object({ field: str, mapping: listMap })
  .transform((o) => ({ field: o.field, mapping: o.mapping }));

export interface OrganizationSyncSettings {
  field: string;
  /** IdP value → organization ids. */
  mapping: Record<string, string[]>;
  /** Wire key `organization_assign_default` (the config PATCH uses `assign_default`). */
  organizationAssignDefault: boolean;
}
export const OrganizationSyncSettingsSchema: WireSchema<OrganizationSyncSettings> = z
  .object({ field: str, mapping: listMap, organization_assign_default: bool })
  .transform((o) => ({
    field: o.field,
    mapping: o.mapping,
    organizationAssignDefault: o.organization_assign_default,
  }));

export const StringListSchema = strList;

export interface GroupSyncSettingsInput {
  field: string;
  mapping?: Record<string, string[]>;
  regexFilter?: string | null;
  autoCreateMissingGroups?: boolean;
}
export interface GroupSyncConfigInput {
  field: string;
  regexFilter?: string | null;
  autoCreateMissingGroups?: boolean;
}
export interface RoleSyncSettingsInput {
  field: string;
  mapping?: Record<string, string[]>;
}
export interface RoleSyncConfigInput {
  field: string;
}
export interface OrganizationSyncSettingsInput {
  field: string;
  mapping?: Record<string, string[]>;
  organizationAssignDefault?: boolean;
}
export interface OrganizationSyncConfigInput {
  field: string;
  assignDefault?: boolean;
}
export interface IdpSyncMapping {
  given: string;
  gets: string;
}
/** Add runs before Remove; Remove wins for a pair in both. Keys are never deleted by coderd. */
export interface IdpSyncMappingPatch {
  add?: IdpSyncMapping[];
  remove?: IdpSyncMapping[];
}
