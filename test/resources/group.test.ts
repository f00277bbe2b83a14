// Contract tests: the Group provider implementation against the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { groupProvider as p } from "../../provider/resources/group";
import { checkedInputs, startProviderEnvironment, stopProviderEnvironment } from "./provider-env";

let emu: RunningEmulator;
let api: CoderClient;
let org: string;
let alice: string;
let bob: string;

const calls = async () =>
  (await emu.control.requests()).map(
    (r: { method: string; path: string }) =>
      `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, ":id")}`,
  );

beforeAll(async () => {
  ({ emu, api } = await startProviderEnvironment("all"));
  const seed = await emu.control.seed();
  org = seed.defaultOrganizationId;
  alice = seed.users.find((u: { username: string }) => u.username === "alice")!.id;
  bob = seed.users.find((u: { username: string }) => u.username === "bob")!.id;
});
afterAll(() => stopProviderEnvironment({ emu, api }));
beforeEach(async () => {
  await emu.control.clearRequests();
});

describe("Group update", () => {
  it("computes add_users from the live group: a member added by hand and then declared is not added twice", async () => {
    const created = await p.create!(
      await checkedInputs(p, { name: "hand", organizationId: org, members: [alice] }),
    );
    const olds = created.outs;
    // Out of band: bob joins by hand. State still says [alice].
    await api.updateGroup(created.id, { addUsers: [bob] });

    const news = await checkedInputs(
      p,
      { name: "hand", organizationId: org, displayName: "Hand", members: [alice, bob] },
      olds,
    );
    await emu.control.clearRequests();
    const res = await p.update!(created.id, olds, news);
    expect(res.outs).toMatchObject({ displayName: "Hand", members: [alice, bob].sort() });
    expect(await calls()).toEqual(["GET /api/v2/groups/:id", "PATCH /api/v2/groups/:id"]);
    const live = await api.getGroup(created.id);
    expect(live.displayName).toBe("Hand");
    expect(live.members.map((m) => m.id).sort()).toEqual([alice, bob].sort());
  });

  it("removes from the live group only who is really there, and needs no GET when membership is unchanged", async () => {
    const created = await p.create!(
      await checkedInputs(p, { name: "gone", organizationId: org, members: [alice, bob] }),
    );
    // Out of band: bob leaves by hand; the program now drops bob too.
    await api.updateGroup(created.id, { removeUsers: [bob] });
    const news = await checkedInputs(
      p,
      { name: "gone", organizationId: org, members: [alice] },
      created.outs,
    );
    const res = await p.update!(created.id, created.outs, news);
    expect(res.outs.members).toEqual([alice]);

    await emu.control.clearRequests();
    const renamed = await checkedInputs(
      p,
      { name: "gone2", organizationId: org, members: [alice] },
      res.outs,
    );
    await p.update!(created.id, res.outs, renamed);
    expect(await calls()).toEqual(["PATCH /api/v2/groups/:id"]);
  });
});

describe("adopt never shows up as drift", () => {
  it("refresh hands adopt back with the inputs, and check keeps the stored value once the group exists", async () => {
    const inputs = await checkedInputs(p, { name: "adopted", organizationId: org });
    expect(inputs.adopt).toBe(false);
    const created = await p.create!(inputs);
    await api.updateGroup(created.id, { displayName: "Changed by hand" });

    const refreshed = await p.read!(created.id, created.outs);
    expect(refreshed.inputs).toMatchObject({ adopt: false, displayName: "Changed by hand" });

    // The engine shows a dynamic resource's diff by comparing stored and new inputs key by key.
    const news = await checkedInputs(
      p,
      { name: "adopted", organizationId: org, adopt: true },
      refreshed.inputs,
    );
    expect(news.adopt).toBe(false);
    // State written before refresh kept adopt: no adopt in the new inputs either.
    const { adopt: _dropped, ...legacy } = refreshed.inputs!;
    expect("adopt" in (await checkedInputs(p, { name: "adopted", organizationId: org }, legacy))).toBe(false);
  });
});
