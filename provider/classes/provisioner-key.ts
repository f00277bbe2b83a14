// The ProvisionerKey class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/provisioner-key.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { licenseDependencyInput, resourceOptions } from "../dynamic/resource-options";
import type { ProvisionerKeyArgs } from "../resources/provisioner-key";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as provisionerKeyShim from "../shims/provisioner-key";

// The arguments are declared next to the implementation that validates them.
export type { ProvisionerKeyArgs } from "../resources/provisioner-key";

/**
 * A provisioner key: the credential external provisioner daemons authenticate with (Enterprise:
 * needs the `external_provisioner_daemons` feature). The secret `key` is shown by Coder only once,
 * so it is kept (as a secret) in state and survives `pulumi refresh`. Every change replaces the
 * key, deleting the old one first (names are unique per organization).
 *
 * ```ts
 * const key = new coderd.ProvisionerKey("k8s", { name: "k8s", tags: { cluster: "eu-1" } });
 * // key.key → CODER_PROVISIONER_DAEMON_KEY of `coder provisioner start`
 * ```
 */
export class ProvisionerKey extends pulumi.dynamic.Resource {
  declare readonly organizationId: pulumi.Output<string>;
  /** The name as Coder stores it (lower case). */
  declare readonly name: pulumi.Output<string>;
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** The key's secret (secret output). */
  declare readonly key: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: ProvisionerKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provisionerKeyShim,
      name,
      {
        organizationId: undefined,
        tags: undefined,
        ...args,
        ...licenseDependencyInput(opts),
        key: undefined,
        createdAt: undefined,
      },
      resourceOptions(opts, ["key"]),
      "coderd",
      "ProvisionerKey",
    );
  }
}
