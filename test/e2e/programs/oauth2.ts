// E2E program: an OAuth2App and (optionally) its OAuth2AppSecret, driven by test parameters. The
// client secret is exported only as a sha256 of its secret part (what the emulator stores).
import { createHash } from "node:crypto";
import { appendFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  /** Test-only side channel: plaintext secrets are appended here, so tests can look for them in state. */
  secretsFile?: string;
  app?: coderd.OAuth2AppArgs;
  /** Present: manage a secret of the app with these keepers. */
  secret?: { keepers?: Record<string, unknown> };
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const reveal = (what: string, value: string) => {
  if (params.secretsFile && value)
    appendFileSync(params.secretsFile, `${JSON.stringify({ [what]: value })}\n`);
};

const outputs: Record<string, pulumi.Output<unknown>> = {};
if (params.app) {
  const app = new coderd.OAuth2App("app", params.app);
  outputs.app = pulumi
    .all([app.id, app.clientId, app.name, app.callbackUrl, app.icon, app.endpoints])
    .apply(([id, clientId, name, callbackUrl, icon, endpoints]) => ({
      id,
      clientId,
      name,
      callbackUrl,
      icon,
      endpoints,
    }));
  if (params.secret) {
    const secret = new coderd.OAuth2AppSecret("secret", { appId: app.id, keepers: params.secret.keepers });
    outputs.secret = pulumi
      .all([secret.id, secret.clientSecretTruncated, pulumi.unsecret(secret.clientSecret)])
      .apply(([id, truncated, full]) => {
        reveal("secret", full);
        return { id, truncated, secretHash: sha256(full.split("_")[2] ?? "") };
      });
  }
}
export = outputs;
