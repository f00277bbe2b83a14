import { z } from "zod/v3";
import { num, str, type WireSchema } from "./common";

/** codersdk.GroupAIBudget. 1 USD = 1,000,000 micros; 0 blocks all AI spend. */
export interface GroupAiBudget {
  groupId: string;
  spendLimitMicros: number;
  createdAt: string;
  updatedAt: string;
}

export const GroupAiBudgetSchema: WireSchema<GroupAiBudget> = z
  .object({ group_id: str, spend_limit_micros: num, created_at: str, updated_at: str })
  .transform((o) => ({
    groupId: o.group_id.toLowerCase(),
    spendLimitMicros: o.spend_limit_micros,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  }));
