import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import type { Appearance as CoderAppearance } from "../client";
import { defineResourceProvider } from "../dynamic/define-provider";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.

/** The resource id: there is one appearance per deployment. */
export const APPEARANCE_ID = "deployment/appearance";

/** One announcement banner shown at the top of every Coder page. */
export interface AnnouncementBannerArgs {
  /** Show the banner (default true: declaring a banner means showing it; false keeps it stored but hidden). */
  enabled?: pulumi.Input<boolean>;
  /** The text (Markdown), default "". */
  message?: pulumi.Input<string>;
  /** `#` followed by exactly 6 hex digits, e.g. `#004852`. Required: Coder rejects a banner without one, even a disabled one. */
  backgroundColor: pulumi.Input<string>;
}

/** Arguments of an {@link Appearance}. */
export interface AppearanceArgs {
  /** The name shown instead of "Coder" (default "": Coder's own name). */
  applicationName?: pulumi.Input<string>;
  /** URL of the logo shown on the login page and the dashboard (default "": Coder's logo). Not validated by Coder. */
  logoUrl?: pulumi.Input<string>;
  /** Announcement banners, in display order (default []: none). */
  announcementBanners?: pulumi.Input<pulumi.Input<AnnouncementBannerArgs>[]>;
}

export interface BannerInputs {
  enabled: boolean;
  message: string;
  backgroundColor: string;
}

interface AppearanceInputs {
  applicationName: string;
  logoUrl: string;
  announcementBanners: BannerInputs[];
}

type AppearanceOutputs = AppearanceInputs;

/** Coder's validateHexColor: exactly `#` + 6 hex digits (either case), checked for every banner. */
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

const bannerInputs = z.object({
  enabled: z.boolean().default(true),
  message: z.string().default(""),
  backgroundColor: z
    .string({ message: 'is required: "#" followed by 6 hex digits, e.g. "#004852"' })
    .regex(HEX_COLOR, 'must be "#" followed by exactly 6 hex digits, e.g. "#004852" (Coder\'s colour rule)'),
});

const appearanceInputs = z.object({
  applicationName: z.string().default(""),
  logoUrl: z.string().default(""),
  announcementBanners: z.array(bannerInputs).default([]),
});

/** What a fresh deployment has, and what destroying the resource restores. */
export const APPEARANCE_DEFAULTS: AppearanceInputs = {
  applicationName: "",
  logoUrl: "",
  announcementBanners: [],
};

function toOutputs(a: CoderAppearance | AppearanceInputs): AppearanceOutputs {
  return {
    applicationName: a.applicationName,
    logoUrl: a.logoUrl,
    announcementBanners: a.announcementBanners.map((b) => ({
      enabled: b.enabled,
      message: b.message,
      backgroundColor: b.backgroundColor,
    })),
  };
}

/**
 * The provider implementation, loaded by package path inside the dynamic-provider host.
 *
 * @internal
 */
export const appearanceProvider = defineResourceProvider<AppearanceInputs, AppearanceOutputs>({
  typeName: "Appearance",
  inputs: appearanceInputs as unknown as z.ZodType<AppearanceInputs>,
  inputKeys: ["applicationName", "logoUrl", "announcementBanners"],
  // Coder stores appearance without the feature (PUT is not gated), but GET then answers the
  // defaults: the settings would never show and would always look drifted. So preview fails
  // unless the license has `appearance` (or a License in dependsOn is created in the same update).
  feature: { name: "appearance", humanName: "Appearance (branding and announcement banners)" },
  async create(ctx, inputs) {
    // A singleton: "creating" declares the deployment's appearance, replacing what was there
    // (Coder's PUT is a full replace). The PUT's answer echoes the request, so no read-back.
    await ctx.client.updateAppearance(inputs);
    return { id: APPEARANCE_ID, outs: toOutputs(inputs) };
  },
  async read(ctx) {
    return toOutputs(await ctx.client.getAppearance());
  },
  async update(ctx, _id, _olds, news) {
    await ctx.client.updateAppearance(news);
    return toOutputs(news);
  },
  async delete(ctx) {
    // Back to a fresh deployment's appearance (Coder has no DELETE: a PUT of the defaults).
    await ctx.client.updateAppearance(APPEARANCE_DEFAULTS);
  },
});
