import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import { isNotFound } from "../client";
import { createConverging } from "../dynamic/converge";
import { defineResourceProvider } from "../dynamic/define-provider";
import { notCreatedByThisRun } from "../dynamic/ownership";
import type { Reference } from "../dynamic/references";
import { uuid } from "../dynamic/validation";
import { explainOAuth2Gate, OAUTH2_EXPERIMENT } from "./oauth2-app";
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
  experiment: OAUTH2_EXPERIMENT,
  async create(ctx, inputs) {
    // After a 5xx/reset the POST may have made a secret whose value was lost with the answer: an
    // orphan nobody can use. When this process created the app, it knows all the app's secrets:
    // secrets of one app are created one at a time in this process, so no sibling's POST is in
    // flight (made but not yet recorded) when the recovery looks. The one unknown secret is then
    // that orphan: it is deleted. Two or more unknown secrets: doubt, nothing is deleted and the
    // create fails (../dynamic/ownership). For an app from an earlier run the secrets of other
    // resources are indistinguishable from it, so nothing is deleted; see docs/recovery.md. Then
    // the POST is sent again.
    const full = await serializeSecretCreation(inputs.appId, async () => {
      const made = await explainOAuth2Gate("create an OAuth2 app secret", () =>
        createConverging(
          () => ctx.client.createOAuth2AppSecret(inputs.appId),
          async () => {
            if (!wasAppCreatedHere(inputs.appId)) return undefined;
            const unknown = (await ctx.client.listOAuth2AppSecrets(inputs.appId)).filter(
              (s) => !wasSecretCreatedHere(inputs.appId, s.id),
            );
            if (unknown.length === 0) return undefined;
            if (unknown.length > 1) {
              throw notCreatedByThisRun(
                `a secret of OAuth2 app ${inputs.appId}`,
                `${unknown.length} secret(s) this run cannot account for: ` +
                  unknown.map((s) => `…${s.clientSecretTruncated} (${s.id})`).join(", "),
                "Run `pulumi up` again; if an unused secret stays on the app, delete it " +
                  "(`DELETE /api/v2/oauth2-provider/apps/{app}/secrets/{id}`).",
              );
            }
            await ctx.client.deleteOAuth2AppSecret(inputs.appId, unknown[0]!.id).catch((err) => {
              if (!isNotFound(err)) throw err;
            });
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
      // Every secret of the app read in this command shares one list.
      ctx.reads.list("oauth2-app-secrets", olds.appId, id, () => ctx.client.listOAuth2AppSecrets(olds.appId)),
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
