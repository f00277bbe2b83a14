// Workspace proxies, adopted by name. Coder never shows a proxy token again, so adopting
// regenerates it: the one write the first `pulumi up` cannot avoid. The new token is a secret stack
// output, to restart the proxy with.

import type { ResourceExporter } from "../model";
import { camelIdentifier } from "../source";

export const workspaceProxyExporter: ResourceExporter = {
  kind: "WorkspaceProxy",
  async export(ctx) {
    for (const proxy of await ctx.client.listWorkspaceProxies()) {
      if (proxy.deleted) continue;
      if (proxy.name.toLowerCase() === "primary") {
        if (ctx.includeDefaults) {
          ctx.note({
            section: "not-brought-over",
            object: 'WorkspaceProxy "primary"',
            text: "the primary proxy is Coder itself and cannot be managed as a resource; configure it with coderd's own settings.",
          });
        }
        continue;
      }
      const variable = ctx.variable(camelIdentifier(proxy.name, "proxy"));
      const tokenOutput = ctx.variable(camelIdentifier(proxy.name, "proxy", "token"));
      ctx.declare({
        variable,
        type: "WorkspaceProxy",
        name: ctx.resourceName("WorkspaceProxy", proxy.name),
        comments: [
          "Adopting regenerates the proxy's token (Coder never shows it again): restart the proxy with " +
            `\`pulumi stack output ${tokenOutput} --show-secrets\` after the first \`pulumi up\`.`,
        ],
        args: {
          name: proxy.name,
          displayName: proxy.displayName,
          icon: proxy.iconUrl === "" ? undefined : proxy.iconUrl,
          adopt: true,
        },
        outputs: [{ name: tokenOutput, property: "proxyToken" }],
      });
      ctx.note({
        section: "first-up-writes",
        object: `WorkspaceProxy "${proxy.name}"`,
        text:
          "one `PATCH /api/v2/workspaceproxies/{id}` regenerating its token: unavoidable, because Coder never shows " +
          "a proxy token again and Pulumi must hold the token of a proxy it manages. The old token stops working: " +
          `restart the proxy with \`pulumi stack output ${tokenOutput} --show-secrets\`.`,
      });
    }
  },
};
