// Workspace proxies (enterprise/coderd/workspaceproxy.go; BEHAVIOUR.md "Workspace proxies"): soft delete, the computed primary proxy
// (id = deployment id), `{proxy, proxy_token}` responses for both POST and PATCH.

import { T } from "../http/godecode";
import { apiError, internalServerError, ok, type Reply, resourceNotFound } from "../http/response";
import { parseUuid } from "../http/uuid";
import { validateStruct } from "../http/validate";
import { newId, randomHex, sha256Hex } from "../state/ids";
import type { WorkspaceProxyRecord } from "../state/records";
import { isOwner, type RequestContext, readBody } from "./context";
import { primaryProxyView, workspaceProxyView } from "./views";

const CREATE_PROXY = T.struct("CreateWorkspaceProxyRequest", {
  name: T.string,
  display_name: T.string,
  icon: T.string,
});
const PATCH_PROXY = T.struct("PatchWorkspaceProxy", {
  id: T.uuid,
  name: T.string,
  display_name: T.string,
  icon: T.string,
  regenerate_token: T.bool,
});

type ProxyRef = { primary: true } | { primary: false; proxy: WorkspaceProxyRecord };

/** `<proxy uuid>:<64 hex>`; the server keeps only a hash of the secret. */
function newProxyToken(id: string): { token: string; hash: string } {
  const secret = randomHex(64);
  return { token: `${id}:${secret}`, hash: sha256Hex(secret) };
}

function liveProxies(ctx: RequestContext): WorkspaceProxyRecord[] {
  return [...ctx.store.workspaceProxies.values()].filter((p) => !p.deleted);
}

/** httpmw.ExtractWorkspaceProxyParam: "primary"/deployment id, UUID (incl. deleted), else live name. */
function resolveProxy(ctx: RequestContext): ProxyRef {
  const ref = ctx.params["workspaceproxy"] ?? "";
  if (ref === "primary") return { primary: true };
  const id = parseUuid(ref);
  if (id.ok) {
    if (id.uuid === ctx.store.deploymentId) return { primary: true };
    const proxy = ctx.store.workspaceProxies.get(id.uuid);
    if (!proxy) throw resourceNotFound();
    return { primary: false, proxy };
  }
  const proxy = liveProxies(ctx).find((p) => p.name === ref);
  if (!proxy) throw resourceNotFound();
  return { primary: false, proxy };
}

function primaryView(ctx: RequestContext) {
  return primaryProxyView(ctx.store, ctx.core.accessUrl, ctx.now);
}

export function createProxy(ctx: RequestContext): Reply {
  const req = readBody<{ name: string; display_name: string; icon: string }>(ctx, CREATE_PROXY);
  validateStruct([{ field: "name", value: req.name, tags: "required" }]);
  if (req.name.toLowerCase() === "primary") {
    throw apiError(
      400,
      'The name "primary" is reserved for the primary region.',
      "Cannot name a workspace proxy 'primary'.",
      [{ field: "name", detail: "Reserved name" }],
    );
  }
  if (!isOwner(ctx)) throw internalServerError("unauthorized: rbac: forbidden");
  if (liveProxies(ctx).some((p) => p.name.toLowerCase() === req.name.toLowerCase())) {
    throw apiError(409, `Workspace proxy with name ${JSON.stringify(req.name)} already exists.`);
  }
  const id = newId();
  const { token, hash } = newProxyToken(id);
  const proxy: WorkspaceProxyRecord = {
    id,
    name: req.name,
    displayName: req.display_name,
    icon: req.icon,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    deleted: false,
    tokenHash: hash,
  };
  ctx.store.workspaceProxies.set(id, proxy);
  return ok({ proxy: workspaceProxyView(proxy), proxy_token: token }, 201);
}

/** `{"regions":[primary, ...live proxies]}`. */
export function listProxies(ctx: RequestContext): Reply {
  return ok({ regions: [primaryView(ctx), ...liveProxies(ctx).map(workspaceProxyView)] });
}

export function getProxy(ctx: RequestContext): Reply {
  const ref = resolveProxy(ctx);
  return ok(ref.primary ? primaryView(ctx) : workspaceProxyView(ref.proxy));
}

export function patchProxy(ctx: RequestContext): Reply {
  const ref = resolveProxy(ctx);
  const req = readBody<{
    id: string;
    name: string;
    display_name: string;
    icon: string;
    regenerate_token: boolean;
  }>(ctx, PATCH_PROXY);
  validateStruct([
    { field: "id", value: req.id, tags: "required" },
    { field: "name", value: req.name, tags: "required" },
    { field: "display_name", value: req.display_name, tags: "required" },
    { field: "icon", value: req.icon, tags: "required" },
  ]);
  if (!isOwner(ctx)) throw internalServerError("unauthorized: rbac: forbidden");
  if (ref.primary) {
    if (req.name !== "" && req.name !== "primary") {
      throw apiError(
        400,
        "Cannot update name of default primary proxy, did you mean to update the 'display name'?",
        undefined,
        [{ field: "name", detail: "Cannot update name of default primary proxy" }],
      );
    }
    ctx.store.primaryProxy = { displayName: req.display_name, icon: req.icon };
    // Quirk: a fresh, meaningless token is returned when regeneration is asked for on the primary.
    const token = req.regenerate_token ? newProxyToken(ctx.store.deploymentId).token : "";
    return ok({ proxy: primaryView(ctx), proxy_token: token });
  }
  const proxy = ref.proxy;
  const clash = liveProxies(ctx).find(
    (p) => p.id !== proxy.id && p.name.toLowerCase() === req.name.toLowerCase(),
  );
  if (clash && !proxy.deleted) {
    // Not specially handled by coderd: the unique index violation surfaces as a 500.
    throw internalServerError(
      'update workspace proxy: pq: duplicate key value violates unique constraint "workspace_proxies_lower_name_idx"',
    );
  }
  let token = "";
  if (req.regenerate_token) {
    const fresh = newProxyToken(proxy.id);
    token = fresh.token;
    proxy.tokenHash = fresh.hash;
  }
  proxy.name = req.name;
  proxy.displayName = req.display_name;
  proxy.icon = req.icon;
  proxy.updatedAt = ctx.now;
  return ok({ proxy: workspaceProxyView(proxy), proxy_token: token });
}

export function deleteProxy(ctx: RequestContext): Reply {
  const ref = resolveProxy(ctx);
  if (ref.primary) throw apiError(400, "Cannot delete primary proxy");
  if (!isOwner(ctx)) throw internalServerError("unauthorized: rbac: forbidden");
  ref.proxy.deleted = true;
  ref.proxy.updatedAt = ctx.now;
  return ok({ message: "Proxy has been deleted!" });
}
