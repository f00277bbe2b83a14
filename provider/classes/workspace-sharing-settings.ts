// The WorkspaceSharingSettings class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/workspace-sharing-settings.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { resourceOptions } from "../dynamic/resource-options";
import type {
  ShareableWorkspaceOwners,
  WorkspaceSharingSettingsArgs,
} from "../resources/workspace-sharing-settings";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as workspaceSharingShim from "../shims/workspace-sharing-settings";

// The arguments are declared next to the implementation that validates them.
export type {
  ShareableWorkspaceOwners,
  WorkspaceSharingSettingsArgs,
} from "../resources/workspace-sharing-settings";

/**
 * Who may share workspaces in one organization (`everyone`, `service_accounts` or `none`).
 * One per organization: creating it sets the organization's setting, destroying it restores
 * Coder's default, `everyone`. Turning sharing off (or limiting it to service accounts) makes
 * Coder delete the existing workspace shares, which re-enabling does not restore.
 *
 * ```ts
 * new coderd.WorkspaceSharingSettings("sharing", { shareableWorkspaceOwners: "service_accounts" });
 * ```
 */
export class WorkspaceSharingSettings extends pulumi.dynamic.Resource {
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly shareableWorkspaceOwners: pulumi.Output<ShareableWorkspaceOwners>;
  /** True when nobody may share in this organization. */
  declare readonly sharingDisabled: pulumi.Output<boolean>;
  /** True when the deployment disables sharing everywhere (CODER_DISABLE_WORKSPACE_SHARING). */
  declare readonly sharingGloballyDisabled: pulumi.Output<boolean>;

  constructor(name: string, args: WorkspaceSharingSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      workspaceSharingShim,
      name,
      {
        organizationId: undefined,
        ...args,
        sharingDisabled: undefined,
        sharingGloballyDisabled: undefined,
      },
      resourceOptions(opts),
      "coderd",
      "WorkspaceSharingSettings",
    );
  }
}
