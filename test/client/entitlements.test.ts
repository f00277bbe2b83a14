import { describe, expect, it } from "vitest";
import type { Entitlements } from "../../provider/client";
import { EntitlementChecker, FeatureNotEntitledError, humanizeFeature } from "../../provider/client";

const ents = (features: Entitlements["features"]): Entitlements => ({
  features,
  hasLicense: true,
  trial: false,
  requireTelemetry: false,
  errors: [],
  warnings: [],
  refreshedAt: null,
});

describe("EntitlementChecker", () => {
  it("caches within the TTL and shares in-flight requests", async () => {
    let now = 0;
    let calls = 0;
    const c = new EntitlementChecker(
      async () => {
        calls++;
        return ents({ template_rbac: { entitlement: "entitled", enabled: true, limit: null, actual: null } });
      },
      10_000,
      () => now,
    );
    const [a, b] = await Promise.all([c.isEntitled("template_rbac"), c.isEntitled("workspace_proxy")]);
    expect([a, b, calls]).toEqual([true, false, 1]);
    now = 9_999;
    await c.isEntitled("template_rbac");
    expect(calls).toBe(1);
    now = 10_000;
    await c.isEntitled("template_rbac");
    expect(calls).toBe(2);
    c.invalidate();
    await c.isEntitled("template_rbac");
    expect(calls).toBe(3);
  });
  it("does not cache failures", async () => {
    let calls = 0;
    const c = new EntitlementChecker(async () => {
      calls++;
      if (calls === 1) throw new Error("down");
      return ents({});
    });
    await expect(c.isEntitled("x")).rejects.toThrow("down");
    await expect(c.isEntitled("x")).resolves.toBe(false);
  });
  it("treats not_entitled or disabled features as missing", async () => {
    const c = new EntitlementChecker(async () =>
      ents({
        a: { entitlement: "not_entitled", enabled: true, limit: null, actual: null },
        b: { entitlement: "entitled", enabled: false, limit: null, actual: null },
        g: { entitlement: "grace_period", enabled: true, limit: null, actual: null },
      }),
    );
    expect(await c.isEntitled("a")).toBe(false);
    expect(await c.isEntitled("b")).toBe(false);
    expect(await c.isEntitled("g")).toBe(true);
  });
  it("requireFeature throws a readable FeatureNotEntitledError", async () => {
    const c = new EntitlementChecker(async () => ents({}));
    const err = await c.requireFeature("workspace_proxy", "WorkspaceProxy eu").catch((e) => e);
    expect(err).toBeInstanceOf(FeatureNotEntitledError);
    expect(err.message).toMatch(
      /^this deployment's license does not include Workspace Proxy \(feature "workspace_proxy"\), which WorkspaceProxy eu needs\. Upload a license with a coderd\.License resource/,
    );
  });
  it("humanizes like coderd", () => {
    expect(humanizeFeature("template_rbac")).toBe("Template RBAC");
    expect(humanizeFeature("external_provisioner_daemons")).toBe("External Provisioner Daemons");
    expect(humanizeFeature("scim")).toBe("SCIM");
  });
});
