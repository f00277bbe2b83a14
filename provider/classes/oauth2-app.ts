// The OAuth2App class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/oauth2-app.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import type { OAuth2AppEndpoints } from "../client/schemas/entities";
import { resourceOptions } from "../dynamic/resource-options";
import type { OAuth2AppArgs } from "../resources/oauth2-app";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as oauth2AppShim from "../shims/oauth2-app";

// The arguments are declared next to the implementation that validates them.
export type { OAuth2AppArgs } from "../resources/oauth2-app";

/**
 * An OAuth2 application registered with Coder's OAuth2 provider (Coder acts as the identity
 * provider for the app). Pair it with an {@link OAuth2AppSecret} for the client secret.
 *
 * ```ts
 * const app = new coderd.OAuth2App("grafana", { name: "grafana", callbackUrl: "https://grafana.example.com/login/generic_oauth" });
 * const secret = new coderd.OAuth2AppSecret("grafana", { appId: app.id });
 * // app.clientId, secret.clientSecret (secret), app.endpoints.authorization / token
 * ```
 */
export class OAuth2App extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly callbackUrl: pulumi.Output<string>;
  declare readonly icon: pulumi.Output<string>;
  /** The OAuth2 client id (the app's id in Coder). */
  declare readonly clientId: pulumi.Output<string>;
  /** Coder's OAuth2 endpoints for this deployment (deviceAuthorization is "" when unsupported). */
  declare readonly endpoints: pulumi.Output<OAuth2AppEndpoints>;

  constructor(name: string, args: OAuth2AppArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      oauth2AppShim,
      name,
      { icon: undefined, ...args, clientId: undefined, endpoints: undefined },
      resourceOptions(opts),
      "coderd",
      "OAuth2App",
    );
  }
}
