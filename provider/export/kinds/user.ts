// Users of the exported organizations. Decision: users that sign in with OIDC, GitHub or no login
// are declared as User resources with `adopt: true` (adopting them changes nothing when the
// declaration matches), and `suspendOnDestroy: true` so that destroying the stack never deletes an
// account that existed before it. Password users are not declared: a User with loginType "password"
// needs its password, and adopting with one would set it (Coder never shows passwords, and the
// export never writes them). They stay lookups by username, and the README says how to manage them
// (a User with a password from a config secret). The token's own user is not declared either:
// managing the account that runs Pulumi could remove its own roles.

import type { ResourceExporter } from "../model";
import { camelIdentifier } from "../source";
import { usersInScope } from "./users-in-scope";

export const userExporter: ResourceExporter = {
  kind: "User",
  async export(ctx) {
    const { users, me } = await usersInScope(ctx);
    const passwordUsers: string[] = [];
    for (const u of users) {
      if (u.id.toLowerCase() === me.id.toLowerCase()) {
        ctx.note({
          section: "not-brought-over",
          object: `User "${u.username}"`,
          text: "the user whose token ran the export; not declared, so Pulumi never changes the account it runs as.",
        });
        continue;
      }
      if (u.isServiceAccount) {
        ctx.note({
          section: "not-brought-over",
          object: `User "${u.username}"`,
          text: "a service account: the User resource does not manage service accounts; it is looked up by username where referenced.",
        });
        continue;
      }
      if (u.loginType === "password") {
        passwordUsers.push(u.username);
        continue;
      }
      const variable = ctx.variable(camelIdentifier(u.username, "user"));
      ctx.declare({
        variable,
        type: "User",
        name: ctx.resourceName("User", u.username.toLowerCase()),
        comments: [
          `Signs in with ${u.loginType}. Destroying this resource suspends the account instead of deleting it.`,
        ],
        args: {
          username: u.username,
          email: u.email,
          name: u.name,
          loginType: u.loginType as "oidc" | "github" | "none",
          suspended: u.status === "suspended",
          siteRoles: u.roles
            .map((r) => r.name)
            .filter((r) => r !== "member")
            .sort(),
          suspendOnDestroy: true,
          adopt: true,
        },
      });
      ctx.provide("user", u.id, `${variable}.id`);
    }
    if (passwordUsers.length > 0) {
      ctx.note({
        section: "not-brought-over",
        object: `Password users (${passwordUsers.join(", ")})`,
        text:
          "not declared: a User that signs in with a password needs the password, which Coder never shows and " +
          "the export never writes. They are looked up by username where other resources refer to them. To " +
          "manage one, declare a `coderd.User` with `adopt: true` and `password: config.requireSecret(...)`: " +
          "the first `pulumi up` then sets that password.",
      });
    }
  },
};
