// Workspace sharing of each exported organization: one setting per organization that always
// exists, so the resource takes it over on create (one PATCH, here with the value it already has).
// Left out at Coder's default (`everyone`) unless --include-defaults; not declared when sharing is
// disabled deployment-wide (the server switch, not the organization's setting, decides then).

import type { ResourceExporter } from "../model";
import { camelIdentifier } from "../source";
import { organizationRef } from "./organization-ref";

export const workspaceSharingSettingsExporter: ResourceExporter = {
  kind: "WorkspaceSharingSettings",
  async export(ctx) {
    for (const org of ctx.organizations) {
      const s = await ctx.client.getWorkspaceSharingSettings(org.id);
      const object = `WorkspaceSharingSettings (organization ${org.name})`;
      if (s.sharingGloballyDisabled) {
        ctx.note({
          section: "not-brought-over",
          object,
          text: "workspace sharing is disabled for the whole deployment (CODER_DISABLE_WORKSPACE_SHARING), so the organization's own setting is not visible.",
        });
        continue;
      }
      if (s.shareableWorkspaceOwners === "everyone" && !ctx.includeDefaults) {
        ctx.note({
          section: "defaults-left-out",
          object,
          text: "at Coder's default (`everyone`); `--include-defaults` declares it.",
        });
        continue;
      }
      ctx.declare({
        variable: ctx.variable(
          camelIdentifier(org.name, "workspace", "sharing"),
          camelIdentifier(org.name, "workspace", "sharing", "settings"),
        ),
        type: "WorkspaceSharingSettings",
        name: ctx.resourceName("WorkspaceSharingSettings", `${org.name}-workspace-sharing`.toLowerCase()),
        args: {
          organizationId: organizationRef(ctx, org),
          shareableWorkspaceOwners: s.shareableWorkspaceOwners,
        },
      });
      ctx.note({
        section: "first-up-writes",
        object,
        text: "one `PATCH /api/v2/organizations/{org}/settings/workspace-sharing` with the value it already has (the resource takes the setting over by writing it).",
      });
    }
  },
};
