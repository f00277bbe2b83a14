import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { createConverging } from "../dynamic/converge";
import { defineResourceProvider } from "../dynamic/define-provider";
import type { Reference } from "../dynamic/references";
import { resourceOptions } from "../dynamic/resource-options";
import { uuid } from "../dynamic/validation";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as oauth2AppSecretShim from "../shims/oauth2-app-secret";
import { explainOAuth2Gate } from "./oauth2-app";
import {
  recordSecretCreated,
  serializeSecretCreation,
  wasAppCreatedHere,
  wasSecretCreatedHere,
} from "./oauth2-records";

/** Arguments of an {@link OAuth2AppSecret}. */
export interface OAuth2AppSecretArgs {
  /** The {@link OAuth2App}'s id. Changing it replaces the secret. */
  appId: pulumi.Input<string>;
  /**
   * Arbitrary values; changing any of them replaces the secret, i.e. rotates it. The new secret is
   * created before the old one is deleted, so consumers can switch over without downtime.
   */
  keepers?: pulumi.Input<Record<string, pulumi.Input<any>>>;
}

/** @internal */
export interface OAuth2AppSecretInputs {
  appId: string;
  keepers?: Record<string, unknown>;
}

/** @internal */
export interface OAuth2AppSecretOutputs extends OAuth2AppSecretInputs {
  clientSecret: string;
  clientSecretTruncated: string;
  lastUsedAt: string | null;
}

const oauth2AppSecretInputs = z.object({
  appId: uuid("appId").transform((s) => s.toLowerCase()),
  keepers: z.record(z.string(), z.unknown()).optional(),
});

/** The provider implementation, loaded by package path inside the dynamic-provider host. *
 * @internal
 */
export const oauth2AppSecretProvider = defineResourceProvider<OAuth2AppSecretInputs, OAuth2AppSecretOutputs>({
  typeName: "OAuth2AppSecret",
  inputs: oauth2AppSecretInputs as z.ZodType<OAuth2AppSecretInputs>,
  inputKeys: ["appId", "keepers"],
  replaceOn: ["appId", "keepers"],
  references: (inputs): Reference[] => [
    { property: "appId", what: "OAuth2 app", id: inputs.appId, get: (c) => c.getOAuth2App(inputs.appId) },
  ],
  // Rotation: the new secret exists before the old one is deleted.
  deleteBeforeReplace: false,
  async create(ctx, inputs) {
    // After a 5xx/reset the POST may have made a secret whose value was lost with the answer: an
    // orphan nobody can use. When this process created the app, it knows all the app's secrets,
    // so any other one is that orphan: it is deleted. (For an app from an earlier run the secrets
    // of other resources are indistinguishable from it, so nothing is deleted; see
    // docs/recovery.md.) Then the POST is sent again. Secrets of one app are created one at a
    // time in this process, so no sibling's POST is in flight (made but not yet recorded) when
    // the recovery looks.
    const full = await serializeSecretCreation(inputs.appId, async () => {
      const made = await explainOAuth2Gate("create an OAuth2 app secret", () =>
        createConverging(
          () => ctx.client.createOAuth2AppSecret(inputs.appId),
          async () => {
            if (!wasAppCreatedHere(inputs.appId)) return undefined;
            for (const s of await ctx.client.listOAuth2AppSecrets(inputs.appId)) {
              if (!wasSecretCreatedHere(inputs.appId, s.id)) {
                await ctx.client.deleteOAuth2AppSecret(inputs.appId, s.id);
              }
            }
            return undefined;
          },
        ),
      );
      recordSecretCreated(inputs.appId, made.id);
      return made;
    });
    return {
      id: full.id,
      outs: {
        appId: inputs.appId,
        keepers: inputs.keepers,
        clientSecret: full.clientSecretFull,
        // Coder's client_secret_truncated is the last 6 characters of the full secret.
        clientSecretTruncated: full.clientSecretFull.slice(-6),
        lastUsedAt: null,
      },
    };
  },
  async read(ctx, id, olds) {
    // A missing app answers 404, which the plumbing turns into "gone".
    const secrets = await explainOAuth2Gate("list OAuth2 app secrets", () =>
      ctx.client.listOAuth2AppSecrets(olds.appId),
    );
    const s = secrets.find((x) => x.id === id);
    if (!s) return undefined;
    return {
      appId: olds.appId,
      keepers: olds.keepers,
      // Shown once by Coder, never again: carried forward from state.
      clientSecret: olds.clientSecret,
      clientSecretTruncated: s.clientSecretTruncated,
      lastUsedAt: s.lastUsedAt ?? null,
    };
  },
  async update(_ctx, _id, olds, news) {
    // Only reached when the provider code changed: every input replaces.
    return { ...olds, appId: news.appId, keepers: news.keepers };
  },
  async delete(ctx, id, olds) {
    await explainOAuth2Gate("delete an OAuth2 app secret", () =>
      ctx.client.deleteOAuth2AppSecret(olds.appId, id),
    );
  },
});

/**
 * A client secret of an {@link OAuth2App}. Coder shows the secret only once, at creation: it is
 * kept (as a secret) in state and survives `pulumi refresh`. Rotate it by changing `keepers`.
 *
 * ```ts
 * const secret = new coderd.OAuth2AppSecret("grafana", { appId: app.id, keepers: { rotated: "2025-06" } });
 * ```
 */
export class OAuth2AppSecret extends pulumi.dynamic.Resource {
  declare readonly appId: pulumi.Output<string>;
  declare readonly keepers: pulumi.Output<Record<string, any> | undefined>;
  /** The full client secret (secret output). */
  declare readonly clientSecret: pulumi.Output<string>;
  /** The last 6 characters of the secret, as Coder shows it. */
  declare readonly clientSecretTruncated: pulumi.Output<string>;
  /** When the secret was last used (ISO timestamp), or null. */
  declare readonly lastUsedAt: pulumi.Output<string | null>;

  constructor(name: string, args: OAuth2AppSecretArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      oauth2AppSecretShim,
      name,
      {
        keepers: undefined,
        ...args,
        clientSecret: undefined,
        clientSecretTruncated: undefined,
        lastUsedAt: undefined,
      },
      resourceOptions(opts, ["clientSecret"]),
      "coderd",
      "OAuth2AppSecret",
    );
  }
}
