import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import {
  type OAuth2App as CoderOAuth2App,
  ExperimentNotEnabledError,
  experimentHint,
  ForbiddenError,
  ItemsById,
} from "../client";
import type { OAuth2AppEndpoints } from "../client/schemas/entities";
import { createConverging } from "../dynamic/converge";
import {
  defineResourceProvider,
  type ProviderContext,
  type RequiredExperiment,
} from "../dynamic/define-provider";
import { notCreatedByThisRun } from "../dynamic/ownership";
import { coderName, httpUrl } from "../dynamic/validation";
import { recordAppCreated, wasAppCreatedHere } from "./oauth2-records";

/** Arguments of an {@link OAuth2App}. */
export interface OAuth2AppArgs {
  /** App name (Coder's name rule: alphanumeric with single hyphens, at most 32 characters). Not unique in Coder. */
  name: pulumi.Input<string>;
  /** Where Coder redirects after authorization: an absolute http:// or https:// URL. */
  callbackUrl: pulumi.Input<string>;
  /** Icon URL or path ("" for none, the default). */
  icon?: pulumi.Input<string>;
}

/** @internal */
export interface OAuth2AppInputs {
  name: string;
  callbackUrl: string;
  icon: string;
}

/** @internal */
export interface OAuth2AppOutputs extends OAuth2AppInputs {
  clientId: string;
  endpoints: OAuth2AppEndpoints;
}

const oauth2AppInputs = z.object({
  name: coderName(32),
  callbackUrl: httpUrl("callbackUrl"),
  icon: z.string().default(""),
});

/**
 * The `oauth2` experiment gate of Coder v2.30 (off by default; later releases dropped the experiment
 * and serve the routes ungated). Checked at preview before an app or secret is created.
 *
 * @internal
 */
export const OAUTH2_EXPERIMENT: RequiredExperiment = {
  name: "oauth2",
  enables: "Coder's OAuth2 provider (OAuth2 apps and their secrets)",
  gated: (ctx) => ctx.client.isOAuth2ExperimentGated(),
};

/**
 * Coder answers 403 on the OAuth2 provider routes when the feature is gated (Coder v2.30 and mid-2025
 * builds: the `oauth2` experiment; older Enterprise builds: license or dev build) or the user is not
 * an owner. The server's own message is kept; this adds what to do about it.
 *
 * @internal
 */
export async function explainOAuth2Gate<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof ExperimentNotEnabledError && !err.message.startsWith("Coder refused to")) {
      err.message =
        `Coder refused to ${what}: ${err.message}. This Coder version ships the OAuth2 provider behind ` +
        `the 'oauth2' experiment, which is not enabled on the server. To fix: ${experimentHint(err.experiments)}.`;
    } else if (err instanceof ForbiddenError && !err.message.startsWith("Coder refused to")) {
      // A shared list's error reaches several reads: explain it once.
      err.message =
        `Coder refused to ${what}: ${err.message}. The OAuth2 provider is not available to this token: ` +
        "depending on the Coder version it needs a license that includes it (older Enterprise builds), " +
        "the `oauth2` experiment (CODER_EXPERIMENTS=oauth2 on mid-2025 builds), and the Owner role.";
    }
    throw err;
  }
}

/** The provider implementation, loaded by package path inside the dynamic-provider host. *
 * @internal
 */
export const oauth2AppProvider = defineResourceProvider<OAuth2AppInputs, OAuth2AppOutputs>({
  typeName: "OAuth2App",
  inputs: oauth2AppInputs as z.ZodType<OAuth2AppInputs>,
  inputKeys: ["name", "callbackUrl", "icon"],
  experiment: OAUTH2_EXPERIMENT,
  async create(ctx, inputs) {
    const app = await explainOAuth2Gate("create an OAuth2 app", () =>
      createConverging(
        () => ctx.client.createOAuth2App(inputs),
        () => findLostApp(ctx, inputs),
      ),
    );
    recordAppCreated(app.id);
    return { id: app.id, outs: toOutputs(app) };
  },
  async read(ctx, id) {
    // Batched: a refresh of many apps is one list.
    const app = await explainOAuth2Gate("read an OAuth2 app", () =>
      ctx.reads.one("oauth2-apps", "", id, {
        fetch: async () => ItemsById.of(await ctx.client.listOAuth2Apps(), (a) => a.id),
        getOne: () => ctx.client.getOAuth2App(id),
      }),
    );
    return app ? toOutputs(app) : undefined;
  },
  async update(ctx, id, _olds, news) {
    // PUT is a full replace: always send all three fields.
    const app = await explainOAuth2Gate("update an OAuth2 app", () =>
      ctx.client.updateOAuth2App(id, { name: news.name, callbackUrl: news.callbackUrl, icon: news.icon }),
    );
    return toOutputs(app);
  },
  async delete(ctx, id) {
    await explainOAuth2Gate("delete an OAuth2 app", () => ctx.client.deleteOAuth2App(id));
  },
});

/**
 * After a POST whose answer was lost (5xx/reset), finds the app it may have created. App names are
 * not unique and the API shows no creation time, so the candidates are apps identical to the
 * request that have no secret: an app without a secret cannot be used by any client yet, so
 * adopting such a twin harms no one (the ownership rule for objects without a creation time,
 * ../dynamic/ownership). None: the POST was not applied, and is sent again. Several: doubt.
 */
async function findLostApp(ctx: ProviderContext, want: OAuth2AppInputs): Promise<CoderOAuth2App | undefined> {
  const twins = (await ctx.client.listOAuth2Apps()).filter(
    (a) =>
      !wasAppCreatedHere(a.id) &&
      a.name === want.name &&
      a.callbackUrl === want.callbackUrl &&
      a.icon === want.icon,
  );
  const unused: CoderOAuth2App[] = [];
  for (const app of twins) {
    if ((await ctx.client.listOAuth2AppSecrets(app.id)).length === 0) unused.push(app);
  }
  if (unused.length <= 1) return unused[0];
  // Two or more unused twins: at most one is the lost POST's, and nothing tells which.
  throw notCreatedByThisRun(
    `OAuth2 app "${want.name}"`,
    `${unused.length} identical apps without secrets: ${unused.map((a) => a.id).join(", ")}`,
    "Delete the ones nobody uses (`DELETE /api/v2/oauth2-provider/apps/{id}`) and run again.",
  );
}

function toOutputs(app: CoderOAuth2App): OAuth2AppOutputs {
  return {
    name: app.name,
    callbackUrl: app.callbackUrl,
    icon: app.icon,
    clientId: app.id,
    endpoints: app.endpoints,
  };
}
