// codersdk.Entitlements (BEHAVIOUR.md "Entitlements") computed from the license mode and the uploaded licenses' claims. This is a
// simplification of enterprise/coderd/license.LicensesEntitlements: a feature is entitled when any
// unexpired license grants it (nonzero value or all_features), in grace period when the granting
// license is past license_expires but not yet past exp.

import { goTime } from "../http/goencode";
import type { Store } from "../state/store";
import { FEATURE_NAMES, LIMIT_FEATURES } from "./features";

export type Entitlement = "entitled" | "grace_period" | "not_entitled";

const RANK: Record<Entitlement, number> = { not_entitled: 0, grace_period: 1, entitled: 2 };

interface FeatureState {
  entitlement: Entitlement;
  limit?: number;
}

function featureStates(store: Store, nowMs: number): Map<string, FeatureState> {
  const out = new Map<string, FeatureState>();
  const all = store.licenseMode === "all";
  for (const name of FEATURE_NAMES) out.set(name, { entitlement: all ? "entitled" : "not_entitled" });
  if (all) return out;
  const nowSec = nowMs / 1000;
  for (const lic of store.licenses.values()) {
    const p = lic.parsed;
    if (nowSec > p.exp) continue;
    const level: Entitlement = nowSec > p.licenseExpires ? "grace_period" : "entitled";
    const grant = (name: string, limit?: number) => {
      const cur = out.get(name) ?? { entitlement: "not_entitled" };
      if (RANK[level] >= RANK[cur.entitlement]) cur.entitlement = level;
      if (limit !== undefined) cur.limit = Math.max(cur.limit ?? 0, limit);
      out.set(name, cur);
    };
    if (p.allFeatures) for (const name of FEATURE_NAMES) if (!LIMIT_FEATURES.has(name)) grant(name);
    for (const [name, value] of p.features) {
      if (value === 0) continue;
      grant(name, LIMIT_FEATURES.has(name) ? value : undefined);
    }
  }
  return out;
}

/** Whether a gated route is usable: entitled or in grace period. */
export function featureEnabled(store: Store, name: string, nowMs = Date.now()): boolean {
  if (store.licenseMode === "all") return true;
  if (store.licenses.size === 0) return false;
  const st = featureStates(store, nowMs).get(name);
  return st !== undefined && st.entitlement !== "not_entitled";
}

export function entitlementsBody(store: Store, nowMs = Date.now()): unknown {
  const states = featureStates(store, nowMs);
  const activeUsers = [...store.users.values()].filter((u) => u.status === "active").length;
  const features = new Map<string, unknown>();
  for (const [name, st] of states) {
    const enabled = st.entitlement !== "not_entitled";
    features.set(name, {
      entitlement: st.entitlement,
      enabled,
      limit: st.limit,
      // ai_governance_user_limit counts AI seats, which the emulator never assigns.
      actual:
        name === "user_limit"
          ? activeUsers
          : name === "ai_governance_user_limit" && st.limit !== undefined
            ? 0
            : undefined,
    });
  }
  let trial = false;
  for (const lic of store.licenses.values()) if (lic.parsed.trial) trial = true;
  return {
    features,
    warnings: [],
    errors: [],
    has_license: store.licenseMode === "all" || store.licenses.size > 0,
    trial,
    require_telemetry: false,
    refreshed_at: goTime(nowMs),
  };
}
