// Coder's experiment gate: classifying its 403 and deciding, before any write, whether the OAuth2
// provider routes are gated (emulator/BEHAVIOUR.md "OAuth2 provider apps").
import { describe, expect, it } from "vitest";
import { ExperimentChecker, ExperimentNotEnabledError, ForbiddenError } from "../../provider/client";
import { errorFromResponse } from "../../provider/client/errors";

const mk403 = (message: string) =>
  errorFromResponse({
    status: 403,
    method: "GET",
    path: "/api/v2/oauth2-provider/apps",
    bodyText: JSON.stringify({ message }),
  });

describe("the experiment gate's 403", () => {
  it.each([
    [
      "v2.30",
      "OAuth2 Provider Functionality functionality requires enabling the 'oauth2' experiment.",
      ["oauth2"],
    ],
    [
      "several",
      "This functionality requires enabling the following experiments: oauth2, mcp-server-http",
      ["oauth2", "mcp-server-http"],
    ],
    ["mid-2025", "Experiment 'oauth2' is required but not enabled", ["oauth2"]],
  ])("%s message → ExperimentNotEnabledError naming CODER_EXPERIMENTS", (_v, message, experiments) => {
    const err = mk403(message);
    expect(err).toBeInstanceOf(ExperimentNotEnabledError);
    expect((err as ExperimentNotEnabledError).experiments).toEqual(experiments);
    expect(err.message).toContain(message);
    expect(err.message).toContain(`CODER_EXPERIMENTS=${experiments.join(",")}`);
  });

  it("other 403s stay plain ForbiddenErrors", () => {
    const err = mk403("Forbidden.");
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).not.toBeInstanceOf(ExperimentNotEnabledError);
  });
});

describe("ExperimentChecker", () => {
  const gate = () =>
    Promise.reject(
      mk403("OAuth2 Provider Functionality functionality requires enabling the 'oauth2' experiment."),
    );

  it("listed in GET /experiments: not gated, no probe", async () => {
    let probes = 0;
    const c = new ExperimentChecker(async () => ["OAuth2"]);
    expect(await c.isGated("oauth2", async () => probes++)).toBe(false);
    expect(probes).toBe(0);
  });

  it("not listed and the probe meets the gate: gated (cached: one fetch and one probe)", async () => {
    let fetches = 0;
    let probes = 0;
    const c = new ExperimentChecker(async () => {
      fetches++;
      return [];
    });
    const probe = () => {
      probes++;
      return gate();
    };
    expect(await Promise.all([c.isGated("oauth2", probe), c.isGated("oauth2", probe)])).toEqual([true, true]);
    expect(await c.isGated("oauth2", probe)).toBe(true);
    expect({ fetches, probes }).toEqual({ fetches: 1, probes: 1 });
  });

  it("not listed but the probe succeeds (a release where the feature is GA): not gated", async () => {
    const c = new ExperimentChecker(async () => []);
    expect(await c.isGated("oauth2", async () => [])).toBe(false);
  });

  it("another error from the probe is left to the real request: not gated", async () => {
    const c = new ExperimentChecker(async () => []);
    expect(await c.isGated("oauth2", () => Promise.reject(mk403("Forbidden.")))).toBe(false);
  });

  it("a failed GET /experiments propagates and is not cached", async () => {
    let n = 0;
    const c = new ExperimentChecker(async () => {
      if (n++ === 0) throw new Error("connection refused");
      return ["oauth2"];
    });
    await expect(c.isGated("oauth2", gate)).rejects.toThrow("connection refused");
    expect(await c.isGated("oauth2", gate)).toBe(false);
  });
});
