import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { isNotFound } from "../client";
import { createConverging } from "../dynamic/converge";
import { defineResourceProvider } from "../dynamic/define-provider";
import { notCreatedByThisRun } from "../dynamic/ownership";
import { uuid } from "../dynamic/validation";
import { appsCreatedHere, explainOAuth2Gate, OAUTH2_EXPERIMENT } from "./oauth2-app";

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

export interface OAuth2AppSecretInputs {
  appId: string;
  keepers?: Record<string, unknown>;
}

export interface OAuth2AppSecretOutputs extends OAuth2AppSecretInputs {
  clientSecret: string;
  clientSecretTruncated: string;
  lastUsedAt: string | null;
}

const oauth2AppSecretInputs = z.object({
  appId: uuid("appId").transform((s) => s.toLowerCase()),
  keepers: z.record(z.string(), z.unknown()).optional(),
});

/** Secrets this provider process created, per app (see `appsCreatedHere`). */
const secretsCreatedHere = new Map<string, Set<string>>();
/** Secret creates of this process waiting for their answer, per app. */
const inFlight = new Map<string, number>();

/** The provider implementation, loaded by package path inside the dynamic-provider host. */
export const oauth2AppSecretProvider = defineResourceProvider<OAuth2AppSecretInputs, OAuth2AppSecretOutputs>({
  typeName: "OAuth2AppSecret",
  inputs: oauth2AppSecretInputs as z.ZodType<OAuth2AppSecretInputs>,
  inputKeys: ["appId", "keepers"],
  replaceOn: ["appId", "keepers"],
  // Rotation: the new secret exists before the old one is deleted.
  deleteBeforeReplace: false,
  experiment: OAUTH2_EXPERIMENT,
  async create(ctx, inputs) {
    // After a 5xx/reset the POST may have made a secret whose value was lost with the answer: an
    // orphan nobody can use. When this process created the app, it knows all the app's secrets
    // but those of creates still waiting for their answer, so when this is the only create in
    // flight for the app, the one unknown secret is that orphan: it is deleted. Two or more
    // unknown secrets, or another create in flight: doubt, nothing is deleted and the create fails
    // (../dynamic/ownership). For an app from an earlier run the secrets of other resources are
    // indistinguishable from it, so nothing is deleted; see docs/recovery.md. Then the POST is
    // sent again.
    inFlight.set(inputs.appId, (inFlight.get(inputs.appId) ?? 0) + 1);
    let full: Awaited<ReturnType<typeof ctx.client.createOAuth2AppSecret>>;
    try {
      full = await explainOAuth2Gate("create an OAuth2 app secret", () =>
        createConverging(
          () => ctx.client.createOAuth2AppSecret(inputs.appId),
          async () => {
            if (!appsCreatedHere.has(inputs.appId)) return undefined;
            const mine = secretsCreatedHere.get(inputs.appId) ?? new Set<string>();
            const unknown = (await ctx.client.listOAuth2AppSecrets(inputs.appId)).filter(
              (s) => !mine.has(s.id),
            );
            if (unknown.length === 0) return undefined;
            if (unknown.length > 1 || (inFlight.get(inputs.appId) ?? 0) > 1) {
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
    } finally {
      inFlight.set(inputs.appId, (inFlight.get(inputs.appId) ?? 1) - 1);
    }
    if (!secretsCreatedHere.has(inputs.appId)) secretsCreatedHere.set(inputs.appId, new Set());
    secretsCreatedHere.get(inputs.appId)!.add(full.id);
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
