// Workspace sharing settings (enterprise/coderd/workspacesharing.go, newer main, semantics-next §2):
// no license gate and no experiment; GET needs org read (any member), PATCH needs org update (owner
// here: the emulator has no org admins). Turning sharing off deletes the org's workspace ACLs in
// Coder; the emulator has no workspaces, so there is nothing to delete.

import { T } from "../http/godecode";
import { apiError, forbidden, ok, type Reply } from "../http/response";
import type { Mount } from "../http/router";
import type { ShareableWorkspaceOwners } from "../state/records";
import { isOwner, type RequestContext, readBody } from "./context";
import { apiKey, organizationParam } from "./middleware";

const OWNERS: ShareableWorkspaceOwners[] = ["none", "everyone", "service_accounts"];

const PATCH_SHARING = T.struct("UpdateWorkspaceSharingSettingsRequest", {
  sharing_disabled: T.bool,
  shareable_workspace_owners: T.named("codersdk.ShareableWorkspaceOwners"),
});

interface PatchSharingRequest {
  sharing_disabled: boolean;
  shareable_workspace_owners: string;
}

export function registerWorkspaceSharingRoutes(api: Mount<RequestContext>): void {
  api.mount("organizations/:organization/settings/workspace-sharing", [apiKey, organizationParam], (m) => {
    m.get("", getWorkspaceSharing);
    m.patch("", patchWorkspaceSharing);
  });
}

function getWorkspaceSharing(ctx: RequestContext): Reply {
  const globallyDisabled = ctx.store.deploymentOptions.disableWorkspaceSharing;
  const owners = ctx.store.workspaceSharing.get(ctx.organization!.id) ?? "everyone";
  const effective = globallyDisabled ? "none" : owners;
  return ok({
    sharing_globally_disabled: globallyDisabled,
    sharing_disabled: effective === "none",
    shareable_workspace_owners: effective,
  });
}

function patchWorkspaceSharing(ctx: RequestContext): Reply {
  if (!isOwner(ctx)) throw forbidden();
  const req = readBody<PatchSharingRequest>(ctx, PATCH_SHARING);
  let owners = req.shareable_workspace_owners as ShareableWorkspaceOwners | "";
  if (owners === "") owners = req.sharing_disabled ? "none" : "everyone";
  if (!OWNERS.includes(owners)) {
    throw apiError(400, "Invalid shareable workspace owners value.", undefined, [
      {
        field: "shareable_workspace_owners",
        detail: `invalid value ${JSON.stringify(owners)}, must be one of [${OWNERS.join(", ")}]`,
      },
    ]);
  }
  ctx.store.workspaceSharing.set(ctx.organization!.id, owners);
  // Quirk kept from coderd: the PATCH answer never computes the global flag.
  return ok({
    sharing_globally_disabled: false,
    sharing_disabled: owners === "none",
    shareable_workspace_owners: owners,
  });
}
