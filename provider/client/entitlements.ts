// Client-side license checks. One GET /entitlements per TTL window (default 10 s) and per client,
// with concurrent callers sharing the in-flight request, so a `pulumi preview` touching many
// resources costs one request per process.

import { FeatureNotEntitledError, licenseLacksFeature } from "./errors";
import type { Entitlements } from "./schemas/meta";

/** Coder's `FeatureName.Humanize()`: template_rbac → "Template RBAC", others title-cased. */
export function humanizeFeature(feature: string): string {
  switch (feature) {
    case "template_rbac":
      return "Template RBAC";
    case "scim":
      return "SCIM";
    case "aibridge":
      return "AI Gateway";
    default:
      return feature
        .split("_")
        .filter((w) => w !== "")
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join(" ");
  }
}

export function isFeatureEntitled(ents: Entitlements, feature: string): boolean {
  const f = ents.features[feature];
  if (!f) return false;
  return f.enabled && f.entitlement !== "not_entitled";
}

export class EntitlementChecker {
  private cache?: { at: number; value: Promise<Entitlements> };

  constructor(
    private readonly fetchEntitlements: () => Promise<Entitlements>,
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Cached entitlements (shared in-flight request; failures are not cached). */
  get(): Promise<Entitlements> {
    const t = this.now();
    if (this.cache && t - this.cache.at < this.ttlMs) return this.cache.value;
    const value = this.fetchEntitlements();
    const entry = { at: t, value };
    this.cache = entry;
    value.catch(() => {
      if (this.cache === entry) this.cache = undefined;
    });
    return value;
  }

  /** Forget cached entitlements (after a license was added or removed). */
  invalidate(): void {
    this.cache = undefined;
  }

  async isEntitled(feature: string): Promise<boolean> {
    return isFeatureEntitled(await this.get(), feature);
  }

  /** Throws FeatureNotEntitledError "this deployment's license does not include X (needed for Y)". */
  async requireFeature(feature: string, what: string): Promise<void> {
    if (await this.isEntitled(feature)) return;
    const human = humanizeFeature(feature);
    const message = licenseLacksFeature({ feature: human, key: feature, neededFor: what });
    throw new FeatureNotEntitledError({
      status: 403,
      method: "CHECK",
      path: "/api/v2/entitlements",
      coderMessage: message,
      feature: human,
      message,
    });
  }
}
