import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import { type GroupAiBudget as CoderBudget, isNotFound } from "../client";
import { defineResourceProvider, type InputProblem } from "../dynamic/define-provider";
import { uuid } from "../dynamic/validation";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.

/** Coder stores AI spend limits in micro-dollars: 1 USD = 1,000,000 micros. */
export const MICROS_PER_USD = 1_000_000;

/** Arguments of a {@link GroupAiBudget}. */
export interface GroupAiBudgetArgs {
  /** The group (a UUID). Changing it replaces the resource (the old group's budget is deleted). */
  groupId: pulumi.Input<string>;
  /**
   * The group's AI spend limit in **US dollars** (up to 6 decimal places; Coder stores
   * micro-dollars). Required, with no default: **`0` blocks all AI spend** of the group's members,
   * so it must be written out.
   */
  spendLimitUsd: pulumi.Input<number>;
  /**
   * Take over a budget the group already has (set by hand or by another stack) instead of failing
   * at preview. Without it, an existing budget is never overwritten.
   */
  adopt?: pulumi.Input<boolean>;
}

interface BudgetInputs {
  groupId: string;
  spendLimitUsd: number;
  adopt: boolean;
}

interface BudgetOutputs extends BudgetInputs {
  /** The exact stored value: spendLimitUsd × 1,000,000. */
  spendLimitMicros: number;
}

/** Whole micro-dollars: at most 6 decimals, checked on the decimal text so 0.1 is fine. */
function hasAtMostSixDecimals(usd: number): boolean {
  return (
    Math.abs(Math.round(usd * MICROS_PER_USD) / MICROS_PER_USD - usd) < 1e-9 * Math.max(1, Math.abs(usd))
  );
}

const budgetInputs = z.object({
  groupId: uuid("groupId").transform((s) => s.toLowerCase()),
  spendLimitUsd: z
    .number({ message: "is required: the limit in US dollars (0 blocks all AI spend)" })
    .finite("must be a finite number of US dollars")
    .min(0, "must not be negative (0 blocks all AI spend)")
    .max(Number.MAX_SAFE_INTEGER / MICROS_PER_USD, "is too large")
    .refine(hasAtMostSixDecimals, {
      message: "must have at most 6 decimal places (Coder stores whole micro-dollars)",
    }),
  adopt: z.boolean().default(false),
});

const toMicros = (usd: number) => Math.round(usd * MICROS_PER_USD);

function toOutputs(groupId: string, b: CoderBudget, adopt: boolean): BudgetOutputs {
  return {
    groupId,
    spendLimitUsd: b.spendLimitMicros / MICROS_PER_USD,
    spendLimitMicros: b.spendLimitMicros,
    adopt,
  };
}

/**
 * The provider implementation, loaded by package path inside the dynamic-provider host.
 *
 * @internal
 */
export const groupAiBudgetProvider = defineResourceProvider<BudgetInputs, BudgetOutputs>({
  typeName: "GroupAiBudget",
  inputs: budgetInputs as unknown as z.ZodType<BudgetInputs>,
  // `adopt` only matters when creating.
  inputKeys: ["groupId", "spendLimitUsd"],
  replaceOn: ["groupId"],
  feature: { name: "aibridge", humanName: "AI Bridge (AI spend budgets)" },
  async validateRemote(ctx, inputs, olds) {
    // Only when this resource starts managing a group's budget (create or a new groupId).
    if (olds.groupId === inputs.groupId) return [];
    const problems: InputProblem[] = [];
    try {
      await ctx.client.getGroup(inputs.groupId);
    } catch (err) {
      if (!isNotFound(err) && (err as { status?: number }).status !== 400) throw err;
      return [{ property: "groupId", reason: `group with ID ${inputs.groupId} does not exist` }];
    }
    if (!inputs.adopt) {
      // Coder's PUT is an upsert: without this check an existing budget would be silently taken over.
      const existing = await ctx.client.getGroupAiBudget(inputs.groupId).catch((err) => {
        if (isNotFound(err)) return undefined;
        throw err;
      });
      if (existing) {
        problems.push({
          property: "groupId",
          reason:
            `group ${inputs.groupId} already has an AI budget of $${existing.spendLimitMicros / MICROS_PER_USD} ` +
            "that this stack did not create; set adopt: true to manage it",
        });
      }
    }
    return problems;
  },
  async create(ctx, inputs) {
    const b = await ctx.client.setGroupAiBudget(inputs.groupId, toMicros(inputs.spendLimitUsd));
    return { id: inputs.groupId, outs: toOutputs(inputs.groupId, b, inputs.adopt) };
  },
  async read(ctx, id, olds) {
    // 404 (no budget any more) → gone from state, recreated by `pulumi up`.
    return toOutputs(id, await ctx.client.getGroupAiBudget(id), olds.adopt ?? false);
  },
  async update(ctx, id, olds, news) {
    const b = await ctx.client.setGroupAiBudget(id, toMicros(news.spendLimitUsd));
    return toOutputs(id, b, olds.adopt ?? news.adopt);
  },
  async delete(ctx, id) {
    // DELETE, never "PUT 0": 0 would block all spend. A 404 (already gone) is success.
    await ctx.client.deleteGroupAiBudget(id);
  },
});
