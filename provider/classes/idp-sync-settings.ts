// The IdpSyncSettings class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/idp-sync-settings.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { licenseDependencyInput, resourceOptions } from "../dynamic/resource-options";
import type { IdpSyncKind, IdpSyncSettingsArgs } from "../resources/idp-sync-settings";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as idpSyncShim from "../shims/idp-sync-settings";

// The arguments are declared next to the implementation that validates them.
export type {
  GroupSyncArgs,
  IdpSyncKind,
  IdpSyncSettingsArgs,
  OrganizationSyncArgs,
  RoleSyncArgs,
} from "../resources/idp-sync-settings";

/**
 * Coder's IdP (OIDC) sync settings: group sync or role sync of an organization, or organization
 * sync of the deployment. Each instance owns one settings object (id `<orgId>/group-sync`,
 * `<orgId>/role-sync` or `deployment/organization-sync`): creating it adopts the existing settings,
 * deleting it resets them to Coder's defaults.
 *
 * ```ts
 * new coderd.IdpSyncSettings("groups", { kind: "group", field: "groups",
 *   mapping: { "okta-eng": [eng.id] }, regexFilter: "^okta-.*$", autoCreateMissingGroups: false });
 * ```
 */
export class IdpSyncSettings extends pulumi.dynamic.Resource {
  declare readonly kind: pulumi.Output<IdpSyncKind>;
  /** The organization (group and role sync); undefined for organization sync. */
  declare readonly organizationId: pulumi.Output<string | undefined>;
  declare readonly field: pulumi.Output<string>;
  /** IdP value → Coder group ids / role names / organization ids; values sorted. */
  declare readonly mapping: pulumi.Output<Record<string, string[]>>;
  declare readonly regexFilter: pulumi.Output<string | undefined>;
  declare readonly autoCreateMissingGroups: pulumi.Output<boolean | undefined>;
  declare readonly assignDefault: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: IdpSyncSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      idpSyncShim,
      name,
      {
        organizationId: undefined,
        mapping: undefined,
        regexFilter: undefined,
        autoCreateMissingGroups: undefined,
        assignDefault: undefined,
        ...args,
        ...licenseDependencyInput(opts),
      },
      resourceOptions(opts),
      "coderd",
      "IdpSyncSettings",
    );
  }
}
