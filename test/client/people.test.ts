// Client contract: the organization, member and user methods against the emulator, one HTTP request
// per call on a healthy server, responses parsed into the camelCase types.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient, ServerError } from "../../provider/client";

let emu: RunningEmulator;
let c: CoderClient;
let seed: Awaited<ReturnType<RunningEmulator["control"]["seed"]>>;

beforeAll(async () => {
  emu = await startEmulator({ license: "all" });
  seed = await emu.control.seed();
  c = new CoderClient({ url: emu.url, token: emu.token, retry: { initialBackoffMs: 1, maxBackoffMs: 2 } });
});
afterAll(async () => {
  await c?.close();
  await emu?.close();
});

describe("organization, member and user methods", () => {
  it("each sends exactly one request and parses the answer", async () => {
    const ctx: Record<string, string> = {};
    const bob = seed.users.find((u) => u.username === "bob")!.id;
    const steps: Array<[string, () => Promise<unknown>]> = [
      [
        "createOrganization",
        async () => {
          const o = await c.createOrganization({ name: "acme", description: "d" });
          expect(o).toMatchObject({ name: "acme", displayName: "acme", description: "d", isDefault: false });
          ctx.org = o.id;
        },
      ],
      [
        "updateOrganization",
        async () => expect((await c.updateOrganization(ctx.org!, { icon: "/i.png" })).icon).toBe("/i.png"),
      ],
      [
        "createUser",
        async () => {
          const u = await c.createUser({
            username: "zed",
            email: "zed@example.com",
            loginType: "password",
            password: "Sup3r-Secret-Passw0rd!",
            organizationIds: [ctx.org!],
          });
          expect(u).toMatchObject({ username: "zed", status: "dormant", loginType: "password" });
          expect(u.organizationIds).toEqual([ctx.org]);
          ctx.user = u.id;
        },
      ],
      [
        "addOrganizationMember",
        async () => expect((await c.addOrganizationMember(ctx.org!, bob)).roles).toEqual([]),
      ],
      [
        "updateOrganizationMemberRoles",
        async () =>
          expect(
            (await c.updateOrganizationMemberRoles(ctx.org!, bob, ["organization-admin"])).roles,
          ).toEqual([
            { name: "organization-admin", displayName: "Organization Admin", organizationId: ctx.org },
          ]),
      ],
      [
        "listOrganizationMembers",
        async () => {
          const [m] = await c.listOrganizationMembers(ctx.org!, bob);
          expect(m).toMatchObject({ username: "bob", userId: bob, organizationId: ctx.org });
          expect(m!.roles.map((r) => r.name)).toEqual(["organization-admin"]);
        },
      ],
      ["removeOrganizationMember", () => c.removeOrganizationMember(ctx.org!, bob)],
      [
        "updateUserProfile",
        async () =>
          expect((await c.updateUserProfile(ctx.user!, { username: "zed", name: "Zed" })).name).toBe("Zed"),
      ],
      [
        "updateUserRoles",
        async () => expect((await c.updateUserRoles(ctx.user!, ["auditor"])).roles[0]!.name).toBe("auditor"),
      ],
      [
        "setUserStatus",
        async () => expect((await c.setUserStatus(ctx.user!, "suspended")).status).toBe("suspended"),
      ],
      ["updateUserPassword", () => c.updateUserPassword(ctx.user!, "An0ther-Str0ng-Passw0rd?")],
      ["deleteUser", () => c.deleteUser(ctx.user!)],
      ["deleteOrganization", () => c.deleteOrganization(ctx.org!)],
    ];
    for (const [name, fn] of steps) {
      await emu.control.clearRequests();
      const before = c.requestCount;
      await fn();
      const logged = (await emu.control.requests()).length;
      expect({ name, logged, counted: c.requestCount - before }).toEqual({ name, logged: 1, counted: 1 });
    }
  });

  it("a blocked organization delete (500) is final: one request, Coder's counts in the error", async () => {
    const org = await c.createOrganization({ name: "blocked" });
    await c.addOrganizationMember(org.id, seed.users.find((u) => u.username === "carol")!.id);
    await emu.control.clearRequests();
    const err = await c.deleteOrganization(org.id).catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err.detail).toBe("This organization has 1 member that must be deleted first.");
    expect((await emu.control.requests()).length).toBe(1);
  });

  it("other 500s on DELETE are still retried", async () => {
    const org = await c.createOrganization({ name: "flaky" });
    await emu.control.addFault({
      method: "DELETE",
      path: "/organizations/",
      kind: "status",
      status: 500,
      count: 1,
    });
    await emu.control.clearRequests();
    await c.deleteOrganization(org.id);
    expect((await emu.control.requests()).length).toBe(2);
  });
});
