// Group AI budgets (enterprise/coderd/aibridge.go, newer main, semantics-next §5). Under /groups, so
// template_rbac is checked before authentication; then the group lookup; then `aibridge`, which is
// enabled only when licensed AND the deployment turns AI Bridge on. 0 is a valid limit that blocks
// all spend; PUT is an upsert answering 200; DELETE answers 204, or 404 when there is no budget.

import { T } from "../http/godecode";
import { goTime } from "../http/goencode";
import { apiError, empty, ok, type Reply, resourceNotFound, validationFailed } from "../http/response";
import type { Mount } from "../http/router";
import { featureEnabled } from "../licensing/entitlements";
import { premiumFeatureMessage } from "../licensing/features";
import type { GroupAiBudgetRecord } from "../state/records";
import { isOwner, type RequestContext, readBody } from "./context";
import { apiKey, groupParam, requireFeature } from "./middleware";

/**
 * codersdk.MaxAISpendLimitMicros. Coder's real value was not found in any source we could read
 * (semantics-next §5 marks it UNCONFIRMED); this stand-in is $1,000,000,000.
 */
export const MAX_AI_SPEND_LIMIT_MICROS = 1_000_000_000_000_000;

const UPSERT_BUDGET = T.struct("UpsertGroupAIBudgetRequest", { spend_limit_micros: T.int64 });

export function registerGroupAiBudgetRoutes(api: Mount<RequestContext>): void {
  api.mount(
    "groups/:group/ai/budget",
    [requireFeature("template_rbac"), apiKey, groupParam, requireAiBridge],
    (m) => {
      m.get("", getBudget);
      m.put("", putBudget);
      m.delete("", deleteBudget);
    },
  );
}

function requireAiBridge(ctx: RequestContext): void {
  const enabled =
    featureEnabled(ctx.store, "aibridge", ctx.now) && ctx.store.deploymentOptions.aiBridgeEnabled;
  if (!enabled) throw apiError(403, premiumFeatureMessage("aibridge"));
}

function budgetView(b: GroupAiBudgetRecord) {
  return {
    group_id: b.groupId,
    spend_limit_micros: b.spendLimitMicros,
    created_at: goTime(b.createdAt),
    updated_at: goTime(b.updatedAt),
  };
}

function getBudget(ctx: RequestContext): Reply {
  const b = ctx.store.groupAiBudgets.get(ctx.group!.id);
  if (!b) throw resourceNotFound();
  return ok(budgetView(b));
}

function putBudget(ctx: RequestContext): Reply {
  const req = readBody<{ spend_limit_micros: number }>(ctx, UPSERT_BUDGET);
  const limit = req.spend_limit_micros;
  if (limit < 0) {
    throw validationFailed([
      { field: "spend_limit_micros", detail: `Validation failed for tag "gte" with value: "${limit}"` },
    ]);
  }
  if (limit > MAX_AI_SPEND_LIMIT_MICROS) {
    throw apiError(400, "Invalid AI spend limit.", undefined, [
      { field: "spend_limit_micros", detail: `Must not exceed ${MAX_AI_SPEND_LIMIT_MICROS}.` },
    ]);
  }
  // Members may read their group's budget but not write it: dbauthz's denial maps to 404.
  if (!isOwner(ctx)) throw resourceNotFound();
  const group = ctx.group!;
  const existing = ctx.store.groupAiBudgets.get(group.id);
  const row: GroupAiBudgetRecord = {
    groupId: group.id,
    spendLimitMicros: limit,
    createdAt: existing?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
  };
  ctx.store.groupAiBudgets.set(group.id, row);
  return ok(budgetView(row));
}

function deleteBudget(ctx: RequestContext): Reply {
  if (!isOwner(ctx)) throw resourceNotFound();
  if (!ctx.store.groupAiBudgets.delete(ctx.group!.id)) throw resourceNotFound();
  return empty(204);
}
