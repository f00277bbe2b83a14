// The Appearance class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/appearance.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { licenseDependencyInput, resourceOptions } from "../dynamic/resource-options";
import type { AppearanceArgs, BannerInputs } from "../resources/appearance";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as appearanceShim from "../shims/appearance";

// The arguments are declared next to the implementation that validates them.
export type { AnnouncementBannerArgs, AppearanceArgs } from "../resources/appearance";

/**
 * The deployment's branding and announcement banners (Enterprise: needs the `appearance`
 * feature). One per deployment: creating it replaces the current appearance, destroying it
 * restores Coder's defaults (no name, default logo, no banners). The support links and docs URL
 * are server flags, not managed here.
 *
 * ```ts
 * new coderd.Appearance("branding", { applicationName: "Acme Dev", logoUrl: "https://acme.example/logo.svg",
 *   announcementBanners: [{ message: "Maintenance Friday 18:00 UTC", backgroundColor: "#004852" }] });
 * ```
 */
export class Appearance extends pulumi.dynamic.Resource {
  declare readonly applicationName: pulumi.Output<string>;
  declare readonly logoUrl: pulumi.Output<string>;
  declare readonly announcementBanners: pulumi.Output<BannerInputs[]>;

  constructor(name: string, args: AppearanceArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      appearanceShim,
      name,
      {
        applicationName: undefined,
        logoUrl: undefined,
        announcementBanners: undefined,
        ...args,
        ...licenseDependencyInput(opts),
      },
      resourceOptions(opts),
      "coderd",
      "Appearance",
    );
  }
}
