// The emulator process: an HTTP server routing /api/v2 (faults → router → request log) and
// /emulator/v1 (control API), around a Store that reset() rebuilds from the seed.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { EmulatorCore, RequestContext } from "./api/context";
import { buildApiRoutes } from "./api/routes";
import { handleControl } from "./control-api";
import { defaultFaultMessage, type Fault, FaultInjector } from "./faults";
import { coderdResponseHeaders } from "./http/coderd-headers";
import { goStringify } from "./http/goencode";
import {
  ApiError,
  coderResponse,
  internalServerError,
  type Reply,
  routeNotFound,
  writeReply,
} from "./http/response";
import { type Mount, pathSegments } from "./http/router";
import { type LicenseKey, newLicenseKey } from "./licensing/jwt";
import { type RateLimitConfig, RateLimiter } from "./ratelimit";
import { RequestLog } from "./requestlog";
import { buildSeededStore, newSeedIdentity, type SeedIdentity } from "./state/seed";
import type { LicenseMode } from "./state/store";

export interface EmulatorConfig {
  token: string;
  license: LicenseMode;
  accessUrl?: string;
  experiments: string[];
  requestLogCapacity?: number;
  /** Coder's API rate limit; `limit` <= 0 = off. */
  rateLimit: RateLimitConfig;
}

/** The Coder release the emulator imitates (README.md, "Coder version"); `+emulator` marks the build. */
export const EMULATED_VERSION = "v2.30.0+emulator";

const API_PREFIX = "/api/v2";
const CONTROL_PREFIX = "/emulator/v1";

