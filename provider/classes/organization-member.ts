// The OrganizationMember class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/organization-member.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { resourceOptions } from "../dynamic/resource-options";
import type { OrganizationMemberArgs } from "../resources/organization-member";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as organizationMemberShim from "../shims/organization-member";

// The arguments are declared next to the implementation that validates them.
export type { OrganizationMemberArgs } from "../resources/organization-member";

/**
 * A user's membership of a Coder organization, with its organization roles (authoritative for
 * this member). Needs no license.
 *
 * ```ts
 * new coderd.OrganizationMember("alice-platform", {
 *   organizationId: platform.id, userId: alice.id, roles: ["organization-admin"],
 * });
 * ```
 */
export class OrganizationMember extends pulumi.dynamic.Resource {
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly userId: pulumi.Output<string>;
  /** Organization roles, sorted (`organization-member` is implied and not listed). */
  declare readonly roles: pulumi.Output<string[]>;
  declare readonly adopt: pulumi.Output<boolean>;
  /** The member's username. */
  declare readonly username: pulumi.Output<string>;

  constructor(name: string, args: OrganizationMemberArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      organizationMemberShim,
      name,
      { organizationId: undefined, roles: undefined, adopt: undefined, ...args, username: undefined },
      resourceOptions(opts),
      "coderd",
      "OrganizationMember",
    );
  }
}
