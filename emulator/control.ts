// Typed client for the emulator's /emulator/v1 control API (CONTRACT.md). Uses global fetch so it
// works from any test process, not only the one that started the emulator.

import type { RequestLogEntry } from "./requestlog";

export type { RequestLogEntry };

export type LicenseMode = "all" | "none";

export interface SeedUser {
  id: string;
  username: string;
  /** Session token of this user (extension: lets tests act as a non-owner member). */
  token: string;
}

export interface EmulatorSeed {
  deploymentId: string;
  owner: SeedUser;
  users: SeedUser[];
  organizations: { id: string; name: string }[];
  defaultOrganizationId: string;
  templates: { id: string; name: string; organizationId: string }[];
  /** `kid` of the emulator's license signing key (extension). */
  licenseKeyId: string;
}

export interface AddUserOptions {
  username: string;
  email?: string;
  name?: string;
  /** Organizations to join; default = the default organization. */
  organizationIds?: string[];
  /** Stored IdP claims, surfaced by the idpsync available-fields / field-values endpoints. */
  claims?: Record<string, unknown>;
  /** Give the user the site-wide owner role. */
  owner?: boolean;
}

export interface MintLicenseOptions {
  /** features claim (name → int64); default grants every feature. */
  features?: Record<string, number>;
  /** Sets both license_expires and exp (ISO string or epoch seconds). */
  expiresAt?: string | number;
  /** JWT header overrides (e.g. {kid: "nope"} or {alg: "HS256"}); null removes a header field. */
  header?: Record<string, unknown>;
  /** Any other claim override; null removes the claim. */
  [claim: string]: unknown;
}

export interface FaultOptions {
  method?: string;
  /** Regular expression matched against the request path. */
  path?: string;
  kind: "latency" | "status" | "drop";
  ms?: number;
  status?: number;
  retryAfter?: number;
  body?: unknown;
  count?: number;
  probability?: number;
  /** `before` (default): fails before coderd acts; `after`: coderd commits, then the answer is lost. */
  phase?: "before" | "after";
}

/** Coder's API rate limiter: requests per window per client IP + path; limit <= 0 = off. */
export interface RateLimitSettings {
  limit: number;
  windowMs: number;
}

/** Counts and raw rows of the emulator state; see Emulator.stateDump. */
export interface EmulatorState {
  licenseMode: LicenseMode;
  counts: Record<string, number>;
  groups: unknown[];
  licenses: unknown[];
  oauth2Apps: unknown[];
  oauth2Secrets: unknown[];
  provisionerKeys: unknown[];
  workspaceProxies: unknown[];
  templateAcls: unknown[];
  idpSync: unknown;
  [key: string]: unknown;
}

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`emulator control API returned ${status}: ${body}`);
  }
}

export class EmulatorControl {
  /** @param baseUrl the emulator URL, e.g. http://127.0.0.1:7080 */
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/emulator/v1${path}`, {
      method,
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new EmulatorControlError(res.status, text);
    return (text ? JSON.parse(text) : {}) as T;
  }

  seed(): Promise<EmulatorSeed> {
    return this.call("GET", "/seed");
  }

  reset(opts: { license?: LicenseMode } = {}): Promise<Record<string, never>> {
    return this.call("POST", "/reset", opts);
  }

  addUser(u: AddUserOptions): Promise<SeedUser> {
    return this.call("POST", "/users", u);
  }

  addOrganization(o: { name: string; displayName?: string }): Promise<{ id: string; name: string }> {
    return this.call("POST", "/organizations", o);
  }

  addTemplate(t: {
    name: string;
    organizationId: string;
  }): Promise<{ id: string; name: string; organizationId: string }> {
    return this.call("POST", "/templates", t);
  }

  mintLicense(o: MintLicenseOptions = {}): Promise<{ jwt: string }> {
    return this.call("POST", "/licenses/mint", o);
  }

  setLicenseMode(license: LicenseMode): Promise<Record<string, never>> {
    return this.call("POST", "/license-mode", { license });
  }

  requests(): Promise<RequestLogEntry[]> {
    return this.call("GET", "/requests");
  }

  clearRequests(): Promise<Record<string, never>> {
    return this.call("DELETE", "/requests");
  }

  addFault(f: FaultOptions): Promise<{ id: string }> {
    return this.call("POST", "/faults", f);
  }

  faults(): Promise<(FaultOptions & { id: string; hits: number })[]> {
    return this.call("GET", "/faults");
  }

  clearFaults(): Promise<Record<string, never>> {
    return this.call("DELETE", "/faults");
  }

  rateLimit(): Promise<RateLimitSettings> {
    return this.call("GET", "/rate-limit");
  }

  /** Sets the limit (0 = off) and optionally a window (ms, >= 1000); the counts start over. */
  setRateLimit(settings: { limit: number; windowMs?: number }): Promise<RateLimitSettings> {
    return this.call("PUT", "/rate-limit", settings);
  }

  state(): Promise<EmulatorState> {
    return this.call("GET", "/state");
  }

  /** Makes the user's session token expired (401 `API key expired at ...`). */
  expireToken(userId: string, at?: string | number): Promise<Record<string, never>> {
    return this.call(
      "POST",
      `/users/${encodeURIComponent(userId)}/expire-token`,
      at === undefined ? {} : { at },
    );
  }

  /** A workspace owned by `ownerId` (blocks deleting the user and its organization). */
  addWorkspace(w: {
    ownerId: string;
    organizationId?: string;
    name?: string;
  }): Promise<{ id: string; name: string; ownerId: string; organizationId: string }> {
    return this.call("POST", "/workspaces", w);
  }

  deleteWorkspace(id: string): Promise<Record<string, never>> {
    return this.call("DELETE", `/workspaces/${encodeURIComponent(id)}`);
  }
  /**
   * Changes deployment options (server flags) the appearance, quiet-hours, notification and AI
   * budget endpoints read, e.g. `{allowCustomQuietHours: false}`. Reset restores the defaults.
   */
  setDeploymentOptions(options: Partial<DeploymentOptionsView>): Promise<DeploymentOptionsView> {
    return this.call("PATCH", "/deployment-options", options);
  }

  /** The enabled experiments (coderd's CODER_EXPERIMENTS), e.g. `["oauth2"]`. */
  experiments(): Promise<string[]> {
    return this.call("GET", "/experiments");
  }

  /** Replaces the enabled experiments, like restarting coderd with another CODER_EXPERIMENTS. */
  setExperiments(experiments: string[]): Promise<Record<string, never>> {
    return this.call("POST", "/experiments", { experiments });
  }
}

/** The emulated deployment options (see emulator/state/records.ts DeploymentOptions). */
export interface DeploymentOptionsView {
  docsUrl: string;
  quietHoursDefaultSchedule: string;
  allowCustomQuietHours: boolean;
  notificationsMethod: "smtp" | "webhook";
  aiBridgeEnabled: boolean;
  disableWorkspaceSharing: boolean;
}
