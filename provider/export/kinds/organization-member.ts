// Organization memberships that carry organization roles, adopted. Decision: a plain membership
// (no organization roles) is Coder's default state of a member (users join the default
// organization on creation, and IdP organization sync adds members), so plain memberships are
// left out unless --include-defaults. Adopting a membership first asks Coder to add the member,
// which it refuses as "already a member" (nothing changes); the README names that request.

import type { ResourceExporter } from "../model";
import { camelIdentifier } from "../source";
import { organizationRef } from "./organization-ref";
import { usersInScope } from "./users-in-scope";

export const organizationMemberExporter: ResourceExporter = {
  kind: "OrganizationMember",
  async export(ctx) {
    const { members } = await usersInScope(ctx);
    for (const org of ctx.organizations) {
      const list = [...(members.get(org.id) ?? [])].sort((a, b) => a.username.localeCompare(b.username));
      let plain = 0;
      for (const m of list) {
        const roles = m.roles.map((r) => r.name).sort();
        if (roles.length === 0 && !ctx.includeDefaults) {
          plain++;
          continue;
        }
        const variable = ctx.variable(camelIdentifier(org.name, m.username, "member"));
        ctx.declare({
          variable,
          type: "OrganizationMember",
          name: ctx.resourceName("OrganizationMember", `${org.name}-${m.username}`.toLowerCase()),
          args: {
            organizationId: organizationRef(ctx, org),
            userId: ctx.ref(m.userId, { kind: "user", username: m.username }),
            roles,
            adopt: true,
          },
        });
        ctx.note({
          section: "first-up-writes",
          object: `OrganizationMember "${m.username}" (organization ${org.name})`,
          text: "one `POST /api/v2/organizations/{org}/members/{user}`, which Coder refuses as already a member (nothing changes).",
        });
      }
      if (plain > 0) {
        ctx.note({
          section: "defaults-left-out",
          object: `Memberships of organization ${org.name}`,
          text: `${plain} member${plain === 1 ? "" : "s"} without organization roles; \`--include-defaults\` declares them as OrganizationMember resources.`,
        });
      }
    }
  },
};
