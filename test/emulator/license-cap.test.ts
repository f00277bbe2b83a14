// coderd caps license_expires at now + 5*365*24h (a fixed duration, not five calendar years):
// enterprise/coderd/license/license.go validateClaims.

import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, useEmulator } from "./harness";

const h = useEmulator();
const FIVE_YEARS_S = 5 * 365 * 24 * 3600;
const now = () => Math.floor(Date.now() / 1000);

describe("license_expires 5-year cap", () => {
  it("is accepted a minute inside now + 5*365*24h", async () => {
    const expires = now() + FIVE_YEARS_S - 60;
    const res = await h.uploadLicense({ license_expires: expires, exp: expires });
    expect(res.status).toBe(201);
  });

  it("is rejected a day after now + 5*365*24h, though still within five calendar years", async () => {
    const expires = now() + FIVE_YEARS_S + 24 * 3600;
    // The window [now, now + 5 calendar years] always holds at least one 29 February, so five
    // calendar years are at least 5*365+1 days: this date is inside them (the emulator used to accept it).
    const calendar = new Date();
    calendar.setUTCFullYear(calendar.getUTCFullYear() + 5);
    expect(expires * 1000).toBeLessThanOrEqual(calendar.getTime() + 1000);
    await expectNoStateChange(h, async () => {
      const res = await h.uploadLicense({ license_expires: expires, exp: expires });
      expect(res.status).toBe(400);
      expect(res.text).toBe(
        coderBody("Invalid license", "license has invalid or missing license_expires claim"),
      );
    });
  });
});
