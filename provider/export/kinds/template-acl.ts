// Template ACLs of each exported organization's templates. Groups are references to the group
// variables, users lookups by username, the template a lookup by name. ACLs at Coder's default for
// a new template (Everyone → use, nothing else) are left out.

import type { TemplateAclRole } from "../../resources/template-acl";
import type { ResourceExporter } from "../model";
import { camelIdentifier, type Value } from "../source";

const isRole = (r: string): r is TemplateAclRole => r === "admin" || r === "use";

export const templateAclExporter: ResourceExporter = {
  kind: "TemplateAcl",
  async export(ctx) {
    const multiOrg = ctx.organizations.length > 1;
    for (const org of ctx.organizations) {
      for (const template of await ctx.client.listTemplates(org.id)) {
        const acl = await ctx.client.getTemplateAcl(template.id);
        const what = `TemplateAcl of template "${template.name}" (organization ${org.name})`;
        let everyone: TemplateAclRole | "none" = "none";
        const groups: [Value, string][] = [];
        const users: [Value, string][] = [];
        const skipRole = (who: string) =>
          ctx.note({
            section: "not-brought-over",
            object: `${what}: ${who}`,
            text: "has a custom permission set that is neither `use` nor `admin`; declare the role you want.",
          });
        for (const g of [...acl.groups].sort((a, b) => a.name.localeCompare(b.name))) {
          if (!isRole(g.role)) {
            skipRole(`group ${g.name}`);
            continue;
          }
          if (g.id.toLowerCase() === template.organizationId.toLowerCase()) everyone = g.role;
          else
            groups.push([
              ctx.ref(g.id, { kind: "group", organization: g.organizationName || org.name, name: g.name }),
              g.role,
            ]);
        }
        for (const u of [...acl.users].sort((a, b) => a.username.localeCompare(b.username))) {
          if (!isRole(u.role)) {
            skipRole(`user ${u.username}`);
            continue;
          }
          users.push([ctx.ref(u.id, { kind: "user", username: u.username }), u.role]);
        }
        if (everyone === "use" && groups.length === 0 && users.length === 0 && !ctx.includeDefaults) {
          ctx.note({
            section: "defaults-left-out",
            object: what,
            text: "at Coder's default for a new template (Everyone → use); `--include-defaults` declares it.",
          });
          continue;
        }
        const prefix = multiOrg ? [org.name] : [];
        ctx.declare({
          variable: ctx.variable(
            camelIdentifier(...prefix, template.name, "acl"),
            camelIdentifier(org.name, template.name, "acl"),
          ),
          type: "TemplateAcl",
          name: ctx.resourceName(
            "TemplateAcl",
            [...prefix, template.name].join("-"),
            `${org.name}-${template.name}`,
          ),
          comments: [
            `Access to template ${template.name} (organization ${org.name}). Authoritative: grants not listed ` +
              "here are removed by `pulumi up`.",
          ],
          args: {
            templateId: ctx.ref(template.id, {
              kind: "template",
              organization: org.name,
              name: template.name,
            }),
            everyone,
            groups: groups.length > 0 ? { $rolesById: groups } : undefined,
            users: users.length > 0 ? { $rolesById: users } : undefined,
          },
        });
      }
    }
  },
};
