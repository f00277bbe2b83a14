// E2E program: WorkspaceProxies driven by test parameters. Each proxy token is exported only as a
// sha256 of its secret part (what the emulator stores), so tests can prove the value in state.
import { createHash } from "node:crypto";
import { appendFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  /** Test-only side channel: plaintext secrets are appended here, so tests can look for them in state. */
  secretsFile?: string;
  proxies?: Array<{ resource: string } & coderd.WorkspaceProxyArgs>;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const reveal = (what: string, value: string) => {
  if (params.secretsFile && value)
    appendFileSync(params.secretsFile, `${JSON.stringify({ [what]: value })}\n`);
};

const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const { resource, ...args } of params.proxies ?? []) {
  const p = new coderd.WorkspaceProxy(resource, args);
  outputs[resource] = pulumi
    .all([p.id, p.name, p.displayName, p.iconUrl, p.status, p.healthy, pulumi.unsecret(p.proxyToken)])
    .apply(([id, name, displayName, iconUrl, status, healthy, token]) => {
      reveal(resource, token);
      return {
        id,
        name,
        displayName,
        iconUrl,
        status,
        healthy,
        tokenHash: sha256(token.split(":")[1] ?? ""),
      };
    });
}
export = outputs;
