// Provisioner keys cannot be adopted: Coder shows a key's secret only at creation. Each key is
// listed as a commented-out declaration of a replacement, with what to do; nothing is declared.

import { RESERVED_PROVISIONER_KEY_NAMES } from "../../resources/provisioner-key";
import type { ResourceExporter } from "../model";
import { camelIdentifier } from "../source";
import { organizationRef } from "./organization-ref";

export const provisionerKeyExporter: ResourceExporter = {
  kind: "ProvisionerKey",
  async export(ctx) {
    for (const org of ctx.organizations) {
      for (const key of await ctx.client.listProvisionerKeys(org.id)) {
        if (RESERVED_PROVISIONER_KEY_NAMES.includes(key.name.toLowerCase())) continue;
        const what = `ProvisionerKey "${key.name}" (organization ${org.name})`;
        const replacement = `${key.name}-pulumi`.slice(0, 64);
        ctx.declare({
          variable: ctx.variable(camelIdentifier(key.name, "provisioner", "key")),
          type: "ProvisionerKey",
          name: ctx.resourceName("ProvisionerKey", replacement),
          commentedOut: true,
          comments: [
            `Not brought over: ${what}. A provisioner key cannot be adopted: Coder shows its secret only once, ` +
              "at creation. To manage it with Pulumi, uncomment this replacement, `pulumi up`, start the " +
              "provisioners with its key (`pulumi stack output --show-secrets`), then delete the old key: " +
              `\`coder provisioner keys delete ${key.name} --org ${org.name}\`.`,
          ],
          args: {
            organizationId: organizationRef(ctx, org),
            name: replacement,
            tags: Object.keys(key.tags).length > 0 ? key.tags : undefined,
          },
        });
        ctx.note({
          section: "not-brought-over",
          object: what,
          text:
            "cannot be adopted (its secret is shown only at creation). index.ts has a commented-out replacement " +
            `key "${replacement}" with the same tags: uncomment it, run \`pulumi up\`, move the provisioners to ` +
            `the new key, then \`coder provisioner keys delete ${key.name} --org ${org.name}\`.`,
        });
      }
    }
  },
};
