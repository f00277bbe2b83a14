// IdP sync `mapping`: `{}` where coderd marshals a nil map through idpsync.*SyncSettings.MarshalJSON,
// and `null` only in the two places coderd copies a nil map into a plain codersdk struct
// (emulator/BEHAVIOUR.md, "IdP sync mapping").

import { describe, expect, it } from "vitest";
import { useEmulator } from "./harness";

const h = useEmulator();
const GROUPS = "/api/v2/organizations/coder/settings/idpsync/groups";
const ROLES = "/api/v2/organizations/coder/settings/idpsync/roles";
const ORGS = "/api/v2/settings/idpsync/organization";
const G1 = "1a2b3c4d-0000-4000-8000-000000000001";

describe("fresh deployment GETs return mapping {}", () => {
  it("group, role and organization sync", async () => {
    expect((await h.get(GROUPS)).text).toBe(
      '{"field":"","mapping":{},"regex_filter":null,"auto_create_missing_groups":false}\n',
    );
    expect((await h.get(ROLES)).text).toBe('{"field":"","mapping":{}}\n');
    expect((await h.get(ORGS)).text).toBe('{"field":"","mapping":{},"organization_assign_default":true}\n');
  });
});

describe("full PATCH with mapping null or omitted stores and returns {}", () => {
  it.each([
    ["group", GROUPS],
    ["role", ROLES],
    ["organization", ORGS],
  ])("%s sync", async (_kind, path) => {
    const omitted = await h.patch(path, { field: "f" });
    expect(omitted.status).toBe(200);
    expect(omitted.text).toContain('"mapping":{}');
    const explicitNull = await h.patch(path, { field: "f", mapping: null });
    expect(explicitNull.text).toContain('"mapping":{}');
    expect((await h.get(path)).text).toContain('"mapping":{}');
  });
});

describe("/config PATCH on a never-written organization", () => {
  it("group sync answers mapping null once, stores {}", async () => {
    const res = await h.patch(`${GROUPS}/config`, { field: "groups" });
    expect(res.text).toBe(
      '{"field":"groups","mapping":null,"regex_filter":null,"auto_create_missing_groups":false}\n',
    );
    expect((await h.get(GROUPS)).text).toContain('"mapping":{}');
    // Now something is stored: the next /config PATCH returns the stored {}.
    expect((await h.patch(`${GROUPS}/config`, { field: "g2" })).text).toContain('"mapping":{}');
  });

  it("role sync answers mapping null once, stores {}", async () => {
    expect((await h.patch(`${ROLES}/config`, { field: "roles" })).text).toBe(
      '{"field":"roles","mapping":null}\n',
    );
    expect((await h.get(ROLES)).text).toBe('{"field":"roles","mapping":{}}\n');
  });

  it("organization sync /config answers the deployment default {}", async () => {
    expect((await h.patch(`${ORGS}/config`, { field: "orgs", assign_default: false })).text).toBe(
      '{"field":"orgs","mapping":{},"organization_assign_default":false}\n',
    );
  });

  it("a /config PATCH after a write returns the stored mapping", async () => {
    await h.patch(GROUPS, { field: "g", mapping: { devs: [G1] } });
    expect((await h.patch(`${GROUPS}/config`, { field: "g" })).json.mapping).toEqual({ devs: [G1] });
  });
});

describe("/mapping PATCH always yields a map", () => {
  it("empty diff on a fresh org is {}; removing from a missing key is null", async () => {
    expect((await h.patch(`${ROLES}/mapping`, {})).text).toBe('{"field":"","mapping":{}}\n');
    const res = await h.patch(`${ROLES}/mapping`, { Remove: [{ Given: "ghost", Gets: "x" }] });
    expect(res.text).toBe('{"field":"","mapping":{"ghost":null}}\n');
  });
});
