import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import { CoderApiError, type User as CoderUser, ConflictError, isNotFound, type LoginType } from "../client";
import { createConverging } from "../dynamic/converge";
import { defineResourceProvider, PartialCreateError, type ProviderContext } from "../dynamic/define-provider";
import { coderName, uuidSet } from "../dynamic/validation";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.

/** Coder's built-in site roles (custom site roles are accepted too). */
export const BUILT_IN_SITE_ROLES = ["owner", "auditor", "template-admin", "user-admin"] as const;
export const LOGIN_TYPES = ["password", "oidc", "github", "none"] as const;

/** Arguments of a {@link User}. */
export interface UserArgs {
  /** Username: 1 to 32 characters, alphanumeric with single hyphens; unique case-insensitively. Renamed in place. */
  username: pulumi.Input<string>;
  /** Email address, unique. Coder cannot change a user's email: changing it replaces the user. */
  email: pulumi.Input<string>;
  /** Full name ("" for none, the default), at most 128 characters. */
  name?: pulumi.Input<string>;
  /**
   * How the user signs in: `password` (the default), `oidc`, `github` or `none`. Changing it
   * replaces the user.
   */
  loginType?: pulumi.Input<"password" | "oidc" | "github" | "none">;
  /**
   * Password, for `loginType: "password"` only (required then): at most 64 characters and strong
   * enough for Coder (about 52 bits of entropy, e.g. 10+ characters mixing cases, digits and
   * symbols). Always stored as a secret. A change is applied with Coder's password route; a
   * password changed outside Pulumi cannot be detected (Coder never returns it).
   */
  password?: pulumi.Input<string>;
  /** Suspended users cannot sign in (default false). */
  suspended?: pulumi.Input<boolean>;
  /**
   * Site-wide roles, authoritative: `owner`, `auditor`, `template-admin`, `user-admin` or custom
   * site roles. `member` is implied and not listed. Default [].
   */
  siteRoles?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Organizations the user joins when created. Default: `coderd:organization`, else your first
   * organization. Used at creation only: manage later memberships (and organization roles) with
   * `OrganizationMember`.
   */
  organizationIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * What destroying the resource does: `false` (default) deletes the user, which Coder refuses while
   * the user owns workspaces; `true` suspends the user instead, keeping the account and its
   * workspaces.
   */
  suspendOnDestroy?: pulumi.Input<boolean>;
  /**
   * Take over an existing user with this username instead of failing with 409 (Pulumi cannot import
   * dynamic resources). Its name, roles, status (and password, when given) are then set; its email
   * and login type must match. The stack then owns it.
   */
  adopt?: pulumi.Input<boolean>;
}

interface UserInputs {
  username: string;
  email: string;
  name: string;
  loginType: LoginType;
  password?: string;
  suspended: boolean;
  siteRoles: string[];
  organizationIds?: string[];
  suspendOnDestroy: boolean;
  adopt: boolean;
}

interface UserOutputs extends UserInputs {
  /** Coder's status: `active`, `dormant` (never signed in, or inactive) or `suspended`. */
  status: string;
  organizationIds: string[];
}

const SPECIAL = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/** Coder's userpassword.Validate (go-password-validator, 52 bits); never echoes the password. */
export function passwordProblem(pw: string): string | undefined {
  let base = 0;
  if (/[a-z]/.test(pw)) base += 26;
  if (/[A-Z]/.test(pw)) base += 26;
  if (/[0-9]/.test(pw)) base += 10;
  if ([...pw].some((c) => SPECIAL.includes(c))) base += SPECIAL.length;
  base += new Set([...pw].filter((c) => !/[a-zA-Z0-9]/.test(c) && !SPECIAL.includes(c))).size;
  const length = pw.replace(/(.)\1{2,}/g, "$1$1").length;
  if (pw.length > 64) return "must be at most 64 characters";
  if (base === 0 || Math.log2(base) * length < 52) {
    return "is too weak for Coder (it needs about 52 bits of entropy): use a longer password mixing lower- and upper-case letters, digits and symbols";
  }
  return undefined;
}

