// E2E program: Groups (and optionally a License they depend on), driven by test parameters.
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  license?: string;
  groups?: Array<{ resource: string } & coderd.GroupArgs>;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const license = params.license ? new coderd.License("license", { license: params.license }) : undefined;

const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const { resource, ...args } of params.groups ?? []) {
  const g = new coderd.Group(resource, args, license ? { dependsOn: license } : undefined);
  outputs[resource] = pulumi
    .all([g.id, g.name, g.members, g.totalMemberCount])
    .apply(([id, name, members, count]) => ({
      id,
      name,
      members,
      count,
    }));
}
if (license) {
  outputs.license = pulumi
    .all([license.id, license.uuid, license.features, license.expiresAt])
    .apply(([id, uuid, features, expiresAt]) => ({ id, uuid, features, expiresAt }));
}
export = outputs;
