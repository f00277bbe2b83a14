// E2E program: a Group and its GroupAiBudget (or a budget on a group given by id).
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  budgets?: Array<{
    resource: string;
    groupName?: string;
    groupId?: string;
    spendLimitUsd: number;
    adopt?: boolean;
  }>;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const { resource, groupName, groupId, spendLimitUsd, adopt } of params.budgets ?? []) {
  const gid = groupName ? new coderd.Group(`${resource}-group`, { name: groupName }).id : (groupId ?? "");
  const b = new coderd.GroupAiBudget(resource, { groupId: gid, spendLimitUsd, adopt });
  outputs[resource] = pulumi
    .all([b.id, b.spendLimitUsd, b.spendLimitMicros])
    .apply(([id, usd, micros]) => ({ id, usd, micros }));
}
export = outputs;
