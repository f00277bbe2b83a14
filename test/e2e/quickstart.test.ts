import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext, providerSizes } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

// The README's quickstart program, exactly as shipped in examples/quickstart, on an unlicensed
// deployment: the License it creates unlocks everything else in the same `pulumi up`.
describe.skipIf(unavailable)("engine e2e: examples/quickstart", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let jwt: string;

  beforeAll(async () => {
    // The quickstart creates an OAuth2 app: enable Coder's oauth2 experiment, as its README says.
    emu = await startEmulator({ license: "none", experiments: ["oauth2"] });
    jwt = (await emu.control.mintLicense({})).jwt;
    // The project directory as shipped (Pulumi.yaml, package.json, index.ts).
    stack = new E2EStack({
      projectDir: "examples/quickstart",
      target: emu,
      config: { "pulumi-coderd-quickstart:licenseJwt": { value: jwt, secret: true } },
    });
  });
  afterAll(async () => {
    stack?.cleanup();
    await emu?.close();
  });

  it("creates every resource, keeps every secret out of state, and destroys cleanly", async () => {
    await emu.control.clearRequests();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 12 }); // 11 resources and the stack;
    console.log("quickstart create calls:", callCounts(await emu.control.requests()));

    await emu.control.clearRequests();
    await stack.preview({}, { expectNoChanges: true, refresh: true });
    console.log("quickstart preview --refresh calls:", callCounts(await emu.control.requests()));

    const outputs = await stack.secretOutputs();
    for (const name of ["provisionerKey", "proxyToken", "grafanaClientSecret"]) {
      expect(outputs[name]?.secret, `${name} is a secret output`).toBe(true);
      expect(String(outputs[name]?.value ?? "")).not.toBe("");
    }
    const secrets = {
      "session token": emu.token,
      "license JWT": jwt,
      "provisioner key": outputs.provisionerKey?.value,
      "proxy token": outputs.proxyToken?.value,
      "OAuth2 client secret": outputs.grafanaClientSecret?.value,
    };
    const exported = await stack.exportState();
    expectNoPlaintext(exported, secrets);
    expectNoPlaintext(stack.stateFilesText(), secrets);
    const sizes = providerSizes(exported);
    console.log("quickstart __provider bytes:", sizes);
    expect(Object.keys(sizes)).toHaveLength(11);
    // Installed from npm, each provider is stored as a require of its shim module, not as code.
    for (const [name, bytes] of Object.entries(sizes)) expect(bytes, name).toBeLessThan(512);

    await stack.destroy();
    const counts = (await emu.control.state()).counts;
    console.log("emulator objects after destroy:", counts);
    const state = await emu.control.state();
    expect(state.licenses).toEqual([]);
    expect(state.oauth2Apps).toEqual([]);
    expect(state.provisionerKeys).toEqual([]);
    expect((state.workspaceProxies as any[]).filter((p) => !p.deleted)).toEqual([]);
    expect((state.groups as any[]).map((g) => g.name).sort()).toEqual(["Everyone", "Everyone"]);
    // Singleton settings are back at Coder's defaults.
    expect(state.appearance).toEqual({ applicationName: "", logoUrl: "", announcementBanners: [] });
    expect(Object.values(state.workspaceSharing as Record<string, string>)).toEqual(["everyone"]);
  });
});
