// Licenses: Coder never shows a license's JWT again, so each becomes a config secret the user sets
// (the README names it), and `adopt: true` makes the first `up` find the uploaded license by the
// JWT's `jti` instead of uploading it a second time.

import type { ResourceExporter } from "../model";

const day = (epochSeconds: unknown) =>
  typeof epochSeconds === "number" ? new Date(epochSeconds * 1000).toISOString().slice(0, 10) : "unknown";

export const licenseExporter: ResourceExporter = {
  kind: "License",
  async export(ctx) {
    const licenses = (await ctx.client.listLicenses()).sort((a, b) => a.id - b.id);
    const now = Date.now() / 1000;
    let n = 0;
    for (const lic of licenses) {
      const claims = (lic.claims ?? {}) as Record<string, unknown>;
      const expires = typeof claims.license_expires === "number" ? claims.license_expires : claims.exp;
      const what = `License ${lic.uuid} (id ${lic.id}, expires ${day(expires)})`;
      if (typeof claims.exp === "number" && claims.exp < now) {
        ctx.note({
          section: "not-brought-over",
          object: what,
          text:
            "expired: Coder ignores it and rejects uploads of expired licenses, so it cannot be declared. " +
            `Remove it with \`coder licenses delete ${lic.id}\` when you no longer need its record.`,
        });
        continue;
      }
      n++;
      const suffix = n === 1 ? "" : String(n);
      const key = `licenseJwt${suffix}`;
      ctx.declare({
        variable: ctx.variable(`license${suffix}`, "license"),
        type: "License",
        name: ctx.resourceName("License", `license${suffix ? `-${suffix}` : ""}`),
        comments: [
          `License ${lic.uuid}${claims.account_id ? ` of account ${String(claims.account_id)}` : ""}, ` +
            `expires ${day(expires)}. Its JWT is the config secret ${key}; adopt finds the uploaded license by ` +
            "the JWT's jti (its uuid) instead of uploading it again.",
        ],
        args: {
          license: ctx.secret({
            key,
            description: `the JWT of license ${lic.uuid} (uploaded ${lic.uploadedAt.slice(0, 10)}, expires ${day(expires)}): Coder never shows it again, so take it from where you got it (the license file or e-mail from Coder). With another JWT, the first \`pulumi up\` would upload that one as a new license.`,
          }),
          adopt: true,
        },
      });
    }
  },
};
