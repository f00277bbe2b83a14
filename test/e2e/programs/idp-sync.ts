// E2E program: IdpSyncSettings of each kind, driven by test parameters.
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  settings?: Array<{ resource: string } & coderd.IdpSyncSettingsArgs>;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const { resource, ...args } of params.settings ?? []) {
  const s = new coderd.IdpSyncSettings(resource, args as coderd.IdpSyncSettingsArgs);
  outputs[resource] = pulumi
    .all([s.id, s.field, s.mapping])
    .apply(([id, field, mapping]) => ({ id, field, mapping }));
}
export = outputs;
