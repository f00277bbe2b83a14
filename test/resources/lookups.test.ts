// Contract tests: the lookup functions against the emulator, configured through the env fallback
// (outside a Pulumi program `pulumi.Config` has no values).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { getGroup, getOrganization, getTemplate, getUser } from "../../provider";
import { resetLookups } from "../../provider/lookups";

let emu: RunningEmulator;
let seed: any;

beforeAll(async () => {
  emu = await startEmulator({ license: "all" });
  seed = await emu.control.seed();
  process.env.CODER_URL = emu.url;
  process.env.CODER_SESSION_TOKEN = emu.token;
  delete process.env.CODER_ORGANIZATION;
});
afterAll(async () => {
  await resetLookups();
  delete process.env.CODER_URL;
  delete process.env.CODER_SESSION_TOKEN;
  delete process.env.CODER_ORGANIZATION;
  await emu?.close();
});

const orgId = (name: string) => seed.organizations.find((o: any) => o.name === name).id;

describe("lookups", () => {
  it("getUser by username", async () => {
    const alice = await getUser({ username: "alice" });
    expect(alice.id).toBe(seed.users.find((u: any) => u.username === "alice").id);
    expect(alice.username).toBe("alice");
    await expect(getUser({ username: "nobody" })).rejects.toThrow('no Coder user named "nobody"');
    await expect(getUser({ username: "" })).rejects.toThrow("getUser: a non-empty name is required");
  });

  it("getOrganization by name", async () => {
    expect((await getOrganization({ name: "research" })).id).toBe(orgId("research"));
    await expect(getOrganization({ name: "nope" })).rejects.toThrow('no Coder organization named "nope"');
  });

  it("getTemplate in the default organization or a named one", async () => {
    const docker = await getTemplate({ name: "docker" });
    expect(docker.id).toBe(seed.templates.find((t: any) => t.name === "docker").id);
    expect(docker.organizationId).toBe(seed.defaultOrganizationId);
    const nb = await getTemplate({ organization: "research", name: "notebook" });
    expect(nb.organizationId).toBe(orgId("research"));
    await expect(getTemplate({ name: "notebook" })).rejects.toThrow(
      `no Coder template named "notebook" in organization ${seed.defaultOrganizationId}`,
    );
    await expect(getTemplate({ organization: "nope", name: "docker" })).rejects.toThrow(
      'no Coder organization named "nope"',
    );
  });

  it("getGroup: Everyone's id is the organization id; missing groups are a clear error", async () => {
    const everyone = await getGroup({ organization: "research", name: "Everyone" });
    expect(everyone.id).toBe(orgId("research"));
    await expect(getGroup({ name: "ghosts" })).rejects.toThrow(
      `no Coder group named "ghosts" in organization ${seed.defaultOrganizationId}`,
    );
  });

  it("follows CODER_ORGANIZATION like the resources do", async () => {
    process.env.CODER_ORGANIZATION = "research";
    try {
      expect((await getTemplate({ name: "notebook" })).organizationId).toBe(orgId("research"));
    } finally {
      delete process.env.CODER_ORGANIZATION;
    }
  });

  it("fails clearly without configuration", async () => {
    const url = process.env.CODER_URL;
    delete process.env.CODER_URL;
    try {
      await expect(getUser({ username: "alice" })).rejects.toThrow(/no Coder URL configured/);
    } finally {
      process.env.CODER_URL = url;
    }
  });
});
