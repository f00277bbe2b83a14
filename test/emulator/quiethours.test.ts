import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });
const path = (user = "alice") => `/api/v2/users/${user}/quiet-hours`;

describe("GET/PUT /users/{user}/quiet-hours", () => {
  it("a fresh user has the deployment default, as one object (not an array)", async () => {
    const res = await h.get(path());
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      raw_schedule: "CRON_TZ=UTC 0 0 * * *",
      user_set: false,
      user_can_set: true,
      time: "00:00",
      timezone: "UTC",
    });
    expect(res.json.next).toMatch(/^\d{4}-\d\d-\d\dT00:00:00Z$/);
  });

  it("PUT sets a daily schedule (normalised), by username or id", async () => {
    const res = await h.put(path(h.userId("alice")), { schedule: "CRON_TZ=Europe/Dublin 30 2 * * *" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      raw_schedule: "CRON_TZ=Europe/Dublin 30 2 * * *",
      user_set: true,
      time: "02:30",
      timezone: "Europe/Dublin",
    });
    expect(res.json.next).toMatch(/T02:30:00(Z|[+-]\d\d:\d\d)$/);
    // Without CRON_TZ, UTC is assumed and written out.
    expect((await h.put(path(), { schedule: "15 4 * * *" })).json.raw_schedule).toBe(
      "CRON_TZ=UTC 15 4 * * *",
    );
  });

  it("a whitespace schedule resets to the default; an empty one is a 400", async () => {
    await h.put(path(), { schedule: "0 3 * * *" });
    const reset = await h.put(path(), { schedule: " " });
    expect(reset.status).toBe(200);
    expect(reset.json).toMatchObject({ user_set: false, raw_schedule: "CRON_TZ=UTC 0 0 * * *" });
    const empty = await h.put(path(), { schedule: "" });
    expect(empty.status).toBe(400);
    expect(empty.text).toBe(
      coderBody("Validation failed.", undefined, [
        { field: "schedule", detail: 'Validation failed for tag "required" with value: ""' },
      ]),
    );
  });

  it.each([
    ["0 0 * *", "validate daily schedule: expected schedule to consist of 5 fields"],
    ["0 0 * * 1", "validate daily schedule: expected day-of-month, month and day-of-week to be *"],
    ["CRON_TZ=Deans/House 0 0 * * *", "provided bad location Deans/House: unknown time zone Deans/House"],
    ["60 0 * * *", "end of range (60) above maximum (59): 60"],
    ["0 24 * * *", "end of range (24) above maximum (23): 24"],
  ])(
    "a bad schedule %j is a 500 (Coder's TODO) with the parser's detail, and no write",
    async (schedule, detail) => {
      await expectNoStateChange(h, async () => {
        const res = await h.put(path(), { schedule });
        expect(res.status).toBe(500);
        expect(res.json.message).toBe("An internal server error occurred.");
        expect(res.json.detail).toContain(`parse daily schedule ${JSON.stringify(schedule)}: `);
        expect(res.json.detail).toContain(detail);
      });
    },
  );

  it("a list or range of times is rejected as more than one time", async () => {
    const res = await h.put(path(), { schedule: "0,30 2 * * *" });
    expect(res.status).toBe(500);
    expect(res.json.detail).toBe('daily schedule "0,30 2 * * *" has more than one time: cron(0,30 2)');
  });

  it("respects allow-custom-quiet-hours=false: GET says user_can_set false, PUT is 403", async () => {
    await h.put(path(), { schedule: "0 3 * * *" });
    await h.emu.control.setDeploymentOptions({ allowCustomQuietHours: false });
    expect((await h.get(path())).json).toMatchObject({ user_set: false, user_can_set: false, time: "00:00" });
    const res = await h.put(path(), { schedule: "0 4 * * *" });
    expect(res.status).toBe(403);
    expect(res.text).toBe(
      coderBody("Users cannot set custom quiet hours schedule due to deployment configuration."),
    );
  });

  it("members read only themselves; an unknown user is Coder's 400", async () => {
    expect((await h.get(path("alice"), { token: h.tokenOf("alice") })).status).toBe(200);
    expect((await h.get(path("bob"), { token: h.tokenOf("alice") })).status).toBe(400);
    const res = await h.get(path("nobody"));
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('"user" must be an existing uuid or username.');
  });
});

describe("quiet hours without advanced_template_scheduling", () => {
  it("is a 403 before authentication", async () => {
    await h.emu.control.setLicenseMode("none");
    const res = await h.get(path(), { token: null });
    expect(res.status).toBe(403);
    expect(res.text).toBe(
      coderBody(
        "Advanced template scheduling (and user quiet hours schedule) is an Enterprise feature. Contact sales!",
      ),
    );
  });
});
