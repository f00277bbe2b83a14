// Typed Coder API client: one method per endpoint. Pure HTTP + types (no Pulumi imports).
// Responses are parsed by the zod schemas in ./schemas (snake_case → camelCase in one place);
// request bodies are built snake_case right here, in each method.

import type { z } from "zod/v3";
import { normalizeCoderUrl } from "./config";
import { EntitlementChecker } from "./entitlements";
import { CoderUnexpectedResponseError } from "./errors";
import { ExperimentChecker } from "./experiments";
import { ItemsById } from "./items-by-id";
import type { RateLimitWaitEvent } from "./rate-limit";
import type {
  BuildInfo,
  CreateProvisionerKeyResponse,
  Entitlements,
  Group,
  GroupSyncSettings,
  GroupWithMemberIds,
  License,
  MessageResponse,
  OAuth2App,
  OAuth2AppSecret,
  OAuth2AppSecretFull,
  Organization,
  OrganizationMember,
  OrganizationMemberWithUser,
  OrganizationSyncSettings,
  ProvisionerKey,
  ProvisionerKeyDaemons,
  RoleSyncSettings,
  Template,
  TemplateAcl,
  TemplateAclAvailable,
  TemplateAclRoles,
  User,
  WorkspaceProxy,
  WorkspaceProxyWithToken,
} from "./schemas";
import {
  BuildInfoSchema,
  type CreateGroupRequest,
  type CreateOrganizationRequest,
  type CreateProvisionerKeyRequest,
  CreateProvisionerKeyResponseSchema,
  type CreateUserRequest,
  type CreateWorkspaceProxyRequest,
  EntitlementsSchema,
  GroupListSchema,
  GroupSchema,
  type GroupSyncConfigInput,
  type GroupSyncSettingsInput,
  GroupSyncSettingsSchema,
  GroupWithMemberIdsSchema,
  type IdpSyncMappingPatch,
  LicenseListSchema,
  LicenseSchema,
  list,
  MessageResponseSchema,
  OAuth2AppListSchema,
  type OAuth2AppRequest,
  OAuth2AppSchema,
  OAuth2AppSecretFullSchema,
  OAuth2AppSecretListSchema,
  OrganizationMemberSchema,
  OrganizationMemberWithUserListSchema,
  OrganizationSchema,
  type OrganizationSyncConfigInput,
  type OrganizationSyncSettingsInput,
  OrganizationSyncSettingsSchema,
  ProvisionerKeyDaemonsListSchema,
  ProvisionerKeyListSchema,
  type RoleSyncConfigInput,
  type RoleSyncSettingsInput,
  RoleSyncSettingsSchema,
  StringListSchema,
  TemplateAclAvailableSchema,
  TemplateAclRolesSchema,
  TemplateAclSchema,
  TemplateSchema,
  type UpdateGroupRequest,
  type UpdateOrganizationRequest,
  type UpdateTemplateAclRequest,
  type UpdateWorkspaceProxyRequest,
  UserSchema,
  WorkspaceProxyListSchema,
  WorkspaceProxySchema,
  WorkspaceProxyWithTokenSchema,
} from "./schemas";
import { type Appearance, AppearanceSchema, type UpdateAppearanceRequest } from "./schemas/appearance";
import { type GroupAiBudget, GroupAiBudgetSchema } from "./schemas/group-ai-budget";
import {
  type NotificationDispatchMethods,
  NotificationDispatchMethodsSchema,
  type NotificationMethod,
  type NotificationTemplate,
  NotificationTemplateSchema,
} from "./schemas/notifications";
import { type UserQuietHoursSchedule, UserQuietHoursScheduleSchema } from "./schemas/quiet-hours";
import {
  type ShareableWorkspaceOwners,
  type WorkspaceSharingSettings,
  WorkspaceSharingSettingsSchema,
} from "./schemas/workspace-sharing";
import {
  type HttpMethod,
  type RawResponse,
  type RequestEvent,
  type RequestOptions,
  type RetryOptions,
  Transport,
} from "./transport";
import { isUuid } from "./uuid";

export interface CoderClientOptions {
  /** Deployment URL; normalised (scheme default https, trailing /api/v2 and slashes stripped). */
  url: string;
  token: string;
  /** Default organization (id or name) for `resolveOrganizationId()`. */
  organization?: string;
  headers?: Record<string, string>;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Called after every HTTP attempt; the event has no headers/bodies, safe to log. */
  onRequest?: (event: RequestEvent) => void;
  /** How long entitlements are cached (default 10 000 ms). */
  entitlementsTtlMs?: number;
  userAgent?: string;
  /** Called before every wait for Coder's rate limit (paced, or after a 429); safe to log. */
  onRateLimitWait?: (event: RateLimitWaitEvent) => void;
}

