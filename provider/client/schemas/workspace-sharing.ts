import type { ShareableWorkspaceOwners } from "./entities";

export type { ShareableWorkspaceOwners } from "./entities";

import { z } from "zod/v3";
import { bool, str, type WireSchema } from "./common";

export interface WorkspaceSharingSettings {
  /** The deployment-wide CODER_DISABLE_WORKSPACE_SHARING switch (then owners reads "none"). */
  sharingGloballyDisabled: boolean;
  sharingDisabled: boolean;
  /**
   * Coder before the `shareable_workspace_owners` field answered only `sharing_disabled`: the owners
   * are then derived from it (true → none, false → everyone), as the newer server does for requests.
   */
  shareableWorkspaceOwners: ShareableWorkspaceOwners;
}

export const WorkspaceSharingSettingsSchema: WireSchema<WorkspaceSharingSettings> = z
  .object({ sharing_globally_disabled: bool, sharing_disabled: bool, shareable_workspace_owners: str })
  .transform((o) => ({
    sharingGloballyDisabled: o.sharing_globally_disabled,
    sharingDisabled: o.sharing_disabled,
    shareableWorkspaceOwners: (o.shareable_workspace_owners ||
      (o.sharing_disabled ? "none" : "everyone")) as ShareableWorkspaceOwners,
  }));
