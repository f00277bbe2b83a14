import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, NOT_FOUND, useEmulator } from "./harness";

const h = useEmulator({ license: "none" });
const WORKSPACE_DELETED = "f517da0b-cdc9-410f-ab89-a86107c420ed";
const methodPath = (id = WORKSPACE_DELETED) => `/api/v2/notifications/templates/${id}/method`;

async function methodOf(id: string): Promise<string> {
  const list = (await h.get("/api/v2/notifications/templates/system")).json as {
    id: string;
    method: string;
  }[];
  return list.find((t) => t.id === id)!.method;
}

describe("notification templates", () => {
  it('lists system templates sorted by name, each with method "" (deployment default)', async () => {
    const res = await h.get("/api/v2/notifications/templates/system", { token: h.tokenOf("alice") });
    expect(res.status).toBe(200);
    const names = res.json.map((t: { name: string }) => t.name);
    expect(names).toEqual([...names].sort());
    expect(res.json.find((t: { id: string }) => t.id === WORKSPACE_DELETED)).toMatchObject({
      name: "Workspace Deleted",
      group: "Workspace Events",
      method: "",
      kind: "system",
    });
    expect((await h.get("/api/v2/notifications/templates/custom")).json).toEqual([]);
  });

  it("dispatch-methods names the deployment default and hides inbox", async () => {
    expect((await h.get("/api/v2/notifications/dispatch-methods")).json).toEqual({
      available: ["smtp", "webhook"],
      default: "smtp",
    });
  });
});

describe("PUT /notifications/templates/{id}/method", () => {
  it("200 when changed, 304 with an empty body when unchanged; inbox is accepted", async () => {
    const res = await h.put(methodPath(), { method: "webhook" });
    expect(res.status).toBe(200);
    expect(res.text).toBe(coderBody("Successfully updated notification template method."));
    expect(await methodOf(WORKSPACE_DELETED)).toBe("webhook");

    const same = await h.put(methodPath(), { method: "webhook" });
    expect(same.status).toBe(304);
    expect(same.text).toBe("");

    expect((await h.put(methodPath(), { method: "inbox" })).status).toBe(200);
    expect(await methodOf(WORKSPACE_DELETED)).toBe("inbox");
  });

  it.each([
    ["nope", '"nope" is not a valid method; smtp, webhook, inbox are the available options'],
    ["", '"" is not a valid method; smtp, webhook, inbox are the available options'],
  ])(
    "rejects method %j with 400 and no write (there is no way back to the default)",
    async (method, detail) => {
      await expectNoStateChange(h, async () => {
        const res = await h.put(methodPath(), { method });
        expect(res.status).toBe(400);
        expect(res.text).toBe(
          coderBody("Invalid request to update notification template method", undefined, [
            { field: "method", detail },
          ]),
        );
      });
    },
  );

  it("non-UUID is 400, unknown template is 404, and non-owners get 404", async () => {
    const bad = await h.put(methodPath("nope"), { method: "smtp" });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('Invalid UUID "nope".');
    expect((await h.put(methodPath("00000000-0000-0000-0000-000000000001"), { method: "smtp" })).text).toBe(
      NOT_FOUND,
    );
    const member = await h.put(methodPath(), { method: "smtp" }, { token: h.tokenOf("alice") });
    expect(member.status).toBe(404);
  });
});
