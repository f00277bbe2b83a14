// The Group class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/group.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { licenseDependencyInput, resourceOptions } from "../dynamic/resource-options";
import type { GroupArgs } from "../resources/group";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as groupShim from "../shims/group";

// The arguments are declared next to the implementation that validates them.
export type { GroupArgs } from "../resources/group";

/**
 * A Coder group in an organization (Enterprise: needs the `template_rbac` feature).
 *
 * ```ts
 * const eng = new coderd.Group("eng", { name: "eng", displayName: "Engineering", quotaAllowance: 20,
 *                                       members: [alice.id, bob.id] });
 * ```
 */
export class Group extends pulumi.dynamic.Resource {
  /** Organization the group belongs to. */
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly avatarUrl: pulumi.Output<string>;
  declare readonly quotaAllowance: pulumi.Output<number>;
  /** Member user ids, sorted; undefined when membership is not managed. */
  declare readonly members: pulumi.Output<string[] | undefined>;
  declare readonly adopt: pulumi.Output<boolean>;
  /** `user` for groups made through the API, `oidc` for groups created by IdP sync. */
  declare readonly source: pulumi.Output<string>;
  /** Members as Coder counts them (system users excluded). */
  declare readonly totalMemberCount: pulumi.Output<number>;

  constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      groupShim,
      name,
      {
        organizationId: undefined,
        displayName: undefined,
        avatarUrl: undefined,
        quotaAllowance: undefined,
        members: undefined,
        adopt: undefined,
        ...args,
        ...licenseDependencyInput(opts),
        source: undefined,
        totalMemberCount: undefined,
      },
      resourceOptions(opts),
      "coderd",
      "Group",
    );
  }
}
