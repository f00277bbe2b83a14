// OAuth2 apps and their secrets cannot be adopted: app names are not unique in Coder (nothing to
// find an app by) and client secrets are shown only once. Each app is listed as a commented-out
// declaration with what to do; nothing is declared, so the first `pulumi up` creates no twin.

import type { ResourceExporter } from "../model";
import { camelIdentifier } from "../source";

export const oauth2AppExporter: ResourceExporter = {
  kind: "OAuth2App",
  async export(ctx) {
    for (const app of await ctx.client.listOAuth2Apps()) {
      const secrets = await ctx.client.listOAuth2AppSecrets(app.id);
      const secretList =
        secrets.length === 0
          ? "no client secrets"
          : `${secrets.length} client secret${secrets.length > 1 ? "s" : ""} (${secrets
              .map((s) => `${s.clientSecretTruncated}…`)
              .join(", ")})`;
      const what = `OAuth2App "${app.name}" (client id ${app.id}, ${secretList})`;
      ctx.declare({
        variable: ctx.variable(camelIdentifier(app.name, "app")),
        type: "OAuth2App",
        name: ctx.resourceName("OAuth2App", app.name),
        commentedOut: true,
        comments: [
          `Not brought over: ${what}. OAuth2 apps cannot be adopted: their names are not unique in Coder and ` +
            "their client secrets are shown only once. To manage it with Pulumi, uncomment this (plus an " +
            "OAuth2AppSecret for it): `pulumi up` then creates a new app with a new client id and secret; move the " +
            "app's clients to those and delete the old app. Otherwise leave it as it is: Pulumi does not touch it.",
        ],
        args: { name: app.name, callbackUrl: app.callbackUrl, icon: app.icon === "" ? undefined : app.icon },
      });
      ctx.note({
        section: "not-brought-over",
        object: what,
        text:
          "cannot be adopted (names are not unique, client secrets are shown only once). index.ts has it as a " +
          "commented-out declaration: uncomment it (and add an OAuth2AppSecret) to replace it with a new app " +
          "managed by Pulumi, move its clients to the new client id and secret, then delete the old app.",
      });
    }
  },
};
