import { isDeepStrictEqual } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import { type WorkspaceProxy as CoderWorkspaceProxy, ConflictError, ItemsById } from "../client";
import { createConverging } from "../dynamic/converge";
import { defineResourceProvider, type ProviderContext } from "../dynamic/define-provider";
import { createdSince, notCreatedByThisRun } from "../dynamic/ownership";

/**
 * Icon used when none is given: Coder's globe emoji. Coder accepts an empty icon on create but
 * requires a non-empty one on every update (PATCH is a full replace with `icon` required), so an
 * empty icon would make every later in-place update fail.
 */
export const DEFAULT_PROXY_ICON = "/emojis/1f310.png";

/** Arguments of a {@link WorkspaceProxy}. */
export interface WorkspaceProxyArgs {
  /** Proxy name, unique (case-insensitively) among proxies; not `primary` in any case. Renamed in place. */
  name: pulumi.Input<string>;
  /** Name shown in the region picker. Default: the name (Coder requires a non-empty one on update). */
  displayName?: pulumi.Input<string>;
  /** Icon URL or path. Default: `/emojis/1f310.png` (Coder requires a non-empty one on update). */
  icon?: pulumi.Input<string>;
  /**
   * A rotation trigger: when its value changes (including being set or removed), the proxy token is
   * regenerated in place and the old token stops working. Any string or number, e.g. a date.
   */
  regenerateToken?: pulumi.Input<string | number>;
  /**
   * Take over an existing (non-deleted) proxy with this name instead of failing with 409 (Pulumi
   * cannot import dynamic resources). Coder never shows a proxy token again, so adopting
   * regenerates the token: the proxy must be restarted with the new `proxyToken`.
   */
  adopt?: pulumi.Input<boolean>;
}

/** @internal */
export interface WorkspaceProxyInputs {
  name: string;
  displayName: string;
  icon: string;
  regenerateToken?: string | number;
  adopt: boolean;
}

/** @internal */
export interface WorkspaceProxyOutputs extends WorkspaceProxyInputs {
  proxyToken: string;
  iconUrl: string;
  healthy: boolean;
  status: string;
  derpEnabled: boolean;
  derpOnly: boolean;
  pathAppUrl: string;
  wildcardHostname: string;
  version: string;
  createdAt: string;
  updatedAt: string;
}

const PRIMARY_MESSAGE =
  "is reserved for the primary proxy (Coder's own region), which this resource cannot manage; set its display name and icon in Coder's deployment settings";

const workspaceProxyInputs = z
  .object({
    name: z
      .string()
      .min(1, "must not be empty")
      .refine((n) => n.toLowerCase() !== "primary", { message: `"primary" ${PRIMARY_MESSAGE}` }),
    displayName: z.string().optional(),
    icon: z.string().optional(),
    regenerateToken: z.union([z.string(), z.number()]).optional(),
    adopt: z.boolean().default(false),
  })
  // Defaults that keep every PATCH valid (Coder requires non-empty display_name and icon).
  .transform((p) => ({
    ...p,
    displayName: p.displayName ? p.displayName : p.name,
    icon: p.icon ? p.icon : DEFAULT_PROXY_ICON,
  }));

/** The provider implementation, loaded by package path inside the dynamic-provider host. *
 * @internal
 */