const seg = (s: string | number): string => encodeURIComponent(String(s));

function mappingPatchBody(p: IdpSyncMappingPatch): Record<string, unknown> {
  // coderd's Patch*IDPSyncMappingRequest has no json tags: canonical keys are Add/Remove/Given/Gets.
  const conv = (xs: IdpSyncMappingPatch["add"]) => (xs ?? []).map((m) => ({ Given: m.given, Gets: m.gets }));
  return { Add: conv(p.add), Remove: conv(p.remove) };
}

export class CoderClient {
  readonly url: string;
  readonly organization?: string;
  readonly entitlements: EntitlementChecker;
  readonly #transport: Transport;
  readonly #orgCache = new Map<string, Promise<string>>();

  constructor(opts: CoderClientOptions) {
    this.url = normalizeCoderUrl(opts.url);
    this.organization = opts.organization;
    this.#transport = new Transport({
      url: this.url,
      token: opts.token,
      headers: opts.headers,
      connectTimeoutMs: opts.connectTimeoutMs,
      requestTimeoutMs: opts.requestTimeoutMs,
      retry: opts.retry,
      onRequest: opts.onRequest,
      userAgent: opts.userAgent,
      onRateLimitWait: opts.onRateLimitWait,
    });
    this.entitlements = new EntitlementChecker(
      () => this.getEntitlements(),
      opts.entitlementsTtlMs ?? 10_000,
    );
  }

  /** HTTP requests actually sent by this client, including retries. */
  get requestCount(): number {
    return this.#transport.requestCount;
  }

  /**
   * The server's clock at local time `localMs` (ms), learned from its Date headers; a lower bound
   * (the server's real time is at most about a second later). Undefined before any answer.
   */
  serverTime(localMs: number): number | undefined {
    return this.#transport.serverTime(localMs);
  }

  /** 429 answers received, and the time spent waiting for the rate limit (ms). */
  get rateLimitStats(): { rateLimited: number; waitedMs: number } {
    return { rateLimited: this.#transport.rateLimitedCount, waitedMs: this.#transport.rateLimitWaitedMs };
  }

  toJSON(): Record<string, unknown> {
    return { url: this.url, organization: this.organization };
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `CoderClient(${this.url})`;
  }

  /** Closes the keep-alive connections. The client must not be used afterwards. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  // ----- plumbing -------------------------------------------------------------------------------

  private async call<S extends z.ZodType>(
    schema: S,
    method: HttpMethod,
    path: string,
    opts: RequestOptions = {},
  ): Promise<z.output<S>> {
    const res = await this.#transport.request(method, path, opts);
    return this.parse(schema, method, path, res);
  }

  /** For endpoints whose success body is irrelevant (204, 200 empty, 200 message). */
  private async send(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<void> {
    await this.#transport.request(method, path, opts);
  }

  private parse<S extends z.ZodType>(schema: S, method: string, path: string, res: RawResponse): z.output<S> {
    return this.validate(schema, method, path, res.status, this.parseJson(method, path, res));
  }

  private parseJson(method: string, path: string, res: RawResponse): unknown {
    try {
      return JSON.parse(res.text);
    } catch {
      throw new CoderUnexpectedResponseError({
        method,
        path: `/api/v2${path}`,
        status: res.status,
        problem: res.text.trim() === "" ? "empty body" : "body is not JSON",
      });
    }
  }

  /** `at` prefixes the issue paths (the index of a list item validated on its own). */
  private validate<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    status: number,
    json: unknown,
    at: Array<string | number> = [],
  ): z.output<S> {
    const r = schema.safeParse(json);
    if (!r.success) {
      const problem = r.error.issues
        .slice(0, 3)
        .map((i) => `${[...at, ...i.path].join(".") || "(root)"}: ${i.message}`)
        .join("; ");
      throw new CoderUnexpectedResponseError({ method, path: `/api/v2${path}`, status, problem });
    }
    return r.data;
  }

  /**
   * A list (null meaning empty, as Coder sends for none) looked up by id, each item validated
   * against `itemSchema` when it is first looked up (see ItemsById).
   */
  private async callById<S extends z.ZodType>(itemSchema: S, path: string): Promise<ItemsById<z.output<S>>> {
    const res = await this.#transport.request("GET", path);
    const json = this.parseJson("GET", path, res) ?? [];
    const unexpected = (problem: string) =>
      new CoderUnexpectedResponseError({
        method: "GET",
        path: `/api/v2${path}`,
        status: res.status,
        problem,
      });
    if (!Array.isArray(json)) throw unexpected("(root): expected an array");
    json.forEach((item, index) => {
      if (typeof item?.id !== "string") throw unexpected(`${index}.id: expected a string`);
    });
    return ItemsById.lazy(json, (raw, index) =>
      this.validate(itemSchema, "GET", path, res.status, raw, [index]),
    );
  }

  // ----- organization resolution ----------------------------------------------------------------

  /**
   * Organization id to use: explicit argument → configured organization → the first of the
   * token user's `organization_ids`. Names are resolved with GET /organizations/{name}.
   * Results are cached per client (failures are not).
   */
  resolveOrganizationId(orgIdOrName?: string): Promise<string> {
    const wanted = orgIdOrName?.trim() || this.organization?.trim() || "";
    const key = wanted === "" ? "\u0000me" : wanted;
    const hit = this.#orgCache.get(key);
    if (hit) return hit;
    const p = (async () => {
      if (wanted === "") {
        const me = await this.getMe();
        const first = me.organizationIds[0];
        if (!first) {
          throw new Error(
            `the token's user (${me.username}) is not a member of any organization: set coderd:organization ` +
              "(or CODER_ORGANIZATION), or pass organizationId on the resource",
          );
        }
        return first;
      }
      if (isUuid(wanted)) return wanted.toLowerCase();
      return (await this.getOrganization(wanted)).id;
    })();
    this.#orgCache.set(key, p);
    p.catch(() => {
      if (this.#orgCache.get(key) === p) this.#orgCache.delete(key);
    });
    return p;
  }

  // ----- entitlements ---------------------------------------------------------------------------

  /** Whether the license includes `feature` (cached, see EntitlementChecker). */
  isEntitled(feature: string): Promise<boolean> {
    return this.entitlements.isEntitled(feature);
  }

  /** Throws FeatureNotEntitledError when the license lacks `feature` (needed for `what`). */
  requireFeature(feature: string, what: string): Promise<void> {
    return this.entitlements.requireFeature(feature, what);
  }

  // ----- meta -----------------------------------------------------------------------------------

  getBuildInfo(): Promise<BuildInfo> {
    return this.call(BuildInfoSchema, "GET", "/buildinfo");
  }
  getMe(): Promise<User> {
    return this.call(UserSchema, "GET", "/users/me");
  }
  getUser(idOrUsername: string): Promise<User> {
    return this.call(UserSchema, "GET", `/users/${seg(idOrUsername)}`);
  }
  getOrganization(idOrName: string): Promise<Organization> {
    return this.call(OrganizationSchema, "GET", `/organizations/${seg(idOrName)}`);
  }
  listOrganizations(): Promise<Organization[]> {
    return this.call(list(OrganizationSchema), "GET", "/organizations");
  }
  getTemplate(id: string): Promise<Template> {
    return this.call(TemplateSchema, "GET", `/templates/${seg(id)}`);
  }
  getTemplateByName(orgIdOrName: string, name: string): Promise<Template> {
    return this.call(TemplateSchema, "GET", `/organizations/${seg(orgIdOrName)}/templates/${seg(name)}`);
  }
  listTemplates(orgIdOrName: string): Promise<Template[]> {
    return this.call(list(TemplateSchema), "GET", `/organizations/${seg(orgIdOrName)}/templates`);
  }
  /** Uncached; prefer isEntitled()/requireFeature() or `entitlements.get()`. */
  getEntitlements(): Promise<Entitlements> {
    return this.call(EntitlementsSchema, "GET", "/entitlements");
  }

  // ----- groups ---------------------------------------------------------------------------------

  createGroup(org: string, req: CreateGroupRequest): Promise<Group> {
    const body: Record<string, unknown> = { name: req.name };
    if (req.displayName !== undefined) body.display_name = req.displayName;
    if (req.avatarUrl !== undefined) body.avatar_url = req.avatarUrl;
    if (req.quotaAllowance !== undefined) body.quota_allowance = req.quotaAllowance;
    return this.call(GroupSchema, "POST", `/organizations/${seg(org)}/groups`, { body });
  }
  listGroups(org: string): Promise<Group[]> {
    return this.call(GroupListSchema, "GET", `/organizations/${seg(org)}/groups`);
  }
  /**
   * The same list for the batched reads of a refresh: each group validated when it is looked up,
   * its members for their ids only.
   */
  listGroupsById(org: string): Promise<ItemsById<GroupWithMemberIds>> {
    return this.callById(GroupWithMemberIdsSchema, `/organizations/${seg(org)}/groups`);
  }
  /** `id` must be a UUID (coderd: 400 otherwise); use getGroupByName for names. */
  getGroup(id: string): Promise<Group> {
    return this.call(GroupSchema, "GET", `/groups/${seg(id)}`);
  }
  getGroupByName(org: string, name: string): Promise<Group> {
    return this.call(GroupSchema, "GET", `/organizations/${seg(org)}/groups/${seg(name)}`);
  }
  /** Omitted fields are not changed. */
  updateGroup(id: string, req: UpdateGroupRequest): Promise<Group> {
    const body: Record<string, unknown> = {};
    if (req.name !== undefined) body.name = req.name;
    if (req.displayName !== undefined) body.display_name = req.displayName;
    if (req.avatarUrl !== undefined) body.avatar_url = req.avatarUrl;
    if (req.quotaAllowance !== undefined) body.quota_allowance = req.quotaAllowance;
    if (req.addUsers !== undefined && req.addUsers.length > 0) body.add_users = req.addUsers;
    if (req.removeUsers !== undefined && req.removeUsers.length > 0) body.remove_users = req.removeUsers;
    return this.call(GroupSchema, "PATCH", `/groups/${seg(id)}`, { body });
  }
  deleteGroup(id: string): Promise<void> {
    return this.send("DELETE", `/groups/${seg(id)}`);
  }

  // ----- licenses -------------------------------------------------------------------------------

  async addLicense(jwt: string): Promise<License> {
    try {
      return await this.call(LicenseSchema, "POST", "/licenses", { body: { license: jwt } });
    } finally {
      this.entitlements.invalidate();
    }
  }
  /** coderd answers null when there are no licenses; this returns []. */
  listLicenses(): Promise<License[]> {
    return this.call(LicenseListSchema, "GET", "/licenses");
  }
  /** 200 with an empty body on success. */
  async deleteLicense(id: number | string): Promise<void> {
    try {
      await this.send("DELETE", `/licenses/${seg(id)}`);
    } finally {
      this.entitlements.invalidate();
    }
  }

  // ----- OAuth2 provider apps -------------------------------------------------------------------

  listOAuth2Apps(): Promise<OAuth2App[]> {
    return this.call(OAuth2AppListSchema, "GET", "/oauth2-provider/apps");
  }
  createOAuth2App(req: OAuth2AppRequest): Promise<OAuth2App> {
    return this.call(OAuth2AppSchema, "POST", "/oauth2-provider/apps", {
      body: { name: req.name, callback_url: req.callbackUrl, icon: req.icon ?? "" },
    });
  }
  getOAuth2App(id: string): Promise<OAuth2App> {
    return this.call(OAuth2AppSchema, "GET", `/oauth2-provider/apps/${seg(id)}`);
  }
  /** PUT: full replace of name, callbackUrl and icon. */
  updateOAuth2App(id: string, req: { name: string; callbackUrl: string; icon: string }): Promise<OAuth2App> {
    return this.call(OAuth2AppSchema, "PUT", `/oauth2-provider/apps/${seg(id)}`, {
      body: { name: req.name, callback_url: req.callbackUrl, icon: req.icon },
    });
  }
  deleteOAuth2App(id: string): Promise<void> {
    return this.send("DELETE", `/oauth2-provider/apps/${seg(id)}`);
  }
  listOAuth2AppSecrets(appId: string): Promise<OAuth2AppSecret[]> {
    return this.call(OAuth2AppSecretListSchema, "GET", `/oauth2-provider/apps/${seg(appId)}/secrets`);
  }
  /** The full secret is returned only here, once. */
  createOAuth2AppSecret(appId: string): Promise<OAuth2AppSecretFull> {
    return this.call(OAuth2AppSecretFullSchema, "POST", `/oauth2-provider/apps/${seg(appId)}/secrets`);
  }
  deleteOAuth2AppSecret(appId: string, secretId: string): Promise<void> {
    return this.send("DELETE", `/oauth2-provider/apps/${seg(appId)}/secrets/${seg(secretId)}`);
  }

  // ----- provisioner keys -----------------------------------------------------------------------

  /** Returns only the secret; find the id with listProvisionerKeys (name is lower-cased). */
  createProvisionerKey(org: string, req: CreateProvisionerKeyRequest): Promise<CreateProvisionerKeyResponse> {
    return this.call(
      CreateProvisionerKeyResponseSchema,
      "POST",
      `/organizations/${seg(org)}/provisionerkeys`,
      {
        body: { name: req.name, tags: req.tags ?? {} },
      },
    );
  }
  listProvisionerKeys(org: string): Promise<ProvisionerKey[]> {
    return this.call(ProvisionerKeyListSchema, "GET", `/organizations/${seg(org)}/provisionerkeys`);
  }
  /** Deletes by name (case-insensitive); 204. */
  deleteProvisionerKey(org: string, name: string): Promise<void> {
    return this.send("DELETE", `/organizations/${seg(org)}/provisionerkeys/${seg(name)}`);
  }
  listProvisionerKeyDaemons(org: string): Promise<ProvisionerKeyDaemons[]> {
    return this.call(
      ProvisionerKeyDaemonsListSchema,
      "GET",
      `/organizations/${seg(org)}/provisionerkeys/daemons`,
    );
  }

  // ----- workspace proxies ----------------------------------------------------------------------

  createWorkspaceProxy(req: CreateWorkspaceProxyRequest): Promise<WorkspaceProxyWithToken> {
    return this.call(WorkspaceProxyWithTokenSchema, "POST", "/workspaceproxies", {
      body: { name: req.name, display_name: req.displayName ?? "", icon: req.icon ?? "" },
    });
  }
  /** The primary proxy first, then non-deleted proxies (from `{"regions":[...]}`). */
  listWorkspaceProxies(): Promise<WorkspaceProxy[]> {
    return this.call(WorkspaceProxyListSchema, "GET", "/workspaceproxies");
  }
  /** By id (deleted proxies still answer, deleted=true) or by name (non-deleted only). */
  getWorkspaceProxy(idOrName: string): Promise<WorkspaceProxy> {
    return this.call(WorkspaceProxySchema, "GET", `/workspaceproxies/${seg(idOrName)}`);
  }
  /**
   * Full replace; coderd requires id, name, displayName and icon to be non-empty. Marked
   * idempotent: repeating a full replace gives the same proxy, and repeating a token regeneration
   * only rotates a token nobody received; the token in the answer we get is the valid one.
   */
  updateWorkspaceProxy(idOrName: string, req: UpdateWorkspaceProxyRequest): Promise<WorkspaceProxyWithToken> {
    return this.call(WorkspaceProxyWithTokenSchema, "PATCH", `/workspaceproxies/${seg(idOrName)}`, {
      idempotent: true,
      body: {
        id: req.id,
        name: req.name,
        display_name: req.displayName,
        icon: req.icon,
        regenerate_token: req.regenerateToken ?? false,
      },
    });
  }
  /** Soft delete (200 message). */
  deleteWorkspaceProxy(idOrName: string): Promise<void> {
    return this.send("DELETE", `/workspaceproxies/${seg(idOrName)}`);
  }

  // ----- IdP sync -------------------------------------------------------------------------------
  // Every IdP sync PATCH is idempotent (full and config PATCHes replace; mapping Add/Remove have set
  // semantics), so each is marked `idempotent` and retried on 5xx/reset/timeout like a PUT.

  getGroupSyncSettings(org: string): Promise<GroupSyncSettings> {
    return this.call(GroupSyncSettingsSchema, "GET", `/organizations/${seg(org)}/settings/idpsync/groups`);
  }
  /** Replaces the whole object (omitted mapping → null, omitted bools → false). */
  patchGroupSyncSettings(org: string, s: GroupSyncSettingsInput): Promise<GroupSyncSettings> {
    return this.call(GroupSyncSettingsSchema, "PATCH", `/organizations/${seg(org)}/settings/idpsync/groups`, {
      idempotent: true,
      body: {
        field: s.field,
        mapping: s.mapping ?? {},
        regex_filter: s.regexFilter ?? null,
        auto_create_missing_groups: s.autoCreateMissingGroups ?? false,
      },
    });
  }
  /** Replaces field, regex filter and auto-create; keeps the mapping. */
  patchGroupSyncConfig(org: string, c: GroupSyncConfigInput): Promise<GroupSyncSettings> {
    return this.call(
      GroupSyncSettingsSchema,
      "PATCH",
      `/organizations/${seg(org)}/settings/idpsync/groups/config`,
      {
        idempotent: true,
        body: {
          field: c.field,
          regex_filter: c.regexFilter ?? null,
          auto_create_missing_groups: c.autoCreateMissingGroups ?? false,
        },
      },
    );
  }
  patchGroupSyncMapping(org: string, p: IdpSyncMappingPatch): Promise<GroupSyncSettings> {
    return this.call(
      GroupSyncSettingsSchema,
      "PATCH",
      `/organizations/${seg(org)}/settings/idpsync/groups/mapping`,
      {
        idempotent: true,
        body: mappingPatchBody(p),
      },
    );
  }

  getRoleSyncSettings(org: string): Promise<RoleSyncSettings> {
    return this.call(RoleSyncSettingsSchema, "GET", `/organizations/${seg(org)}/settings/idpsync/roles`);
  }
  patchRoleSyncSettings(org: string, s: RoleSyncSettingsInput): Promise<RoleSyncSettings> {
    return this.call(RoleSyncSettingsSchema, "PATCH", `/organizations/${seg(org)}/settings/idpsync/roles`, {
      idempotent: true,
      body: { field: s.field, mapping: s.mapping ?? {} },
    });
  }
  patchRoleSyncConfig(org: string, c: RoleSyncConfigInput): Promise<RoleSyncSettings> {
    return this.call(
      RoleSyncSettingsSchema,
      "PATCH",
      `/organizations/${seg(org)}/settings/idpsync/roles/config`,
      {
        idempotent: true,
        body: { field: c.field },
      },
    );
  }
  patchRoleSyncMapping(org: string, p: IdpSyncMappingPatch): Promise<RoleSyncSettings> {
    return this.call(
      RoleSyncSettingsSchema,
      "PATCH",
      `/organizations/${seg(org)}/settings/idpsync/roles/mapping`,
      {
        idempotent: true,
        body: mappingPatchBody(p),
      },
    );
  }

  getOrganizationSyncSettings(): Promise<OrganizationSyncSettings> {
    return this.call(OrganizationSyncSettingsSchema, "GET", "/settings/idpsync/organization");
  }
  patchOrganizationSyncSettings(s: OrganizationSyncSettingsInput): Promise<OrganizationSyncSettings> {
    return this.call(OrganizationSyncSettingsSchema, "PATCH", "/settings/idpsync/organization", {
      idempotent: true,
      body: {
        field: s.field,
        mapping: s.mapping ?? {},
        organization_assign_default: s.organizationAssignDefault ?? false,
      },
    });
  }
  /** Note the wire key `assign_default` (the settings object says `organization_assign_default`). */
  patchOrganizationSyncConfig(c: OrganizationSyncConfigInput): Promise<OrganizationSyncSettings> {
    return this.call(OrganizationSyncSettingsSchema, "PATCH", "/settings/idpsync/organization/config", {
      idempotent: true,
      body: { field: c.field, assign_default: c.assignDefault ?? false },
    });
  }
  patchOrganizationSyncMapping(p: IdpSyncMappingPatch): Promise<OrganizationSyncSettings> {
    return this.call(OrganizationSyncSettingsSchema, "PATCH", "/settings/idpsync/organization/mapping", {
      idempotent: true,
      body: mappingPatchBody(p),
    });
  }

  /** Claim keys seen in users' stored claims (deployment-wide, or for one org). */
  getIdpSyncAvailableFields(org?: string): Promise<string[]> {
    const prefix = org ? `/organizations/${seg(org)}` : "";
    return this.call(StringListSchema, "GET", `${prefix}/settings/idpsync/available-fields`);
  }
  getIdpSyncFieldValues(claimField: string, org?: string): Promise<string[]> {
    const prefix = org ? `/organizations/${seg(org)}` : "";
    return this.call(StringListSchema, "GET", `${prefix}/settings/idpsync/field-values`, {
      query: { claimField },
    });
  }

  // ----- template ACL ---------------------------------------------------------------------------

  /** `groups` is normalised from coderd's singular `group` key. */
  getTemplateAcl(templateId: string): Promise<TemplateAcl> {
    return this.call(TemplateAclSchema, "GET", `/templates/${seg(templateId)}/acl`);
  }
  /** The same ACL, only ids and roles (the groups' members and the users' details unchecked). */
  getTemplateAclRoles(templateId: string): Promise<TemplateAclRoles> {
    return this.call(TemplateAclRolesSchema, "GET", `/templates/${seg(templateId)}/acl`);
  }
  /** Merge: absent ids untouched, "" removes, "admin"/"use" upsert. Returns coderd's message. */
  updateTemplateAcl(templateId: string, req: UpdateTemplateAclRequest): Promise<MessageResponse> {
    const body: Record<string, unknown> = {};
    if (req.userPerms !== undefined) body.user_perms = req.userPerms;
    if (req.groupPerms !== undefined) body.group_perms = req.groupPerms;
    // Idempotent: explicit upserts and "" deletions give the same ACL when repeated.
    return this.call(MessageResponseSchema, "PATCH", `/templates/${seg(templateId)}/acl`, {
      body,
      idempotent: true,
    });
  }
  getTemplateAclAvailable(templateId: string): Promise<TemplateAclAvailable> {
    return this.call(TemplateAclAvailableSchema, "GET", `/templates/${seg(templateId)}/acl/available`);
  }

  // ----- organizations, members and users -------------------------------------------------------

  /** POST /organizations (Premium: multiple_organizations). 409 when the name is taken. */
  createOrganization(req: CreateOrganizationRequest): Promise<Organization> {
    const body: Record<string, unknown> = { name: req.name };
    if (req.displayName !== undefined) body.display_name = req.displayName;
    if (req.description !== undefined) body.description = req.description;
    if (req.icon !== undefined) body.icon = req.icon;
    return this.call(OrganizationSchema, "POST", "/organizations", { body });
  }
  /** PATCH /organizations/{org}: a merge, so repeating it is harmless. */
  updateOrganization(idOrName: string, req: UpdateOrganizationRequest): Promise<Organization> {
    const body: Record<string, unknown> = {};
    if (req.name !== undefined) body.name = req.name;
    if (req.displayName !== undefined) body.display_name = req.displayName;
    if (req.description !== undefined) body.description = req.description;
    if (req.icon !== undefined) body.icon = req.icon;
    return this.call(OrganizationSchema, "PATCH", `/organizations/${seg(idOrName)}`, {
      body,
      idempotent: true,
    });
  }
  /**
   * Soft delete. An organization that still has members, groups, templates, workspaces or
   * provisioner keys answers 500 "Error deleting organization." with the counts in `detail`; that
   * answer is final (not retried).
   */
  deleteOrganization(idOrName: string): Promise<void> {
    return this.send("DELETE", `/organizations/${seg(idOrName)}`, {
      isPermanent: (res) => res.status === 500 && res.text.includes("Error deleting organization."),
    });
  }

  /** Every member of the organization (unpaginated); `userId` narrows it to one user (`q=user_id:`). */
  listOrganizationMembers(org: string, userId?: string): Promise<OrganizationMemberWithUser[]> {
    return this.call(OrganizationMemberWithUserListSchema, "GET", `/organizations/${seg(org)}/members`, {
      query: { q: userId === undefined ? undefined : `user_id:${userId}` },
    });
  }
  /** 400 "User is already an organization member" when it is one. */
  addOrganizationMember(org: string, user: string): Promise<OrganizationMember> {
    return this.call(OrganizationMemberSchema, "POST", `/organizations/${seg(org)}/members/${seg(user)}`);
  }
  /** 204; also removes the user from the organization's groups. */
  removeOrganizationMember(org: string, user: string): Promise<void> {
    return this.send("DELETE", `/organizations/${seg(org)}/members/${seg(user)}`);
  }
  /** Full replace of the member's org roles (names without the `:<org id>` suffix). */
  updateOrganizationMemberRoles(org: string, user: string, roles: string[]): Promise<OrganizationMember> {
    return this.call(
      OrganizationMemberSchema,
      "PUT",
      `/organizations/${seg(org)}/members/${seg(user)}/roles`,
      {
        body: { roles },
      },
    );
  }

  /** POST /users → 201. 409 "User already exists." when the username or email is taken. */
  createUser(req: CreateUserRequest): Promise<User> {
    const body: Record<string, unknown> = {
      username: req.username,
      email: req.email,
      name: req.name ?? "",
      login_type: req.loginType,
      organization_ids: req.organizationIds,
    };
    if (req.password !== undefined) body.password = req.password;
    if (req.userStatus !== undefined) body.user_status = req.userStatus;
    return this.call(UserSchema, "POST", "/users", { body });
  }
  /** Soft delete (200 message). 417 while the user owns workspaces; 403 for yourself. */
  deleteUser(id: string): Promise<void> {
    return this.send("DELETE", `/users/${seg(id)}`);
  }
  /** Username and name (a full replace: "" clears the name). */
  updateUserProfile(id: string, req: { username: string; name: string }): Promise<User> {
    return this.call(UserSchema, "PUT", `/users/${seg(id)}/profile`, {
      body: { username: req.username, name: req.name },
    });
  }
  /** PUT status/suspend or status/activate (no body); idempotent. */
  setUserStatus(id: string, status: "active" | "suspended"): Promise<User> {
    const action = status === "active" ? "activate" : "suspend";
    return this.call(UserSchema, "PUT", `/users/${seg(id)}/status/${action}`);
  }
  /** Full replace of the site roles (`member` is implied). */
  updateUserRoles(id: string, roles: string[]): Promise<User> {
    return this.call(UserSchema, "PUT", `/users/${seg(id)}/roles`, { body: { roles } });
  }
  /** Sets another user's password (as an owner no old password is needed); 204. */
  updateUserPassword(id: string, password: string): Promise<void> {
    return this.send("PUT", `/users/${seg(id)}/password`, { body: { password } });
  }

  // ----- appearance -----------------------------------------------------------------------------

  /** Stored values only when the license has `appearance`; Coder's defaults otherwise. */
  getAppearance(): Promise<Appearance> {
    return this.call(AppearanceSchema, "GET", "/appearance");
  }
  /** A full replace; the answer (an echo of the request) is not needed. */
  updateAppearance(req: UpdateAppearanceRequest): Promise<void> {
    return this.send("PUT", "/appearance", {
      body: {
        application_name: req.applicationName,
        logo_url: req.logoUrl,
        announcement_banners: req.announcementBanners.map((b) => ({
          enabled: b.enabled,
          message: b.message,
          background_color: b.backgroundColor,
        })),
      },
    });
  }

  // ----- workspace sharing ----------------------------------------------------------------------

  getWorkspaceSharingSettings(org: string): Promise<WorkspaceSharingSettings> {
    return this.call(
      WorkspaceSharingSettingsSchema,
      "GET",
      `/organizations/${seg(org)}/settings/workspace-sharing`,
    );
  }
  /**
   * Sends both fields, so servers that only know `sharing_disabled` (v2.30) get the closest
   * setting. Idempotent: it sets one value. Turning sharing off deletes workspace ACLs in Coder.
   */
  updateWorkspaceSharingSettings(
    org: string,
    owners: ShareableWorkspaceOwners,
  ): Promise<WorkspaceSharingSettings> {
    return this.call(
      WorkspaceSharingSettingsSchema,
      "PATCH",
      `/organizations/${seg(org)}/settings/workspace-sharing`,
      { idempotent: true, body: { sharing_disabled: owners === "none", shareable_workspace_owners: owners } },
    );
  }

  // ----- notification templates -----------------------------------------------------------------

  /** `kind` "system" (Coder's built-in templates) or "custom"; sorted by name. */
  listNotificationTemplates(kind: "system" | "custom"): Promise<NotificationTemplate[]> {
    return this.call(list(NotificationTemplateSchema), "GET", `/notifications/templates/${kind}`);
  }
  getNotificationDispatchMethods(): Promise<NotificationDispatchMethods> {
    return this.call(NotificationDispatchMethodsSchema, "GET", "/notifications/dispatch-methods");
  }
  /**
   * Sets a template's delivery method. Coder answers 304 (no body) when the method is already
   * that one: success too. There is no way back to "deployment default" (Coder rejects "").
   */
  async setNotificationTemplateMethod(templateId: string, method: NotificationMethod): Promise<void> {
    try {
      await this.send("PUT", `/notifications/templates/${seg(templateId)}/method`, { body: { method } });
    } catch (err) {
      if ((err as { status?: number }).status !== 304) throw err;
    }
  }

  // ----- user quiet hours -----------------------------------------------------------------------

  getUserQuietHoursSchedule(user: string): Promise<UserQuietHoursSchedule> {
    return this.call(UserQuietHoursScheduleSchema, "GET", `/users/${seg(user)}/quiet-hours`);
  }
  /**
   * Sets a daily `CRON_TZ=<zone> <min> <hour> * * *` schedule. A whitespace-only schedule (" ")
   * resets the user to the deployment default (Coder rejects ""). Coder answers a schedule it
   * cannot parse with a 500 (retried like any PUT's 5xx), so callers validate it first.
   */
  setUserQuietHoursSchedule(user: string, schedule: string): Promise<UserQuietHoursSchedule> {
    return this.call(UserQuietHoursScheduleSchema, "PUT", `/users/${seg(user)}/quiet-hours`, {
      body: { schedule },
    });
  }

  // ----- group AI budgets -----------------------------------------------------------------------

  /** 404 when the group has no budget. */
  getGroupAiBudget(groupId: string): Promise<GroupAiBudget> {
    return this.call(GroupAiBudgetSchema, "GET", `/groups/${seg(groupId)}/ai/budget`);
  }
  /** Upsert. `spendLimitMicros` 0 blocks all AI spend of the group's members. */
  setGroupAiBudget(groupId: string, spendLimitMicros: number): Promise<GroupAiBudget> {
    return this.call(GroupAiBudgetSchema, "PUT", `/groups/${seg(groupId)}/ai/budget`, {
      body: { spend_limit_micros: spendLimitMicros },
    });
  }
  /** 404 when there is no budget (already deleted). */
  deleteGroupAiBudget(groupId: string): Promise<void> {
    return this.send("DELETE", `/groups/${seg(groupId)}/ai/budget`);
  }

  // ----- experiments ----------------------------------------------------------------------------

  #experiments?: ExperimentChecker;

  /** The deployment's enabled experiments (coderd's CODER_EXPERIMENTS). */
  getExperiments(): Promise<string[]> {
    return this.call(StringListSchema, "GET", "/experiments");
  }

  /** Whether coderd gates the OAuth2 provider app routes behind the (disabled) `oauth2` experiment. */
  isOAuth2ExperimentGated(): Promise<boolean> {
    this.#experiments ??= new ExperimentChecker(() => this.getExperiments());
    return this.#experiments.isGated("oauth2", () => this.listOAuth2Apps());
  }
}
