/**
 * Lookups by name for Pulumi programs: Coder's APIs take UUIDs, people think in names.
 *
 * Plain async functions, run in the program process (not in the provider host): they read the
 * stack's `coderd:*` config (`coderd:url`, `coderd:token`, `coderd:organization`, `coderd:headers`),
 * falling back to `CODER_URL`, `CODER_SESSION_TOKEN`, `CODER_ORGANIZATION`, `CODER_HEADER`, and use
 * the same client as the resources. Not-found is an error naming what was looked for.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CoderClient } from "./client";
// Plain interfaces from a module without zod: these are the lookups' public result types.
import type { Group, NotificationTemplate, Organization, Template, User } from "./client/schemas/entities";
import { logRequest } from "./dynamic/provider-log";

/**
 * The client package, loaded on the first lookup: a program that only declares resources never
 * pays for the HTTP client and the response schemas (zod, undici).
 */
function clientModule(): Promise<typeof import("./client")> {
  return import("./client");
}

let cached: { key: string; client: CoderClient } | undefined;

/** Reads `coderd:<key>`; the token without Pulumi's "use getSecret" warning (it never leaves this process). */
function readStackConfig(fullKey: string): string | undefined {
  try {
    if (fullKey === "coderd:token") return pulumi.runtime.getConfig(fullKey);
    return new pulumi.Config("coderd").get(fullKey.slice("coderd:".length));
  } catch {
    return undefined;
  }
}

/** The client for the current stack config (env fallback); reused across lookups. */
/** @internal */
export async function lookupClient(): Promise<CoderClient> {
  const { CoderClient, resolveProviderConfig } = await clientModule();
  const config = resolveProviderConfig(readStackConfig, process.env);
  const key = JSON.stringify([config.url, config.token, config.headers, config.organization]);
  if (!cached || cached.key !== key) {
    void cached?.client.close();
    cached = {
      key,
      client: new CoderClient({ ...config, userAgent: "pulumi-coderd (lookups)", onRequest: logRequest }),
    };
  }
  return cached.client;
}

/** For tests: forget the cached client. */
/** @internal */
export async function resetLookups(): Promise<void> {
  const c = cached;
  cached = undefined;
  await c?.client.close();
}

async function orNotFound<T>(get: () => Promise<T>, message: () => string, also400 = false): Promise<T> {
  try {
    return await get();
  } catch (err) {
    // coderd answers 400 ("must be an existing uuid or username") for unknown usernames.
    if ((await clientModule()).isNotFound(err) || (also400 && (err as { status?: number }).status === 400))
      throw new Error(message());
    throw err;
  }
}

function requireName(name: unknown, what: string): string {
  if (typeof name !== "string" || name.trim() === "")
    throw new Error(`${what}: a non-empty name is required`);
  return name.trim();
}

/** The Coder user with this username. */
export async function getUser(args: { username: string }): Promise<User> {
  const username = requireName(args?.username, "getUser");
  return orNotFound(
    async () => (await lookupClient()).getUser(username),
    () => `no Coder user named "${username}"`,
    true,
  );
}

/** The organization with this name (or id). */
export async function getOrganization(args: { name: string }): Promise<Organization> {
  const name = requireName(args?.name, "getOrganization");
  return orNotFound(
    async () => (await lookupClient()).getOrganization(name),
    () => `no Coder organization named "${name}"`,
  );
}

/**
 * The group with this name in an organization (name or id; default `coderd:organization`, else
 * the token user's first organization). `Everyone` is the organization's built-in group.
 */
export async function getGroup(args: { organization?: string; name: string }): Promise<Group> {
  const name = requireName(args?.name, "getGroup");
  const client = await lookupClient();
  const org = await orNotFound(
    () => client.resolveOrganizationId(args.organization),
    () => `no Coder organization named "${args.organization}"`,
  );
  return orNotFound(
    () => client.getGroupByName(org, name),
    () =>
      `no Coder group named "${name}" in organization ${args.organization ? `"${args.organization}"` : org}`,
  );
}

/** The template with this name in an organization (name or id; default as for {@link getGroup}). */
export async function getTemplate(args: { organization?: string; name: string }): Promise<Template> {
  const name = requireName(args?.name, "getTemplate");
  const client = await lookupClient();
  const org = await orNotFound(
    () => client.resolveOrganizationId(args.organization),
    () => `no Coder organization named "${args.organization}"`,
  );
  return orNotFound(
    () => client.getTemplateByName(org, name),
    () =>
      `no Coder template named "${name}" in organization ${args.organization ? `"${args.organization}"` : org}`,
  );
}

/**
 * A notification template by name (e.g. `Workspace Deleted`), among Coder's system templates and
 * then the custom ones; `method` is "" while it uses the deployment default. Names are matched
 * exactly, then case-insensitively.
 */
export async function getNotificationTemplate(args: { name: string }): Promise<NotificationTemplate> {
  const name = requireName(args?.name, "getNotificationTemplate");
  const client = await lookupClient();
  const all: NotificationTemplate[] = [];
  for (const kind of ["system", "custom"] as const) {
    const templates = await client.listNotificationTemplates(kind);
    all.push(...templates);
    const found =
      templates.find((t) => t.name === name) ??
      templates.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (found) return found;
  }
  const known = all.map((t) => t.name).join(", ");
  throw new Error(`no Coder notification template named "${name}" (known: ${known || "none"})`);
}

/** One license feature as {@link getEntitlements} reports it. */
export interface EntitlementFeature {
  /** `entitled`, `grace_period` or `not_entitled`. */
  entitlement: string;
  enabled: boolean;
  /** True when the feature can be used now: enabled and entitled (or in its grace period). */
  entitled: boolean;
  limit?: number;
  actual?: number;
}

/** The deployment's license, for programs that branch on it (`if (ents.features.appearance?.entitled)`). */
export interface EntitlementsResult {
  hasLicense: boolean;
  trial: boolean;
  /** Feature name (e.g. `appearance`, `template_rbac`, `aibridge`) → state. */
  features: Record<string, EntitlementFeature>;
  /** Names of the features that can be used now, sorted. */
  entitledFeatures: string[];
  warnings: string[];
  errors: string[];
}

/** What the deployment's license includes (one `GET /entitlements`, uncached). */
export async function getEntitlements(): Promise<EntitlementsResult> {
  const { isFeatureEntitled } = await clientModule();
  const ents = await (await lookupClient()).getEntitlements();
  const features: Record<string, EntitlementFeature> = {};
  for (const [name, f] of Object.entries(ents.features)) {
    const feature: EntitlementFeature = {
      entitlement: f.entitlement,
      enabled: f.enabled,
      entitled: isFeatureEntitled(ents, name),
    };
    if (f.limit !== undefined && f.limit !== null) feature.limit = f.limit;
    if (f.actual !== undefined && f.actual !== null) feature.actual = f.actual;
    features[name] = feature;
  }
  return {
    hasLicense: ents.hasLicense,
    trial: ents.trial,
    features,
    entitledFeatures: Object.keys(features)
      .filter((n) => features[n]!.entitled)
      .sort(),
    warnings: ents.warnings,
    errors: ents.errors,
  };
}
