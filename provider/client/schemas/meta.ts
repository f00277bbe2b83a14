import { z } from "zod/v3";
import { bool, list, optStr, str, strList, type WireSchema } from "./common";
import type { Organization, ReducedUser, Template, User, UserRole } from "./entities";

export type { Organization, ReducedUser, Template, User, UserRole } from "./entities";

export interface BuildInfo {
  externalUrl: string;
  version: string;
  dashboardUrl: string;
  workspaceProxy: boolean;
  agentApiVersion: string;
  deploymentId: string;
  upgradeMessage: string;
}
export const BuildInfoSchema: WireSchema<BuildInfo> = z
  .object({
    external_url: str,
    version: str,
    dashboard_url: str,
    workspace_proxy: bool,
    agent_api_version: str,
    deployment_id: str,
    upgrade_message: str,
  })
  .transform((o) => ({
    externalUrl: o.external_url,
    version: o.version,
    dashboardUrl: o.dashboard_url,
    workspaceProxy: o.workspace_proxy,
    agentApiVersion: o.agent_api_version,
    deploymentId: o.deployment_id,
    upgradeMessage: o.upgrade_message,
  }));

const reducedUserFields = {
  id: z.string(),
  username: str,
  email: str,
  name: str,
  avatar_url: str,
  status: str,
  login_type: str,
  created_at: str,
  updated_at: str,
  last_seen_at: str,
  is_service_account: bool,
};
type ReducedUserWire = { [K in keyof typeof reducedUserFields]: z.output<(typeof reducedUserFields)[K]> };

export function reducedUserFromWire(o: ReducedUserWire): ReducedUser {
  return {
    id: o.id,
    username: o.username,
    email: o.email,
    name: o.name,
    avatarUrl: o.avatar_url,
    status: o.status,
    loginType: o.login_type,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    lastSeenAt: o.last_seen_at,
    isServiceAccount: o.is_service_account,
  };
}

export const ReducedUserSchema: WireSchema<ReducedUser> = z
  .object(reducedUserFields)
  .transform(reducedUserFromWire);

const UserRoleSchema: WireSchema<UserRole> = z
  .object({ name: str, display_name: str, organization_id: str })
  .transform((o) => ({ name: o.name, displayName: o.display_name, organizationId: o.organization_id }));

export const userWireFields = {
  ...reducedUserFields,
  roles: list(UserRoleSchema),
  organization_ids: strList,
};
export type UserWire = { [K in keyof typeof userWireFields]: z.output<(typeof userWireFields)[K]> };
export function userFromWire(o: UserWire): User {
  return { ...reducedUserFromWire(o), roles: o.roles, organizationIds: o.organization_ids };
}
export const UserSchema: WireSchema<User> = z.object(userWireFields).transform(userFromWire);

export const OrganizationSchema: WireSchema<Organization> = z
  .object({
    id: z.string(),
    name: str,
    display_name: str,
    description: str,
    icon: str,
    is_default: bool,
    created_at: str,
    updated_at: str,
  })
  .transform((o) => ({
    id: o.id,
    name: o.name,
    displayName: o.display_name,
    description: o.description,
    icon: o.icon,
    isDefault: o.is_default,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  }));

export const TemplateSchema: WireSchema<Template> = z
  .object({
    id: z.string(),
    name: str,
    display_name: str,
    organization_id: str,
    organization_name: str,
    description: str,
    icon: str,
    active_version_id: str,
    deprecated: bool,
    created_at: str,
    updated_at: str,
  })
  .transform((o) => ({
    id: o.id,
    name: o.name,
    displayName: o.display_name,
    organizationId: o.organization_id,
    organizationName: o.organization_name,
    description: o.description,
    icon: o.icon,
    activeVersionId: o.active_version_id,
    deprecated: o.deprecated,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  }));

export interface Feature {
  /** "entitled" | "grace_period" | "not_entitled" */
  entitlement: string;
  enabled: boolean;
  limit: number | null;
  actual: number | null;
}
export interface Entitlements {
  features: Record<string, Feature>;
  hasLicense: boolean;
  trial: boolean;
  requireTelemetry: boolean;
  errors: string[];
  warnings: string[];
  refreshedAt: string | null;
}
const FeatureSchema: WireSchema<Feature> = z
  .object({ entitlement: str, enabled: bool, limit: z.number().nullish(), actual: z.number().nullish() })
  .transform((o) => ({
    entitlement: o.entitlement,
    enabled: o.enabled,
    limit: o.limit ?? null,
    actual: o.actual ?? null,
  }));
export const EntitlementsSchema: WireSchema<Entitlements> = z
  .object({
    features: z
      .record(z.string(), FeatureSchema)
      .nullish()
      .transform((v) => v ?? {}),
    has_license: bool,
    trial: bool,
    require_telemetry: bool,
    errors: strList,
    warnings: strList,
    refreshed_at: optStr,
  })
  .transform((o) => ({
    features: o.features,
    hasLicense: o.has_license,
    trial: o.trial,
    requireTelemetry: o.require_telemetry,
    errors: o.errors,
    warnings: o.warnings,
    refreshedAt: o.refreshed_at,
  }));
