// E2E program: WorkspaceSharingSettings of one or more organizations.
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  settings?: Array<{ resource: string } & coderd.WorkspaceSharingSettingsArgs>;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const { resource, ...args } of params.settings ?? []) {
  const s = new coderd.WorkspaceSharingSettings(resource, args);
  outputs[resource] = pulumi
    .all([s.id, s.organizationId, s.shareableWorkspaceOwners, s.sharingDisabled])
    .apply(([id, organizationId, owners, sharingDisabled]) => ({
      id,
      organizationId,
      owners,
      sharingDisabled,
    }));
}
export = outputs;
