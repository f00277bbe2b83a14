// The User class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/user.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { resourceOptions } from "../dynamic/resource-options";
import type { UserArgs } from "../resources/user";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as userShim from "../shims/user";

// The arguments are declared next to the implementation that validates them.
export type { UserArgs } from "../resources/user";

/**
 * A Coder user (needs no license).
 *
 * ```ts
 * const alice = new coderd.User("alice", {
 *   username: "alice", email: "alice@example.com", loginType: "oidc", siteRoles: ["template-admin"],
 * });
 * ```
 *
 * Destroy deletes the user (Coder refuses while the user owns workspaces); with
 * `suspendOnDestroy: true` it suspends the user instead.
 */
export class User extends pulumi.dynamic.Resource {
  declare readonly username: pulumi.Output<string>;
  declare readonly email: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly loginType: pulumi.Output<string>;
  /** The password (secret); undefined for non-password users. */
  declare readonly password: pulumi.Output<string | undefined>;
  declare readonly suspended: pulumi.Output<boolean>;
  /** Site roles, sorted (`member` is implied and not listed). */
  declare readonly siteRoles: pulumi.Output<string[]>;
  /** The organizations the user currently belongs to. */
  declare readonly organizationIds: pulumi.Output<string[]>;
  declare readonly suspendOnDestroy: pulumi.Output<boolean>;
  declare readonly adopt: pulumi.Output<boolean>;
  /** Coder's status: `active`, `dormant` (not signed in yet, or inactive) or `suspended`. */
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: UserArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      userShim,
      name,
      {
        name: undefined,
        loginType: undefined,
        suspended: undefined,
        siteRoles: undefined,
        organizationIds: undefined,
        suspendOnDestroy: undefined,
        adopt: undefined,
        ...args,
        password: args.password === undefined ? undefined : pulumi.secret(args.password),
        status: undefined,
      },
      resourceOptions(opts, ["password"]),
      "coderd",
      "User",
    );
  }
}
