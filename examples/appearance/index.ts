import * as coderd from "pulumi-coderd";

// Branding needs the license's `appearance` feature: preview fails clearly without it.
// (getEntitlements tells a program what the license includes.)
export const appearanceEntitled = coderd
  .getEntitlements()
  .then((e) => e.features.appearance?.entitled ?? false);

// One per deployment: destroying it restores Coder's defaults (no name, Coder's logo, no banners).
new coderd.Appearance("branding", {
  applicationName: "Acme Dev",
  logoUrl: "https://acme.example/logo.svg",
  announcementBanners: [
    // Shown on every page. backgroundColor is "#" + 6 hex digits, checked at preview.
    { message: "Maintenance window: Fridays 18:00 UTC", backgroundColor: "#004852" },
    // Kept, but hidden until enabled.
    { enabled: false, message: "Migration to the new cluster next week", backgroundColor: "#8B0000" },
  ],
});