const ROLE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const userInputs = z
  .object({
    username: coderName(32),
    email: z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address (name@example.com)"),
    name: z
      .string()
      .max(128, "must be at most 128 characters")
      .refine((s) => s.trim() === s, { message: "must not start or end with whitespace" })
      .default(""),
    loginType: z
      .enum(LOGIN_TYPES, { message: `must be one of ${LOGIN_TYPES.join(", ")}` })
      .default("password"),
    password: z.string().optional(),
    suspended: z.boolean().default(false),
    siteRoles: z
      .array(
        z
          .string()
          .regex(ROLE_NAME, `must be a role name (built-in: ${BUILT_IN_SITE_ROLES.join(", ")})`)
          .refine((r) => r !== "member", { message: "member is implied for every user; leave it out" }),
      )
      .refine((rs) => new Set(rs).size === rs.length, { message: "must not contain duplicate roles" })
      .transform((rs) => [...rs].sort())
      .default([]),
    organizationIds: uuidSet("organization id")
      .refine((ids) => ids.length > 0, { message: "must list at least one organization (or be omitted)" })
      .optional(),
    suspendOnDestroy: z.boolean().default(false),
    adopt: z.boolean().default(false),
  })
  .superRefine((u, ctx) => {
    if (u.loginType === "password") {
      if (u.password === undefined || u.password === "") {
        ctx.addIssue({
          code: "custom",
          path: ["password"],
          message:
            'is required when loginType is "password" (the default); or set loginType to oidc, github or none',
        });
      } else {
        const problem = passwordProblem(u.password);
        if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
      }
    } else if (u.password !== undefined && u.password !== "") {
      ctx.addIssue({
        code: "custom",
        path: ["password"],
        message: `cannot be set for loginType "${u.loginType}" (Coder only stores passwords of password users)`,
      });
    }
  })
  // An empty password for a non-password user means none.
  .transform((u) => (u.loginType === "password" ? u : { ...u, password: undefined }));

/**
 * The provider implementation, loaded by package path inside the dynamic-provider host.
 *
 * @internal
 */
export const userProvider = defineResourceProvider<UserInputs, UserOutputs>({
  typeName: "User",
  inputs: userInputs as unknown as z.ZodType<UserInputs>,
  // organizationIds and adopt only matter when creating.
  inputKeys: [
    "username",
    "email",
    "name",
    "loginType",
    "password",
    "suspended",
    "siteRoles",
    "suspendOnDestroy",
  ],
  replaceOn: ["email", "loginType"],
  // The username must be free again before the replacement is created.
  deleteBeforeReplace: true,
  async resolveDefaults(ctx, inputs, olds) {
    if (olds.username !== undefined) return inputs; // organizations matter at creation only
    return { ...inputs, organizationIds: inputs.organizationIds ?? [await ctx.organizationId()] };
  },
  async create(ctx, inputs) {
    const orgs = inputs.organizationIds ?? [await ctx.organizationId()];
    if (inputs.adopt) {
      const existing = await findByUsername(ctx, inputs.username);
      if (existing) return { id: existing.id, outs: await adoptUser(ctx, existing, inputs) };
    }
    let created: CoderUser;
    try {
      // After an ambiguous failure, a user with this username and email is the one the POST made.
      created = await createConverging(
        () =>
          ctx.client.createUser({
            username: inputs.username,
            email: inputs.email,
            name: inputs.name,
            loginType: inputs.loginType,
            password: inputs.loginType === "password" ? inputs.password : undefined,
            // Omitted: Coder's default `dormant` (active at first sign-in, no seat used before).
            userStatus: inputs.suspended ? "suspended" : undefined,
            organizationIds: orgs,
          }),
        async () => {
          const u = await findByUsername(ctx, inputs.username);
          return u && u.email.toLowerCase() === inputs.email.toLowerCase() ? u : undefined;
        },
      );
    } catch (err) {
      if (err instanceof ConflictError) {
        err.message +=
          ` The username "${inputs.username}" or the email is already used. To manage that user with Pulumi, ` +
          "set adopt: true on this User.";
      }
      throw err;
    }
    const desired = { ...inputs, organizationIds: orgs };
    if (inputs.siteRoles.length === 0) return { id: created.id, outs: toOutputs(created, desired) };
    try {
      return {
        id: created.id,
        outs: toOutputs(await ctx.client.updateUserRoles(created.id, inputs.siteRoles), desired),
      };
    } catch (err) {
      throw new PartialCreateError(created.id, toOutputs(created, desired), err as Error);
    }
  },
  async read(ctx, id, olds) {
    const user = await readUser(ctx, id, olds.username);
    return user ? toOutputs(user, olds) : undefined;
  },
  update: updateUser,
  async delete(ctx, id, olds) {
    if (olds.suspendOnDestroy) {
      // Idempotent: one call whatever the current status.
      await ctx.client.setUserStatus(id, "suspended");
      return;
    }
    try {
      await ctx.client.deleteUser(id);
    } catch (err) {
      if (err instanceof CoderApiError && err.status === 417) {
        throw new Error(
          `Coder refused to delete user "${olds.username}": the user still owns workspaces. Delete their ` +
            "workspaces first, or set suspendOnDestroy: true on this User (and run `pulumi up` so the setting " +
            "is recorded) to suspend the user instead of deleting it.",
        );
      }
      throw err;
    }
  },
});

