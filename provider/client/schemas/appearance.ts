import { z } from "zod/v3";
import { bool, list, str, type WireSchema } from "./common";

/** codersdk.BannerConfig; `message`/`background_color` are omitempty on the wire (→ ""). */
export interface Banner {
  enabled: boolean;
  message: string;
  backgroundColor: string;
}

export const BannerSchema: WireSchema<Banner> = z
  .object({ enabled: bool, message: str, background_color: str })
  .transform((o) => ({ enabled: o.enabled, message: o.message, backgroundColor: o.background_color }));

/** codersdk.AppearanceConfig as GET /appearance answers it (only the parts a program can set, plus docs_url). */
export interface Appearance {
  applicationName: string;
  logoUrl: string;
  docsUrl: string;
  announcementBanners: Banner[];
}

export const AppearanceSchema: WireSchema<Appearance> = z
  .object({
    application_name: str,
    logo_url: str,
    docs_url: str,
    announcement_banners: list(BannerSchema),
  })
  .transform((o) => ({
    applicationName: o.application_name,
    logoUrl: o.logo_url,
    docsUrl: o.docs_url,
    announcementBanners: o.announcement_banners,
  }));

/** codersdk.UpdateAppearanceConfig: a full replace (omitted = "" / []). */
export interface UpdateAppearanceRequest {
  applicationName: string;
  logoUrl: string;
  announcementBanners: Banner[];
}