function readRequestBody(req: IncomingMessage): Promise<string> {
  const len = req.headers["content-length"];
  if ((len === undefined || len === "0") && req.headers["transfer-encoding"] === undefined) {
    return Promise.resolve("");
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The answer of a `status` fault: what a proxy in front of coderd would send. */
function faultReply(fault: Fault): Reply {
  const status = fault.status!;
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers["Retry-After"] = String(fault.retryAfter);
  else if (status === 429) headers["Retry-After"] = "1";
  const b = fault.body;
  if (b !== undefined && typeof b === "object" && b !== null)
    return { status, rawJson: goStringify(b) + "\n", headers };
  return { status, body: coderResponse(typeof b === "string" ? b : defaultFaultMessage(status)), headers };
}

/** httprate.KeyByIP: the peer address (IPv4-mapped IPv6 as plain IPv4). */
function clientIp(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? "";
  return a.startsWith("::ffff:") ? a.slice(7) : a;
}

export class Emulator {
  readonly licenseKey: LicenseKey = newLicenseKey();
  readonly seed: SeedIdentity;
  readonly core: EmulatorCore;
  readonly faults = new FaultInjector();
  readonly requestLog: RequestLog;
  readonly rateLimiter: RateLimiter;
  private readonly routes: Mount<RequestContext> = buildApiRoutes();
  private server: Server | undefined;

  constructor(config: EmulatorConfig) {
    this.seed = newSeedIdentity(config.token);
    this.requestLog = new RequestLog(config.requestLogCapacity);
    this.rateLimiter = new RateLimiter(config.rateLimit);
    this.core = {
      store: buildSeededStore(this.seed, config.license),
      licenseKeys: [this.licenseKey],
      accessUrl: config.accessUrl ?? "",
      experiments: config.experiments.map((e) => e.toLowerCase()),
      version: EMULATED_VERSION,
    };
  }

  /**
   * Back to the seed state (same ids); license mode kept unless given. Faults and the rate
   * limiter's counts are cleared too; its limit and window are kept.
   */
  reset(license?: LicenseMode): void {
    const mode = license ?? this.core.store.licenseMode;
    this.core.store = buildSeededStore(this.seed, mode);
    this.faults.clear();
    this.rateLimiter.clearCounters();
  }

  async listen(port: number, host: string): Promise<string> {
    const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      this.handle(req, res).catch((err) => {
        console.error("emulator: unhandled error", err);
        if (!res.headersSent) writeReply(res, internalServerError(String(err)).toReply());
        else res.destroy();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    const hostForUrl = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
    const url = `http://${hostForUrl}:${addr.port}`;
    if (!this.core.accessUrl) this.core.accessUrl = url;
    return url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const rawQuery = q >= 0 ? rawUrl.slice(q + 1) : "";
    if (path === CONTROL_PREFIX || path.startsWith(CONTROL_PREFIX + "/")) {
      const body = await readRequestBody(req);
      const segs = path
        .slice(CONTROL_PREFIX.length)
        .split("/")
        .filter((s) => s !== "")
        .map(decodeURIComponent);
      writeReply(res, await handleControl(this, req.method ?? "GET", segs, body));
      return;
    }
    if (path === API_PREFIX || path.startsWith(API_PREFIX + "/")) {
      await this.handleApi(req, res, path, rawQuery);
      return;
    }
    writeReply(res, routeNotFound().toReply());
  }

  private async handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    rawQuery: string,
  ): Promise<void> {
    const started = performance.now();
    const seq = this.requestLog.begin();
    const method = req.method ?? "GET";
    const bodyText = await readRequestBody(req);
    const before = this.faults.decide(method, path, "before");
    let after: ReturnType<FaultInjector["decide"]> | undefined;
    let rateLimited = false;
    const log = (status: number) => {
      const applied = [...before.applied, ...(after?.applied ?? [])];
      this.requestLog.add(seq, {
        method,
        path,
        query: rawQuery,
        status,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        fault: applied.length > 0 ? applied.join(",") : undefined,
        rateLimited: rateLimited || undefined,
      });
    };
    if (before.latencyMs > 0) await sleep(before.latencyMs);
    if (before.terminal?.kind === "drop") {
      req.socket.destroy();
      log(0);
      return;
    }
    let reply: Reply;
    if (before.terminal) {
      reply = faultReply(before.terminal);
    } else {
      // coderd's first /api/v2 middleware: the limiter, keyed by client IP + path, before auth.
      const limit = this.rateLimiter.enabled
        ? this.rateLimiter.check(clientIp(req), path)
        : { allowed: true, headers: {} as Record<string, string>, message: undefined };
      if (!limit.allowed) {
        rateLimited = true;
        reply = { status: 429, body: coderResponse(limit.message!), headers: limit.headers };
      } else {
        reply = await this.dispatch(req, method, path, rawQuery, bodyText);
        reply = { ...reply, headers: { ...limit.headers, ...(reply.headers ?? {}) } };
        // The handler has run (and committed): an `after` fault now loses its answer.
        after = this.faults.decide(method, path, "after");
        if (after.latencyMs > 0) await sleep(after.latencyMs);
        if (after.terminal?.kind === "drop") {
          req.socket.destroy();
          log(0);
          return;
        }
        if (after.terminal) reply = faultReply(after.terminal);
      }
    }
    writeReply(res, { ...reply, headers: { ...coderdResponseHeaders(this.core.version), ...reply.headers } });
    log(reply.status);
  }

  private async dispatch(
    req: IncomingMessage,
    method: string,
    path: string,
    rawQuery: string,
    bodyText: string,
  ): Promise<Reply> {
    const segs = pathSegments(path);
    if (!segs) return { status: 400, body: coderResponse("Invalid URL path encoding.") };
    const ctx: RequestContext = {
      req,
      method,
      params: {},
      query: new URLSearchParams(rawQuery),
      bodyText,
      core: this.core,
      store: this.core.store,
      now: Date.now(),
    };
    try {
      return await this.routes.dispatch(ctx, segs.slice(2));
    } catch (e) {
      if (e instanceof ApiError) return e.toReply();
      console.error("emulator: handler error", e);
      return internalServerError(e instanceof Error ? e.message : String(e)).toReply();
    }
  }

  /** GET /emulator/v1/seed: the current users/orgs/templates with their ids (and member tokens). */
  seedView() {
    const store = this.core.store;
    const owner = [...store.users.values()].find((u) => u.token === this.seed.ownerToken)!;
    return {
      deploymentId: store.deploymentId,
      owner: { id: owner.id, username: owner.username, token: owner.token },
      users: [...store.users.values()].map((u) => ({ id: u.id, username: u.username, token: u.token })),
      organizations: [...store.organizations.values()].map((o) => ({ id: o.id, name: o.name })),
      defaultOrganizationId: store.defaultOrganization().id,
      templates: [...store.templates.values()].map((t) => ({
        id: t.id,
        name: t.name,
        organizationId: t.organizationId,
      })),
      licenseKeyId: this.licenseKey.kid,
    };
  }

  /** GET /emulator/v1/state: counts plus the raw rows, for before/after comparisons in tests. */
  stateDump() {
    const s = this.core.store;
    const rows = <T>(m: Map<unknown, T>) => [...m.values()];
    const groups = rows(s.groups).map((g) => ({ ...g, memberIds: s.groupMemberIds(g) }));
    const licenses = rows(s.licenses).map((l) => ({
      id: l.id,
      uuid: l.uuid,
      uploadedAt: l.uploadedAt,
      claims: l.claims,
    }));
    const templateAcls = rows(s.templates).map((t) => ({
      templateId: t.id,
      users: new Map(t.userAcl),
      groups: new Map(t.groupAcl),
    }));
    const idpSync = {
      groups: new Map([...s.groupSync].map(([org, v]) => [org, v])),
      roles: new Map([...s.roleSync].map(([org, v]) => [org, v])),
      organization: s.organizationSync ?? null,
    };
    return {
      licenseMode: s.licenseMode,
      counts: {
        users: s.users.size,
        organizations: s.organizations.size,
        groups: s.groups.size,
        licenses: s.licenses.size,
        oauth2Apps: s.oauth2Apps.size,
        oauth2Secrets: s.oauth2Secrets.size,
        provisionerKeys: s.provisionerKeys.size,
        workspaceProxies: s.workspaceProxies.size,
      },
      users: rows(s.users).map(({ token: _t, ...u }) => u),
      organizations: rows(s.organizations),
      groups,
      licenses,
      oauth2Apps: rows(s.oauth2Apps),
      oauth2Secrets: rows(s.oauth2Secrets),
      provisionerKeys: rows(s.provisionerKeys),
      workspaceProxies: rows(s.workspaceProxies),
      primaryProxy: s.primaryProxy,
      templateAcls,
      idpSync,
      appearance: s.appearance,
      workspaceSharing: new Map(s.workspaceSharing),
      notificationTemplateMethods: new Map(rows(s.notificationTemplates).map((t) => [t.id, t.method])),
      quietHours: new Map(s.quietHours),
      groupAiBudgets: rows(s.groupAiBudgets),
      deploymentOptions: s.deploymentOptions,
    };
  }
}
