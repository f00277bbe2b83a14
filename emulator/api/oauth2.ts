// OAuth2 provider app management (coderd/oauth2provider): apps and their client secrets
// (BEHAVIOUR.md "OAuth2 provider apps", "Experiments").

import { T } from "../http/godecode";
import { apiError, empty, internalServerError, ok, type Reply, resourceNotFound } from "../http/response";
import { parseUuid } from "../http/uuid";
import { validateStruct } from "../http/validate";
import { newId, randomAlnum, sha256Hex } from "../state/ids";
import type { OAuth2AppRecord } from "../state/records";
import { isOwner, type RequestContext, readBody } from "./context";
import { parseUuidParam } from "./middleware";
import { oauth2AppView, oauth2SecretView } from "./views";

const APP_REQUEST = (name: string) =>
  T.struct(name, { name: T.string, callback_url: T.string, icon: T.string });

interface AppRequest {
  name: string;
  callback_url: string;
  icon: string;
}

function readAppRequest(ctx: RequestContext, typeName: string): AppRequest {
  const req = readBody<AppRequest>(ctx, APP_REQUEST(typeName));
  validateStruct([
    { field: "name", value: req.name, tags: "required,oauth2_app_name" },
    { field: "callback_url", value: req.callback_url, tags: "required,http_url" },
  ]);
  return req;
}

/**
 * httpmw.RequireExperimentWithDevBypass(oauth2) (coderd/httpmw/experiments.go), mounted before the
 * API key in v2.30.0: 403 "<DisplayName> functionality requires enabling the '<name>' experiment."
 * The oauth2 display name already ends in "Functionality", hence the doubled word (sic).
 */
export const OAUTH2_EXPERIMENT_MESSAGE =
  "OAuth2 Provider Functionality functionality requires enabling the 'oauth2' experiment.";
export function oauth2Experiment(ctx: RequestContext): void {
  if (!ctx.core.experiments.includes("oauth2")) throw apiError(403, OAUTH2_EXPERIMENT_MESSAGE);
}

/** httpmw.ExtractOAuth2ProviderApp: 404 with its own message. */
export function loadApp(ctx: RequestContext): OAuth2AppRecord {
  const id = parseUuidParam(ctx, "app");
  const app = ctx.store.oauth2Apps.get(id);
  if (!app) throw apiError(404, "OAuth2 application not found.");
  return app;
}

export function listApps(ctx: RequestContext): Reply {
  const raw = ctx.query.get("user_id");
  if (raw !== null && raw !== "") {
    const id = parseUuid(raw);
    if (!id.ok) throw apiError(400, "Invalid user UUID", `queried user_id=${JSON.stringify(raw)}`);
    // Apps the user holds tokens for: the emulator issues no OAuth2 tokens, and the handler's nil
    // slice serialises as null.
    return ok(null);
  }
  // GetOAuth2ProviderApps: ORDER BY (name, id).
  const apps = [...ctx.store.oauth2Apps.values()].sort((a, b) =>
    a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return ok(apps.map((a) => oauth2AppView(ctx.core.accessUrl, a)));
}

export function createApp(ctx: RequestContext): Reply {
  const req = readAppRequest(ctx, "PostOAuth2ProviderAppRequest");
  if (!isOwner(ctx)) throw internalServerError("unauthorized: rbac: forbidden");
  const app: OAuth2AppRecord = {
    id: newId(),
    name: req.name,
    callbackUrl: req.callback_url,
    icon: req.icon,
    createdAt: ctx.now,
  };
  ctx.store.oauth2Apps.set(app.id, app);
  return ok(oauth2AppView(ctx.core.accessUrl, app), 201);
}

export function getApp(ctx: RequestContext): Reply {
  return ok(oauth2AppView(ctx.core.accessUrl, loadApp(ctx)));
}

export function putApp(ctx: RequestContext): Reply {
  const app = loadApp(ctx);
  const req = readAppRequest(ctx, "PutOAuth2ProviderAppRequest");
  if (!isOwner(ctx)) throw internalServerError("unauthorized: rbac: forbidden");
  app.name = req.name;
  app.callbackUrl = req.callback_url;
  app.icon = req.icon;
  return ok(oauth2AppView(ctx.core.accessUrl, app));
}

export function deleteApp(ctx: RequestContext): Reply {
  const app = loadApp(ctx);
  if (!isOwner(ctx)) throw internalServerError("unauthorized: rbac: forbidden");
  ctx.store.oauth2Apps.delete(app.id);
  for (const [id, s] of ctx.store.oauth2Secrets) if (s.appId === app.id) ctx.store.oauth2Secrets.delete(id);
  return empty(204);
}

export function listSecrets(ctx: RequestContext): Reply {
  const app = loadApp(ctx);
  const secrets = [...ctx.store.oauth2Secrets.values()].filter((s) => s.appId === app.id);
  return ok(secrets.map(oauth2SecretView));
}

export function createSecret(ctx: RequestContext): Reply {
  const app = loadApp(ctx);
  if (!isOwner(ctx)) throw internalServerError("unauthorized: rbac: forbidden");
  // secrets.go GenerateSecret: coder_<10-char prefix>_<40-char secret>
  const prefix = randomAlnum(10);
  const secret = randomAlnum(40);
  const full = `coder_${prefix}_${secret}`;
  const id = newId();
  ctx.store.oauth2Secrets.set(id, {
    id,
    appId: app.id,
    truncated: full.slice(-6),
    hashedSecret: sha256Hex(secret),
    createdAt: ctx.now,
    lastUsedAt: null,
  });
  return ok({ id, client_secret_full: full }, 201);
}

export function deleteSecret(ctx: RequestContext): Reply {
  const app = loadApp(ctx);
  const secretId = parseUuidParam(ctx, "secretID");
  const secret = ctx.store.oauth2Secrets.get(secretId);
  if (!secret) throw resourceNotFound();
  if (secret.appId !== app.id) throw apiError(400, "App ID does not match secret app ID.");
  if (!isOwner(ctx)) throw internalServerError("unauthorized: rbac: forbidden");
  ctx.store.oauth2Secrets.delete(secretId);
  return empty(204);
}
