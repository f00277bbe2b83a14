// Appearance (enterprise/coderd/appearance.go, semantics-next §1): GET answers the stored values only
// when the license has `appearance` (otherwise Coder's AGPL defaults); PUT is not license-gated, is
// owner-only (checked before the body is read) and replaces everything. support_links and docs_url
// are deployment config, never stored through PUT.

import { T } from "../http/godecode";
import { apiError, ok, type Reply } from "../http/response";
import type { Mount } from "../http/router";
import { featureEnabled } from "../licensing/entitlements";
import type { BannerRecord } from "../state/records";
import { isOwner, type RequestContext, readBody } from "./context";
import { apiKey } from "./middleware";

const BANNER = T.struct("BannerConfig", { enabled: T.bool, message: T.string, background_color: T.string });
const UPDATE_APPEARANCE = T.struct("UpdateAppearanceConfig", {
  application_name: T.string,
  logo_url: T.string,
  service_banner: BANNER,
  announcement_banners: T.slice(BANNER),
});

interface BannerWire {
  enabled: boolean;
  message: string;
  background_color: string;
}
interface UpdateAppearanceRequest {
  application_name: string;
  logo_url: string;
  service_banner: BannerWire;
  announcement_banners: BannerWire[] | null;
}

export function registerAppearanceRoutes(api: Mount<RequestContext>): void {
  api.mount("appearance", [apiKey], (m) => {
    m.get("", getAppearance);
    m.put("", putAppearance);
  });
}

/** BannerConfig on the wire: message and background_color are omitempty. */
function bannerView(b: { enabled: boolean; message: string; backgroundColor: string }) {
  const out: Record<string, unknown> = { enabled: b.enabled };
  if (b.message) out["message"] = b.message;
  if (b.backgroundColor) out["background_color"] = b.backgroundColor;
  return out;
}

function defaultSupportLinks(docsUrl: string, version: string) {
  return [
    { name: "Documentation", target: docsUrl, icon: "docs" },
    {
      name: "Report a bug",
      target: `https://github.com/coder/coder/issues/new?labels=needs+triage&body=Version: [\`${version}\`](https://github.com/coder/coder/commit/)`,
      icon: "bug",
    },
    { name: "Join the Coder Discord", target: "https://discord.gg/coder", icon: "chat" },
    { name: "Star the Repo", target: "https://github.com/coder/coder", icon: "star" },
  ];
}

function getAppearance(ctx: RequestContext): Reply {
  const store = ctx.store;
  const docsUrl = store.deploymentOptions.docsUrl;
  const supportLinks = defaultSupportLinks(docsUrl, ctx.core.version);
  if (!featureEnabled(store, "appearance", ctx.now)) {
    // The AGPL fetcher: fixed defaults whatever is stored.
    return ok({
      application_name: "",
      logo_url: "",
      docs_url: docsUrl,
      service_banner: { enabled: false },
      announcement_banners: [],
      support_links: supportLinks,
    });
  }
  const a = store.appearance;
  const banners = a.announcementBanners.map(bannerView);
  return ok({
    application_name: a.applicationName,
    logo_url: a.logoUrl,
    docs_url: docsUrl,
    service_banner: banners[0] ?? { enabled: false },
    announcement_banners: banners,
    support_links: supportLinks,
  });
}

/** validateHexColor: exactly 7 bytes, "#", then 6 bytes encoding/hex accepts (either case). */
function hexColorProblem(color: string): string | undefined {
  if (Buffer.byteLength(color, "utf8") !== 7) return "expected # prefix and 6 characters";
  if (!color.startsWith("#")) return "no # prefix";
  for (const ch of color.slice(1)) {
    if (!/[0-9a-fA-F]/.test(ch)) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      return `encoding/hex: invalid byte: U+${code} ${goRune(ch)}`;
    }
  }
  return undefined;
}

/** Go's %q (the same as JSON quoting for the printable ASCII a colour is made of). */
const goQuote = (s: string) => JSON.stringify(s);

/** The quoted rune of encoding/hex's InvalidByteError (%#U). */
const goRune = (ch: string) => `'${ch}'`;

function putAppearance(ctx: RequestContext): Reply {
  if (!isOwner(ctx)) throw apiError(403, "Insufficient permissions to update appearance");
  const req = readBody<UpdateAppearanceRequest>(ctx, UPDATE_APPEARANCE);
  const banners = req.announcement_banners ?? [];
  for (const b of banners) {
    const problem = hexColorProblem(b.background_color);
    if (problem) throw apiError(400, `Invalid color format: ${goQuote(b.background_color)}`, problem);
  }
  const stored: BannerRecord[] = banners.map((b) => ({
    enabled: b.enabled,
    message: b.message,
    backgroundColor: b.background_color,
  }));
  ctx.store.appearance = {
    applicationName: req.application_name,
    logoUrl: req.logo_url,
    announcementBanners: stored,
  };
  // The request echoed back (service_banner is echoed but never stored).
  return ok({
    application_name: req.application_name,
    logo_url: req.logo_url,
    service_banner: bannerView({
      enabled: req.service_banner.enabled,
      message: req.service_banner.message,
      backgroundColor: req.service_banner.background_color,
    }),
    announcement_banners: stored.map(bannerView),
  });
}
