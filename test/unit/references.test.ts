// Referenced objects and expected failures: a missing object is a problem of the property that
// names it, and no expected failure (404, 401, 403) is printed with a JavaScript stack trace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { withoutStackTrace } from "../../provider/dynamic/expected-failures";
import { resetRuntime } from "../../provider/dynamic/runtime";
import { groupProvider } from "../../provider/resources/group";
import { oauth2AppSecretProvider } from "../../provider/resources/oauth2-app-secret";
import { provisionerKeyProvider } from "../../provider/resources/provisioner-key";
import { templateAclProvider } from "../../provider/resources/template-acl";
import { startProviderEnvironment, stopProviderEnvironment } from "../resources/provider-env";

const missing = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
let emu: RunningEmulator;
let api: CoderClient;

beforeAll(async () => {
  ({ emu, api } = await startProviderEnvironment("all", { experiments: ["oauth2"] }));
  await emu.control.seed();
});
afterAll(() => stopProviderEnvironment({ emu, api }));

/** How the dynamic-provider host prints a failed check/read/delete: `${e}: ${e.stack}`. */
const printed = (e: unknown) => `${e}: ${(e as Error).stack}`;
const STACK_FRAME = /\n\s+at /;

describe("id-valued inputs naming missing objects are property problems at check", () => {
  it("TemplateAcl templateId", async () => {
    const res = await templateAclProvider.check!({}, { templateId: missing });
    expect(res.failures).toEqual([
      { property: "templateId", reason: `template with ID ${missing} does not exist` },
    ]);
  });

  it("OAuth2AppSecret appId", async () => {
    const res = await oauth2AppSecretProvider.check!({}, { appId: missing });
    expect(res.failures).toEqual([
      { property: "appId", reason: `OAuth2 app with ID ${missing} does not exist` },
    ]);
  });

  it("an explicit organizationId (Group, ProvisionerKey), only when new", async () => {
    const expected = [
      { property: "organizationId", reason: `organization with ID ${missing} does not exist` },
    ];
    expect((await groupProvider.check!({}, { name: "g", organizationId: missing })).failures).toEqual(
      expected,
    );
    expect(
      (await provisionerKeyProvider.check!({}, { name: "k", organizationId: missing })).failures,
    ).toEqual(expected);
    // Unchanged since the previous inputs: not looked up again.
    await emu.control.clearRequests();
    const olds = {
      name: "g",
      organizationId: missing,
      displayName: "",
      avatarUrl: "",
      quotaAllowance: 0,
      adopt: false,
    };
    const again = await groupProvider.check!(olds, { name: "g", organizationId: missing });
    expect(again.failures ?? []).toEqual([]);
    expect(await emu.control.requests()).toEqual([]);
  });
});

describe("expected failures carry no stack trace", () => {
  it("a 401 at check and at refresh is one message naming the token", async () => {
    process.env.CODER_SESSION_TOKEN = "bad-token-value-123";
    resetRuntime();
    try {
      const err = await templateAclProvider.check!({}, { templateId: missing }).catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect(printed(err)).not.toMatch(STACK_FRAME);
      expect(printed(err)).toMatch(/^coderd:TemplateAcl check failed: GET \/api\/v2\/templates\/.* HTTP 401/);
      expect(printed(err)).toMatch(/CODER_SESSION_TOKEN/);

      const readErr = await groupProvider.read!(missing, { organizationId: missing }).catch((e) => e);
      expect(printed(readErr)).not.toMatch(STACK_FRAME);
      expect(printed(readErr)).toMatch(/^coderd:Group refresh failed: /);
    } finally {
      process.env.CODER_SESSION_TOKEN = emu.token;
      resetRuntime();
    }
  });

  it("a 403 (missing license feature) at delete has no stack trace", async () => {
    await emu.control.setLicenseMode("none");
    resetRuntime();
    try {
      const err = await groupProvider.delete!(missing, { organizationId: "x" }).catch((e) => e);
      expect(printed(err)).not.toMatch(STACK_FRAME);
      expect(printed(err)).toMatch(/does not include Template RBAC/);
    } finally {
      await emu.control.setLicenseMode("all");
      resetRuntime();
    }
  });

  it("a programming error keeps its stack (that is what a bug report needs)", () => {
    const bug = new TypeError("x is undefined");
    expect(withoutStackTrace(bug, "Group", "create")).toBe(bug);
    expect(printed(bug)).toMatch(STACK_FRAME);
  });
});