export const workspaceProxyProvider = defineResourceProvider<WorkspaceProxyInputs, WorkspaceProxyOutputs>({
  typeName: "WorkspaceProxy",
  inputs: workspaceProxyInputs as unknown as z.ZodType<WorkspaceProxyInputs>,
  inputKeys: ["name", "displayName", "icon", "regenerateToken"],
  // `adopt` only matters when creating: adding or removing it later is not a change, and it is
  // never shown in a diff (also after a refresh that finds drift).
  createOnlyKeys: ["adopt"],
  feature: { name: "workspace_proxy", humanName: "Workspace Proxy" },
  async create(ctx, inputs) {
    if (inputs.name.toLowerCase() === "primary")
      throw new Error(`WorkspaceProxy name "primary" ${PRIMARY_MESSAGE}`);
    if (inputs.adopt) {
      const existing = await findProxyByName(ctx, inputs.name);
      if (existing) {
        // The token cannot be recovered: regenerate it with the same full PATCH.
        const res = await patch(ctx, existing.id, inputs, true);
        return { id: existing.id, outs: toOutputs(res.proxy, inputs, res.proxyToken) };
      }
    }
    try {
      // After a 5xx/reset the POST may have been applied, its token lost with the answer. A proxy
      // with this name found then is the lost POST's only if it was created after this create
      // began (created_at on the server's clock; ./ownership): its token is regenerated (voiding
      // the lost one) and it is kept. An older proxy (a load balancer's 502 never reached coderd's
      // 409) may be serving: untouched, above all its token.
      const res = await createConverging(
        () => ctx.client.createWorkspaceProxy(inputs),
        async (startedAt) => {
          const existing = await findProxyByName(ctx, inputs.name);
          if (!existing) return undefined;
          if (!createdSince(ctx.client, existing.createdAt, startedAt)) {
            throw notCreatedByThisRun(
              `workspace proxy "${inputs.name}"`,
              `id ${existing.id}, created at ${existing.createdAt}, before this create began`,
              "Its token was not regenerated. To manage it with Pulumi, set adopt: true on this WorkspaceProxy " +
                "(its token is then regenerated: restart the proxy with the new proxyToken).",
            );
          }
          return patch(ctx, existing.id, inputs, true);
        },
      );
      return { id: res.proxy.id, outs: toOutputs(res.proxy, inputs, res.proxyToken) };
    } catch (err) {
      if (err instanceof ConflictError) {
        // The 409's hint suggests adopt: true; what it costs here is specific to proxies.
        err.message +=
          " Adopting a WorkspaceProxy regenerates its token: restart the proxy with the new proxyToken.";
      }
      throw err;
    }
  },
  async read(ctx, id, olds) {
    // Batched: a refresh of many proxies is one list (which leaves out deleted proxies).
    const proxy = await ctx.reads.one("workspace-proxies", "", id, {
      fetch: async () => ItemsById.of(await ctx.client.listWorkspaceProxies(), (p) => p.id),
      getOne: () => ctx.client.getWorkspaceProxy(id),
    });
    // Coder soft-deletes proxies: GET by id still answers, with deleted=true.
    if (!proxy || proxy.deleted) return undefined;
    // The token is shown only at creation and regeneration: carried forward from state.
    return toOutputs(proxy, olds, olds.proxyToken);
  },
  async update(ctx, id, olds, news) {
    const rotate = !isDeepStrictEqual(olds.regenerateToken ?? null, news.regenerateToken ?? null);
    const res = await patch(ctx, id, news, rotate);
    // Without regeneration Coder answers proxy_token "": never overwrite the stored token with it.
    const token = rotate && res.proxyToken !== "" ? res.proxyToken : olds.proxyToken;
    return toOutputs(res.proxy, news, token);
  },
  async delete(ctx, id) {
    await ctx.client.deleteWorkspaceProxy(id);
  },
});

function patch(ctx: ProviderContext, id: string, want: WorkspaceProxyInputs, regenerateToken: boolean) {
  return ctx.client.updateWorkspaceProxy(id, {
    id,
    name: want.name,
    displayName: want.displayName,
    icon: want.icon,
    regenerateToken,
  });
}

async function findProxyByName(ctx: ProviderContext, name: string): Promise<CoderWorkspaceProxy | undefined> {
  const proxies = await ctx.client.listWorkspaceProxies();
  // Names are unique case-insensitively among non-deleted proxies; the primary is listed first.
  return proxies.find(
    (p) => !p.deleted && p.name.toLowerCase() === name.toLowerCase() && p.name !== "primary",
  );
}

function toOutputs(
  p: CoderWorkspaceProxy,
  desired: Partial<WorkspaceProxyInputs>,
  token: string,
): WorkspaceProxyOutputs {
  return {
    name: p.name,
    displayName: p.displayName,
    icon: p.iconUrl,
    regenerateToken: desired.regenerateToken,
    adopt: desired.adopt ?? false,
    proxyToken: token,
    iconUrl: p.iconUrl,
    healthy: p.healthy,
    status: p.status.status,
    derpEnabled: p.derpEnabled,
    derpOnly: p.derpOnly,
    pathAppUrl: p.pathAppUrl,
    wildcardHostname: p.wildcardHostname,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
