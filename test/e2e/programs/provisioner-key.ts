// E2E program: ProvisionerKeys driven by test parameters. Each key's secret is exported only as a
// sha256 (comparable with the emulator's stored hash), so tests can prove the value in state.
import { createHash } from "node:crypto";
import { appendFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  /** Test-only side channel: plaintext secrets are appended here, so tests can look for them in state. */
  secretsFile?: string;
  keys?: Array<{ resource: string } & coderd.ProvisionerKeyArgs>;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const reveal = (what: string, value: string) => {
  if (params.secretsFile && value)
    appendFileSync(params.secretsFile, `${JSON.stringify({ [what]: value })}\n`);
};

const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const { resource, ...args } of params.keys ?? []) {
  const k = new coderd.ProvisionerKey(resource, args);
  outputs[resource] = pulumi
    .all([k.id, k.organizationId, k.name, k.tags, k.createdAt, pulumi.unsecret(k.key)])
    .apply(([id, organizationId, name, tags, createdAt, key]) => {
      reveal(resource, key);
      return {
        id,
        organizationId,
        name,
        tags,
        createdAt,
        keyHash: sha256(key),
      };
    });
}
export = outputs;
