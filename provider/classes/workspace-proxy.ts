// The WorkspaceProxy class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/workspace-proxy.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { licenseDependencyInput, resourceOptions } from "../dynamic/resource-options";
import type { WorkspaceProxyArgs } from "../resources/workspace-proxy";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as workspaceProxyShim from "../shims/workspace-proxy";

// The arguments are declared next to the implementation that validates them.
export type { WorkspaceProxyArgs } from "../resources/workspace-proxy";

/**
 * A workspace proxy (Enterprise: needs the `workspace_proxy` feature): a region that serves
 * workspace apps close to users. Run `coder wsproxy server` with `proxyToken` (a secret output,
 * kept in state and carried through `pulumi refresh`; Coder shows it only at creation). Rotate it
 * in place by changing `regenerateToken`.
 *
 * ```ts
 * const eu = new coderd.WorkspaceProxy("eu", { name: "eu", displayName: "Europe", regenerateToken: "2025-06" });
 * // eu.proxyToken → CODER_PROXY_SESSION_TOKEN
 * ```
 */
export class WorkspaceProxy extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  /** The icon as given (the same value as iconUrl). */
  declare readonly icon: pulumi.Output<string>;
  declare readonly regenerateToken: pulumi.Output<string | number | undefined>;
  declare readonly adopt: pulumi.Output<boolean>;
  /** The token `coder wsproxy server` authenticates with (secret output). */
  declare readonly proxyToken: pulumi.Output<string>;
  declare readonly iconUrl: pulumi.Output<string>;
  /** Health as last seen by Coder when this resource was created, updated or refreshed. */
  declare readonly healthy: pulumi.Output<boolean>;
  /** ok | unreachable | unhealthy | unregistered, as last seen. */
  declare readonly status: pulumi.Output<string>;
  declare readonly derpEnabled: pulumi.Output<boolean>;
  declare readonly derpOnly: pulumi.Output<boolean>;
  declare readonly pathAppUrl: pulumi.Output<string>;
  declare readonly wildcardHostname: pulumi.Output<string>;
  declare readonly version: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: WorkspaceProxyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      workspaceProxyShim,
      name,
      {
        displayName: undefined,
        icon: undefined,
        regenerateToken: undefined,
        adopt: undefined,
        ...args,
        ...licenseDependencyInput(opts),
        proxyToken: undefined,
        iconUrl: undefined,
        healthy: undefined,
        status: undefined,
        derpEnabled: undefined,
        derpOnly: undefined,
        pathAppUrl: undefined,
        wildcardHostname: undefined,
        version: undefined,
        createdAt: undefined,
        updatedAt: undefined,
      },
      resourceOptions(opts, ["proxyToken"]),
      "coderd",
      "WorkspaceProxy",
    );
  }
}
