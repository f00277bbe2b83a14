import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { type OAuth2App as CoderOAuth2App, ForbiddenError } from "../client";
import type { OAuth2AppEndpoints } from "../client/schemas/entities";
import { createConverging } from "../dynamic/converge";
import { defineResourceProvider, type ProviderContext } from "../dynamic/define-provider";
import { resourceOptions } from "../dynamic/resource-options";
import { coderName, httpUrl } from "../dynamic/validation";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as oauth2AppShim from "../shims/oauth2-app";
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
 * Coder answers 403 on the OAuth2 provider routes when the feature is gated (older Enterprise
 * builds: license or dev build; mid-2025 builds: the `oauth2` experiment) or the user is not an
 * owner. The server's own message is kept; this adds what to do about it.
 *
 * @internal
 */
export async function explainOAuth2Gate<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof ForbiddenError) {
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
    return toOutputs(await explainOAuth2Gate("read an OAuth2 app", () => ctx.client.getOAuth2App(id)));
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
 * adopting such a twin harms no one. None: the POST was not applied, and is sent again.
 */
async function findLostApp(ctx: ProviderContext, want: OAuth2AppInputs): Promise<CoderOAuth2App | undefined> {
  const twins = (await ctx.client.listOAuth2Apps()).filter(
    (a) =>
      !wasAppCreatedHere(a.id) &&
      a.name === want.name &&
      a.callbackUrl === want.callbackUrl &&
      a.icon === want.icon,
  );
  for (const app of twins) {
    if ((await ctx.client.listOAuth2AppSecrets(app.id)).length === 0) return app;
  }
  return undefined;
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

/**
 * An OAuth2 application registered with Coder's OAuth2 provider (Coder acts as the identity
 * provider for the app). Pair it with an {@link OAuth2AppSecret} for the client secret.
 *
 * ```ts
 * const app = new coderd.OAuth2App("grafana", { name: "grafana", callbackUrl: "https://grafana.example.com/login/generic_oauth" });
 * const secret = new coderd.OAuth2AppSecret("grafana", { appId: app.id });
 * // app.clientId, secret.clientSecret (secret), app.endpoints.authorization / token
 * ```
 */
export class OAuth2App extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly callbackUrl: pulumi.Output<string>;
  declare readonly icon: pulumi.Output<string>;
  /** The OAuth2 client id (the app's id in Coder). */
  declare readonly clientId: pulumi.Output<string>;
  /** Coder's OAuth2 endpoints for this deployment (deviceAuthorization is "" when unsupported). */
  declare readonly endpoints: pulumi.Output<OAuth2AppEndpoints>;

  constructor(name: string, args: OAuth2AppArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      oauth2AppShim,
      name,
      { icon: undefined, ...args, clientId: undefined, endpoints: undefined },
      resourceOptions(opts),
      "coderd",
      "OAuth2App",
    );
  }
}
