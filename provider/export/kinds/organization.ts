// Organizations other than the default one, adopted by name. Each provides its id, so every other
// kind references `<org>Org.id` instead of looking the organization up. The default organization
// always exists and cannot be deleted, so it is left out (and looked up by name) unless
// --include-defaults.

import type { ResourceExporter } from "../model";
import { camelIdentifier } from "../source";

export const organizationExporter: ResourceExporter = {
  kind: "Organization",
  async export(ctx) {
    for (const org of ctx.organizations) {
      if (org.isDefault && !ctx.includeDefaults) {
        ctx.note({
          section: "defaults-left-out",
          object: `Organization "${org.name}"`,
          text: "the default organization (it always exists); it is looked up by name. `--include-defaults` declares it.",
        });
        continue;
      }
      const variable = ctx.variable(
        camelIdentifier(org.name, "org"),
        camelIdentifier(org.name, "organization"),
      );
      ctx.declare({
        variable,
        type: "Organization",
        name: ctx.resourceName("Organization", org.name),
        comments: org.isDefault
          ? [
              "The default organization: destroying this resource leaves it in place (Coder never deletes it).",
            ]
          : [],
        args: {
          name: org.name,
          displayName: org.displayName,
          description: org.description,
          icon: org.icon,
          adopt: true,
        },
      });
      ctx.provide("organization", org.id, `${variable}.id`);
    }
  },
};