/** Profile, site roles, status and password: one call for each that changed. */
async function updateUser(
  ctx: ProviderContext,
  id: string,
  olds: UserOutputs,
  news: UserInputs,
): Promise<UserOutputs> {
  let user: CoderUser | undefined;
  if (news.username !== olds.username || news.name !== olds.name) {
    user = await ctx.client.updateUserProfile(id, { username: news.username, name: news.name });
  }
  if (!sameList(news.siteRoles, olds.siteRoles)) user = await ctx.client.updateUserRoles(id, news.siteRoles);
  if (news.suspended !== olds.suspended) {
    user = await ctx.client.setUserStatus(id, news.suspended ? "suspended" : "active");
  }
  if (news.loginType === "password" && news.password !== undefined && news.password !== olds.password) {
    await ctx.client.updateUserPassword(id, news.password);
  }
  const desired = { ...news, adopt: olds.adopt ?? news.adopt };
  // Nothing read back (only the password or suspendOnDestroy changed): the rest is as in state.
  if (!user) {
    return {
      ...olds,
      password: desired.password,
      suspendOnDestroy: desired.suspendOnDestroy,
      adopt: desired.adopt,
    };
  }
  return toOutputs(user, desired);
}

const sameList = (a: string[] = [], b: string[] = []) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

async function findByUsername(ctx: ProviderContext, username: string): Promise<CoderUser | undefined> {
  try {
    return await ctx.client.getUser(username);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * The user, or undefined when it was deleted. Coder still answers GET /users/{id} for a deleted
 * user, so a user counts as present only when its username resolves to the same id. Reads by the
 * known username first (one call); a renamed user is found by id and then confirmed.
 */
async function readUser(
  ctx: ProviderContext,
  id: string,
  username: string | undefined,
): Promise<CoderUser | undefined> {
  if (username) {
    const byName = await findByUsername(ctx, username);
    if (byName && byName.id === id) return byName;
  }
  let byId: CoderUser;
  try {
    byId = await ctx.client.getUser(id);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const confirm = await findByUsername(ctx, byId.username);
  return confirm && confirm.id === id ? confirm : undefined;
}

/** Brings an existing user to the desired state; email and login type cannot be changed in place. */
async function adoptUser(ctx: ProviderContext, existing: CoderUser, want: UserInputs): Promise<UserOutputs> {
  if (existing.email.toLowerCase() !== want.email.toLowerCase() || existing.loginType !== want.loginType) {
    throw new Error(
      `cannot adopt user "${want.username}": it has email ${existing.email} and login type ${existing.loginType}, ` +
        "which Coder cannot change in place. Set email and loginType to those values to adopt it.",
    );
  }
  const have = {
    ...want,
    username: existing.username,
    name: existing.name,
    siteRoles: existing.roles.map((r) => r.name).sort(),
    suspended: existing.status === "suspended",
    password: undefined,
  };
  return updateUser(ctx, existing.id, toOutputs(existing, have), want);
}

function toOutputs(u: CoderUser, desired: Partial<UserInputs>): UserOutputs {
  return {
    username: u.username,
    email: u.email,
    name: u.name,
    loginType: u.loginType as LoginType,
    password: desired.password,
    // `dormant` is Coder's automatic state of an unused account, not a suspension: no drift.
    suspended: u.status === "suspended",
    siteRoles: u.roles.map((r) => r.name).sort(),
    organizationIds: u.organizationIds,
    suspendOnDestroy: desired.suspendOnDestroy ?? false,
    adopt: desired.adopt ?? false,
    status: u.status,
  };
}
