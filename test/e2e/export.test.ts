// Round trip of `pulumi-coderd export` through the real Pulumi engine: a realistic deployment is
// exported, the generated index.ts is type-checked and format-checked, then run as a stack against
// the same deployment. `pulumi up` must adopt everything with no write to Coder except the ones the
// generated README names as unavoidable, and `preview --refresh --expect-no-changes` must pass.
// The adopted stack is not destroyed: its state lives in the run directory, removed by cleanup().

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { runExport } from "../../provider/cli/export";
import { CoderClient } from "../../provider/client";
import { type SeededDeployment, seedDeployment } from "./export-seed";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext } from "./state-checks";
import { e2eUnavailableReason, REPO_ROOT } from "./workspace";

const unavailable = e2eUnavailableReason();
const PROJECT = "coderd-export-e2e";

/** What the resources manage, read through Coder's API: must be the same before and after `up`. */
async function managedState(api: CoderClient, d: SeededDeployment) {
  const groups = async (org: string) =>
    (await api.listGroups(org))
      .map((g) => ({
        name: g.name,
        displayName: g.displayName,
        avatarUrl: g.avatarUrl,
        quota: g.quotaAllowance,
        members: g.members.map((m) => m.username).sort(),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  const acl = async (t: string) => {
    const a = await api.getTemplateAcl(t);
    return {
      users: a.users.map((u) => `${u.username}:${u.role}`).sort(),
      groups: a.groups.map((g) => `${g.name}:${g.role}`).sort(),
    };
  };
  return {
    groups: { coder: await groups(d.orgs.coder), research: await groups(d.orgs.research) },
    groupSync: [
      await api.getGroupSyncSettings(d.orgs.coder),
      await api.getGroupSyncSettings(d.orgs.research),
    ],
    roleSync: [await api.getRoleSyncSettings(d.orgs.coder), await api.getRoleSyncSettings(d.orgs.research)],
    orgSync: await api.getOrganizationSyncSettings(),
    acls: [await acl(d.templates.docker), await acl(d.templates.kubernetes), await acl(d.templates.notebook)],
    licenses: (await api.listLicenses()).map((l) => l.uuid),
    proxies: (await api.listWorkspaceProxies()).map((p) => `${p.name}/${p.displayName}/${p.iconUrl}`),
    oauth2Apps: (await api.listOAuth2Apps()).map((a) => a.id),
    provisionerKeys: (await api.listProvisionerKeys(d.orgs.coder)).map((k) => k.name).sort(),
    organizations: (await api.listOrganizations()).map(
      (o) => `${o.name}/${o.displayName}/${o.description}/${o.icon}`,
    ),
    erin: await api.getUser(d.erin).then((u) => ({
      name: u.name,
      status: u.status,
      roles: u.roles.map((r) => r.name).sort(),
    })),
    researchRoles: (await api.listOrganizationMembers(d.orgs.research))
      .map((m) => `${m.username}:${m.roles.map((r) => r.name).join(",")}`)
      .sort(),
    appearance: await api.getAppearance(),
    sharing: [
      (await api.getWorkspaceSharingSettings(d.orgs.coder)).shareableWorkspaceOwners,
      (await api.getWorkspaceSharingSettings(d.orgs.research)).shareableWorkspaceOwners,
    ],
    notificationMethods: (await api.listNotificationTemplates("system")).map((t) => `${t.name}:${t.method}`),
    carolQuietHours: (await api.getUserQuietHoursSchedule(d.users.carol!)).rawSchedule,
    engAiBudget: (await api.getGroupAiBudget(d.groups.eng)).spendLimitMicros,
  };
}

describe.skipIf(unavailable)("engine e2e: pulumi-coderd export round trip", () => {
  let emu: RunningEmulator;
  let api: CoderClient;
  let seeded: SeededDeployment;
  let outDir: string;
  let stack: E2EStack;
  let stderr = "";

  beforeAll(async () => {
    emu = await startEmulator({ license: "all", experiments: ["oauth2"] });
    api = new CoderClient({ url: emu.url, token: emu.token });
    seeded = await seedDeployment(emu, api);
    outDir = path.join(REPO_ROOT, ".e2e", `export-${randomBytes(4).toString("hex")}`);
  });
  afterAll(async () => {
    stack?.cleanup();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
    await api?.close();
    await emu?.close();
  });

  it("exports every organization into a project with pinned versions and no secret in it", async () => {
    await emu.control.clearRequests();
    let stdout = "";
    const code = await runExport(["--all-organizations", "--out", outDir, "--project", PROJECT], {
      env: { CODER_URL: emu.url, CODER_SESSION_TOKEN: emu.token },
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      cwd: REPO_ROOT,
    });
    expect(code, stderr).toBe(0);
    expect(stdout.trim()).toBe(outDir);
    expect(stderr).toMatch(/reading Group objects/);
    // Export only reads.
    expect((await emu.control.requests()).filter((r) => r.method !== "GET")).toEqual([]);

    expect(fs.readdirSync(outDir).sort()).toEqual(
      [
        ".gitignore",
        "Pulumi.yaml",
        "README.md",
        "biome.json",
        "index.ts",
        "package.json",
        "tsconfig.json",
      ].sort(),
    );
    const own = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    const pkg = JSON.parse(fs.readFileSync(path.join(outDir, "package.json"), "utf8"));
    expect(pkg.dependencies).toEqual({
      "@pulumi/pulumi": own.devDependencies["@pulumi/pulumi"],
      "pulumi-coderd": own.version,
      typescript: own.devDependencies.typescript,
    });
    expect(fs.readFileSync(path.join(outDir, "Pulumi.yaml"), "utf8")).toContain(`name: ${PROJECT}`);

    const index = fs.readFileSync(path.join(outDir, "index.ts"), "utf8");
    const readme = fs.readFileSync(path.join(outDir, "README.md"), "utf8");
    for (const text of [index, readme]) {
      expect(text).not.toContain(seeded.licenseJwt);
      expect(text).not.toContain(emu.token);
    }
    // One variable per object, references instead of ids.
    expect(index).toContain('const coderEngGroup = new coderd.Group("coder-eng", {');
    expect(index).toContain("members: [aliceId, bobId],");
    expect(index).toContain('const aliceId = coderd.getUser({ username: "alice" }).then((u) => u.id);');
    expect(index).toContain('"okta-ops": [coderOpsGroup.id, coderEngGroup.id],');
    expect(index).toContain('regexFilter: "^okta-.*$",');
    expect(index).toContain("mapping: { eu: [coderOrgId], science: [researchOrg.id, coderOrgId] },");
    // Organizations and OIDC users are declared and referenced; password users stay lookups.
    expect(index).toContain('const researchOrg = new coderd.Organization("research", {');
    expect(index).toContain('const erinUser = new coderd.User("erin", {');
    expect(index).toContain("members: [carolId, erinUser.id],");
    expect(readme).toMatch(/\*\*Password users \(alice, bob, carol, dave\)\*\*: not declared/);
    expect(index).toContain('[coderEngGroup.id, "use"],');
    expect(index).toContain('license: config.requireSecret("licenseJwt"),');
    expect(index).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",/);
    // Not adoptable: listed, commented out, with what to do.
    expect(index).toMatch(/^\/\/ const grafanaApp = new coderd.OAuth2App\("grafana", \{$/m);
    expect(index).toMatch(/^\/\/ const k8sEuProvisionerKey = new coderd.ProvisionerKey\(/m);
    expect(readme).toContain("`licenseJwt`");
    expect(readme).toMatch(
      /\*\*OAuth2App "grafana" \(client id [^)]+, 1 client secret \([^)]+\)\)\*\*: cannot be adopted/,
    );
    expect(readme).toContain('**ProvisionerKey "k8s-eu" (organization coder)**: cannot be adopted');
    expect(readme).toContain('**WorkspaceProxy "eu-west"**: one `PATCH /api/v2/workspaceproxies/{id}`');
    expect(readme).toContain(
      '**TemplateAcl of template "kubernetes" (organization coder)**: at Coder\'s default',
    );
    expect(readme).toContain('**Group "Everyone" (organization research)**: at Coder\'s defaults');
  });

  it("writes an index.ts that type-checks against the package and passes biome format", () => {
    // Type-checked against the package's built typings (dist/, what the tarball ships).
    const typings = path.join(REPO_ROOT, "dist/provider/index.d.ts");
    if (!fs.existsSync(typings)) {
      execFileSync(
        process.execPath,
        [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
        {
          cwd: REPO_ROOT,
        },
      );
    }
    const checkDir = `${outDir}-typecheck`;
    fs.mkdirSync(checkDir, { recursive: true });
    try {
      fs.copyFileSync(path.join(outDir, "index.ts"), path.join(checkDir, "index.ts"));
      const tsconfig = JSON.parse(fs.readFileSync(path.join(outDir, "tsconfig.json"), "utf8"));
      tsconfig.compilerOptions.baseUrl = ".";
      tsconfig.compilerOptions.paths = { "pulumi-coderd": [typings] };
      tsconfig.compilerOptions.noEmit = true;
      fs.writeFileSync(path.join(checkDir, "tsconfig.json"), JSON.stringify(tsconfig));
      execFileSync(
        process.execPath,
        [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", checkDir],
        {
          encoding: "utf8",
        },
      );
    } catch (err) {
      throw new Error(
        `generated index.ts does not type-check:\n${(err as { stdout?: string }).stdout ?? err}`,
      );
    } finally {
      fs.rmSync(checkDir, { recursive: true, force: true });
    }
    // The project's own biome.json is the configuration (found first from its directory).
    const biome = path.join(REPO_ROOT, "node_modules/.bin/biome");
    try {
      execFileSync(biome, ["format", "index.ts", "package.json", "tsconfig.json", "biome.json"], {
        cwd: outDir,
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`biome format would change the generated project:\n${e.stdout}${e.stderr}`);
    }
  });

  it("pulumi up adopts everything, writing only what the README names as unavoidable", async () => {
    const before = await managedState(api, seeded);
    // The generated project as a user gets it: `npm install` of its package.json (pulumi-coderd from
    // the packed tarball), then `pulumi up` with the program type-checked.
    stack = new E2EStack({
      projectDir: outDir,
      freshInstall: true,
      typeCheck: true,
      target: emu,
      config: { [`${PROJECT}:licenseJwt`]: { value: seeded.licenseJwt, secret: true } },
    });
    await emu.control.clearRequests();
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    // 1 Organization, 1 User, 1 OrganizationMember, 1 License, 4 Groups, 2 proxies, 4 IdP sync
    // settings, 2 template ACLs, Appearance, 1 WorkspaceSharingSettings, 1 NotificationTemplateMethod,
    // 1 UserQuietHoursSchedule, 1 GroupAiBudget (+ the stack itself).
    expect(up.summary.resourceChanges).toEqual({ create: 22 });

    // Exactly the writes the README names, one each: `METHOD /api/v2/...{x}...` per named object.
    const writes = (await emu.control.requests()).filter((r) => r.method !== "GET");
    const readme = fs.readFileSync(path.join(outDir, "README.md"), "utf8");
    const section = readme.split("## What the first `pulumi up` writes to Coder")[1]!.split("\n## ")[0]!;
    const named: Record<string, number> = {};
    for (const m of section.matchAll(/^- \*\*[^\n]+?\*\*: one `([A-Z]+) (\/api\/v2\/[^`]+)`/gm)) {
      const route = `${m[1]} ${m[2]!.replace(/\{[^}]+\}/g, ":id")}`;
      named[route] = (named[route] ?? 0) + 1;
    }
    expect(named["PATCH /api/v2/workspaceproxies/:id"]).toBe(2);
    expect(Object.values(named).reduce((a, b) => a + b, 0)).toBe(8);
    expect(callCounts(writes)).toEqual(named);
    expect(
      writes
        .filter((w) => w.path.startsWith("/api/v2/workspaceproxies/"))
        .map((w) => w.path)
        .sort(),
    ).toEqual(seeded.proxies.map((id) => `/api/v2/workspaceproxies/${id}`).sort());

    // Nothing Coder holds changed (proxy tokens aside, which Coder does not show).
    expect(await managedState(api, seeded)).toEqual(before);
    // The regenerated tokens are secret outputs (revealed only through `secretOutputs`, to check
    // that no secret is in plaintext in the state).
    expect(up.outputs!.euWestProxyToken!.secret).toBe(true);
    expect(up.outputs!.usEastProxyToken!.secret).toBe(true);
    const shown = await stack.secretOutputs();
    const revealed = {
      license: seeded.licenseJwt,
      token: emu.token,
      euWest: shown.euWestProxyToken!.value as string,
      usEast: shown.usEastProxyToken!.value as string,
    };
    expect(revealed.euWest).toMatch(/\S{20,}/);
    expect(revealed.usEast).not.toBe(revealed.euWest);
    expectNoPlaintext(await stack.exportState(), revealed);
  });

  it("preview --refresh --expect-no-changes passes on the adopted stack, with no write", async () => {
    await emu.control.clearRequests();
    const preview = await stack.preview({}, { refresh: true, expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 22 });
    expect((await emu.control.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });
});
