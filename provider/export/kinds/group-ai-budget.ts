// AI spend budgets of the exported organizations' groups, adopted (the resource's create writes the
// budget, here the one the group already has). A group without a budget has nothing to declare.

import { isNotFound } from "../../client";
import type { ResourceExporter } from "../model";
import { camelIdentifier } from "../source";

export const groupAiBudgetExporter: ResourceExporter = {
  kind: "GroupAiBudget",
  async export(ctx) {
    const multiOrg = ctx.organizations.length > 1;
    for (const org of ctx.organizations) {
      for (const group of await ctx.groupsOf(org.id)) {
        const budget = await ctx.client.getGroupAiBudget(group.id).catch((err) => {
          if (isNotFound(err)) return undefined;
          throw err;
        });
        if (!budget) continue;
        const prefix = multiOrg ? [org.name] : [];
        ctx.declare({
          variable: ctx.variable(
            camelIdentifier(...prefix, group.name, "ai", "budget"),
            camelIdentifier(org.name, group.name, "ai", "budget"),
          ),
          type: "GroupAiBudget",
          name: ctx.resourceName(
            "GroupAiBudget",
            [...prefix, group.name, "ai-budget"].join("-").toLowerCase(),
          ),
          args: {
            groupId: ctx.ref(group.id, { kind: "group", organization: org.name, name: group.name }),
            spendLimitUsd: budget.spendLimitMicros / 1_000_000,
            adopt: true,
          },
        });
        ctx.note({
          section: "first-up-writes",
          object: `GroupAiBudget of group "${group.name}" (organization ${org.name})`,
          text: "one `PUT /api/v2/groups/{id}/ai/budget` with the limit it already has.",
        });
      }
    }
  },
};
