// The License class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/license.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { LICENSE_BRAND, resourceOptions } from "../dynamic/resource-options";
import type { LicenseArgs } from "../resources/license";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as licenseShim from "../shims/license";

// The arguments are declared next to the implementation that validates them.
export type { LicenseArgs } from "../resources/license";

/**
 * A Coder Enterprise license, uploaded to the deployment. The JWT is always a secret in state.
 *
 * Create it first and list it in `dependsOn` of licensed resources: then a License and the
 * resources it unlocks can be created in one `pulumi up`, even on an unlicensed deployment.
 */
export class License extends pulumi.dynamic.Resource {
  /** The license JWT (secret). */
  declare readonly license: pulumi.Output<string>;
  /** The license's UUID (its `jti` claim). */
  declare readonly uuid: pulumi.Output<string>;
  declare readonly uploadedAt: pulumi.Output<string>;
  /** When the license period ends (its `license_expires` claim), as an ISO timestamp. */
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  declare readonly trial: pulumi.Output<boolean>;
  /** Feature name → limit (1 or more means entitled) from the license's claims. */
  declare readonly features: pulumi.Output<Record<string, number>>;
  declare readonly accountType: pulumi.Output<string>;
  declare readonly accountId: pulumi.Output<string>;
  /** Lets other resources of this package recognise a License in their `dependsOn`. */
  readonly [LICENSE_BRAND] = true;

  constructor(name: string, args: LicenseArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      licenseShim,
      name,
      {
        license: pulumi.secret(args.license),
        adopt: args.adopt,
        uuid: undefined,
        uploadedAt: undefined,
        expiresAt: undefined,
        trial: undefined,
        features: undefined,
        accountType: undefined,
        accountId: undefined,
      },
      resourceOptions(opts, ["license"]),
      "coderd",
      "License",
    );
  }
}
