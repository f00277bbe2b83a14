// The deployment's appearance: a singleton that always exists, so the Appearance resource takes it
// over on create (one PUT of the whole appearance, here with the values it already has). Left out
// at Coder's defaults (no name, no logo, no banners) unless --include-defaults.

import { APPEARANCE_DEFAULTS } from "../../resources/appearance";
import type { ResourceExporter } from "../model";

export const appearanceExporter: ResourceExporter = {
  kind: "Appearance",
  async export(ctx) {
    const a = await ctx.client.getAppearance();
    const atDefaults =
      a.applicationName === APPEARANCE_DEFAULTS.applicationName &&
      a.logoUrl === APPEARANCE_DEFAULTS.logoUrl &&
      a.announcementBanners.length === 0;
    if (atDefaults && !ctx.includeDefaults) {
      ctx.note({
        section: "defaults-left-out",
        object: "Appearance",
        text: "at Coder's defaults (no application name, no logo, no banners); `--include-defaults` declares it.",
      });
      return;
    }
    ctx.declare({
      variable: ctx.variable("appearance"),
      type: "Appearance",
      name: ctx.resourceName("Appearance", "appearance"),
      comments: [
        "The deployment's branding: one per deployment. Destroying this resource puts Coder's default appearance back.",
      ],
      args: {
        applicationName: a.applicationName,
        logoUrl: a.logoUrl,
        announcementBanners: a.announcementBanners.map((b) => ({
          enabled: b.enabled,
          message: b.message,
          backgroundColor: b.backgroundColor,
        })),
      },
    });
    ctx.note({
      section: "first-up-writes",
      object: "Appearance",
      text: "one `PUT /api/v2/appearance` with the values it already has (the resource takes the singleton over by writing it whole).",
    });
  },
};
