import { z } from "zod/v3";
import { bool, list, optStr, str, strList, type WireSchema } from "./common";

export interface WorkspaceProxyStatus {
  /** ok | unreachable | unhealthy | unregistered | ... */
  status: string;
  report: { errors: string[]; warnings: string[] };
  checkedAt: string | null;
}
export interface WorkspaceProxy {
  id: string;
  name: string;
  displayName: string;
  /** The request field is `icon`; the response field is `icon_url`. */
  iconUrl: string;
  healthy: boolean;
  pathAppUrl: string;
  wildcardHostname: string;
  derpEnabled: boolean;
  derpOnly: boolean;
  createdAt: string;
  updatedAt: string;
  /** Soft delete: GET by id still answers, with deleted=true. */
  deleted: boolean;
  version: string;
  status: WorkspaceProxyStatus;
}
const StatusSchema = z
  .object({
    status: str,
    report: z
      .object({ errors: strList, warnings: strList })
      .nullish()
      .transform((r) => ({ errors: r?.errors ?? [], warnings: r?.warnings ?? [] })),
    checked_at: optStr,
  })
  .nullish()
  .transform(
    (o): WorkspaceProxyStatus => ({
      status: o?.status ?? "",
      report: o?.report ?? { errors: [], warnings: [] },
      checkedAt: o?.checked_at ?? null,
    }),
  );
export const WorkspaceProxySchema: WireSchema<WorkspaceProxy> = z
  .object({
    id: z.string(),
    name: str,
    display_name: str,
    icon_url: str,
    healthy: bool,
    path_app_url: str,
    wildcard_hostname: str,
    derp_enabled: bool,
    derp_only: bool,
    created_at: str,
    updated_at: str,
    deleted: bool,
    version: str,
    status: StatusSchema,
  })
  .transform((o) => ({
    id: o.id,
    name: o.name,
    displayName: o.display_name,
    iconUrl: o.icon_url,
    healthy: o.healthy,
    pathAppUrl: o.path_app_url,
    wildcardHostname: o.wildcard_hostname,
    derpEnabled: o.derp_enabled,
    derpOnly: o.derp_only,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    deleted: o.deleted,
    version: o.version,
    status: o.status,
  }));

/** `{"regions":[primary, ...]}` → array (also accepts a bare array, as the reference shows). */
export const WorkspaceProxyListSchema = z
  .union([z.object({ regions: list(WorkspaceProxySchema) }), list(WorkspaceProxySchema)])
  .transform((v): WorkspaceProxy[] => (Array.isArray(v) ? v : v.regions));

/** POST and PATCH answer. `proxyToken` is "" on PATCH without regenerateToken. */
export interface WorkspaceProxyWithToken {
  proxy: WorkspaceProxy;
  proxyToken: string;
}
export const WorkspaceProxyWithTokenSchema: WireSchema<WorkspaceProxyWithToken> = z
  .object({ proxy: WorkspaceProxySchema, proxy_token: str })
  .transform((o) => ({ proxy: o.proxy, proxyToken: o.proxy_token }));

export interface CreateWorkspaceProxyRequest {
  name: string;
  displayName?: string;
  icon?: string;
}
/** Full replace: coderd requires id, name, displayName and icon (all non-empty). */
export interface UpdateWorkspaceProxyRequest {
  id: string;
  name: string;
  displayName: string;
  icon: string;
  regenerateToken?: boolean;
}
