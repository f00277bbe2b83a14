// Groups of each exported organization, adopted by name. Members are references to users (lookups
// by username). The Everyone group is left out at Coder's defaults; groups created by IdP sync keep
// their membership unmanaged (IdP sync fills it).

import { EVERYONE_GROUP_NAME } from "../../resources/group";
import type { ResourceExporter } from "../model";
import { camelIdentifier } from "../source";
import { organizationRef } from "./organization-ref";

export const groupExporter: ResourceExporter = {
  kind: "Group",
  async export(ctx) {
    const multiOrg = ctx.organizations.length > 1;
    for (const org of ctx.organizations) {
      for (const group of await ctx.groupsOf(org.id)) {
        const everyone =
          group.name === EVERYONE_GROUP_NAME && group.id.toLowerCase() === org.id.toLowerCase();
        if (everyone && group.avatarUrl === "" && group.quotaAllowance === 0 && !ctx.includeDefaults) {
          ctx.note({
            section: "defaults-left-out",
            object: `Group "Everyone" (organization ${org.name})`,
            text: "at Coder's defaults (no avatar, quota 0); `--include-defaults` declares it.",
          });
          continue;
        }
        const prefix = multiOrg ? [org.name] : [];
        const variable = ctx.variable(
          camelIdentifier(...prefix, group.name, "group"),
          camelIdentifier(org.name, group.name, "group"),
        );
        const name = ctx.resourceName(
          "Group",
          [...prefix, group.name].join("-").toLowerCase(),
          `${org.name}-${group.name}`.toLowerCase(),
        );
        const fromIdp = group.source === "oidc";
        const members =
          everyone || fromIdp
            ? undefined
            : [...group.members]
                .sort((a, b) => a.username.localeCompare(b.username))
                .map((m) => ctx.ref(m.id, { kind: "user", username: m.username }));
        const comments: string[] = [];
        if (everyone) {
          comments.push(
            `The built-in Everyone group of organization ${org.name}: only its avatar and quota can be managed; ` +
              "its members are the organization's members, and destroying this resource leaves the group in place.",
          );
        } else if (fromIdp) {
          comments.push(
            "Created by IdP group sync: its members come from the identity provider, so they are not managed here.",
          );
        }
        ctx.declare({
          variable,
          type: "Group",
          name,
          comments,
          args: {
            organizationId: organizationRef(ctx, org),
            name: group.name,
            displayName: everyone ? undefined : group.displayName,
            avatarUrl: group.avatarUrl,
            quotaAllowance: group.quotaAllowance,
            members,
            adopt: true,
          },
        });
        ctx.provide("group", group.id, `${variable}.id`);
      }
    }
  },
};
