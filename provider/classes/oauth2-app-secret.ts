// The OAuth2AppSecret class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/oauth2-app-secret.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { resourceOptions } from "../dynamic/resource-options";
import type { OAuth2AppSecretArgs } from "../resources/oauth2-app-secret";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as oauth2AppSecretShim from "../shims/oauth2-app-secret";

// The arguments are declared next to the implementation that validates them.
export type { OAuth2AppSecretArgs } from "../resources/oauth2-app-secret";

/**
 * A client secret of an {@link OAuth2App}. Coder shows the secret only once, at creation: it is
 * kept (as a secret) in state and survives `pulumi refresh`. Rotate it by changing `keepers`.
 *
 * ```ts
 * const secret = new coderd.OAuth2AppSecret("grafana", { appId: app.id, keepers: { rotated: "2025-06" } });
 * ```
 */
export class OAuth2AppSecret extends pulumi.dynamic.Resource {
  declare readonly appId: pulumi.Output<string>;
  declare readonly keepers: pulumi.Output<Record<string, any> | undefined>;
  /** The full client secret (secret output). */
  declare readonly clientSecret: pulumi.Output<string>;
  /** The last 6 characters of the secret, as Coder shows it. */
  declare readonly clientSecretTruncated: pulumi.Output<string>;
  /** When the secret was last used (ISO timestamp), or null. */
  declare readonly lastUsedAt: pulumi.Output<string | null>;

  constructor(name: string, args: OAuth2AppSecretArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      oauth2AppSecretShim,
      name,
      {
        keepers: undefined,
        ...args,
        clientSecret: undefined,
        clientSecretTruncated: undefined,
        lastUsedAt: undefined,
      },
      resourceOptions(opts, ["clientSecret"]),
      "coderd",
      "OAuth2AppSecret",
    );
  }
}
