// E2E program: UserQuietHoursSchedules of seeded users, found by username.
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  schedules?: Array<{
    resource: string;
    username?: string;
    userId?: string;
    schedule: string;
    adopt?: boolean;
  }>;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const { resource, username, userId, schedule, adopt } of params.schedules ?? []) {
  const id = username ? coderd.getUser({ username }).then((u) => u.id) : (userId ?? "");
  const s = new coderd.UserQuietHoursSchedule(resource, { userId: id, schedule, adopt });
  outputs[resource] = pulumi
    .all([s.id, s.schedule, s.time, s.timezone])
    .apply(([sid, raw, time, timezone]) => ({ id: sid, schedule: raw, time, timezone }));
}
export = outputs;
