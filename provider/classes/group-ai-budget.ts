// The GroupAiBudget class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/group-ai-budget.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { licenseDependencyInput, resourceOptions } from "../dynamic/resource-options";
import type { GroupAiBudgetArgs } from "../resources/group-ai-budget";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as groupAiBudgetShim from "../shims/group-ai-budget";

// The arguments are declared next to the implementation that validates them.
export type { GroupAiBudgetArgs } from "../resources/group-ai-budget";

/**
 * The AI spend budget of one group (Enterprise: needs the `aibridge` feature, and AI Bridge turned
 * on in the deployment). The limit is in US dollars; `0` blocks all AI spend. Destroying the
 * resource deletes the budget (the group then has no group limit).
 *
 * ```ts
 * new coderd.GroupAiBudget("ml-budget", { groupId: ml.id, spendLimitUsd: 500 });
 * ```
 */
export class GroupAiBudget extends pulumi.dynamic.Resource {
  declare readonly groupId: pulumi.Output<string>;
  /** The limit in US dollars. */
  declare readonly spendLimitUsd: pulumi.Output<number>;
  /** The limit as Coder stores it, in micro-dollars (spendLimitUsd × 1,000,000). */
  declare readonly spendLimitMicros: pulumi.Output<number>;
  declare readonly adopt: pulumi.Output<boolean>;

  constructor(name: string, args: GroupAiBudgetArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      groupAiBudgetShim,
      name,
      { adopt: undefined, ...args, ...licenseDependencyInput(opts), spendLimitMicros: undefined },
      resourceOptions(opts),
      "coderd",
      "GroupAiBudget",
    );
  }
}
