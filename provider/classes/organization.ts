// The Organization class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/organization.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { licenseDependencyInput, resourceOptions } from "../dynamic/resource-options";
import type { OrganizationArgs } from "../resources/organization";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as organizationShim from "../shims/organization";

// The arguments are declared next to the implementation that validates them.
export type { OrganizationArgs } from "../resources/organization";

/**
 * A Coder organization (Enterprise: needs the `multiple_organizations` feature). Coder adds the
 * token's user as a member and creates the organization's `Everyone` group (its id is the
 * organization's id).
 *
 * ```ts
 * const platform = new coderd.Organization("platform", { name: "platform", displayName: "Platform" });
 * new coderd.Group("eng", { organizationId: platform.id, name: "eng" });
 * ```
 *
 * Destroy deletes it. Coder refuses while the organization still has members (other than the
 * token's user), groups, templates, workspaces or provisioner keys; the error lists what is left.
 */
export class Organization extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly icon: pulumi.Output<string>;
  declare readonly adopt: pulumi.Output<boolean>;
  /** Whether this is the deployment's default organization (only when adopted). */
  declare readonly isDefault: pulumi.Output<boolean>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: OrganizationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      organizationShim,
      name,
      {
        displayName: undefined,
        description: undefined,
        icon: undefined,
        adopt: undefined,
        ...args,
        ...licenseDependencyInput(opts),
        isDefault: undefined,
        createdAt: undefined,
      },
      resourceOptions(opts),
      "coderd",
      "Organization",
    );
  }
}
