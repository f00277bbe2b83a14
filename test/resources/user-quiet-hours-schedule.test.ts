// The preview-time schedule check must accept exactly what Coder's daily parser accepts (Coder
// answers the rest with a 500). The emulator's parser follows Coder's code path step by step
// (cron.Daily, robfig/cron, Schedule.Time's "15:4" parse); the provider's check is written apart,
// with its own messages. Both are run over the same inputs here.
import { describe, expect, it } from "vitest";
import { parseDaily } from "../../emulator/api/quiethours";
import { parseDailySchedule } from "../../provider/resources/user-quiet-hours-schedule";

const coderAccepts = (raw: string) => {
  try {
    const s = parseDaily(raw);
    return `CRON_TZ=${s.location} ${s.cron}`;
  } catch {
    return undefined;
  }
};

const INPUTS = [
  "CRON_TZ=Europe/Dublin 0 2 * * *",
  "CRON_TZ=UTC 0 0 * * *",
  "0 0 * * *",
  "  0   4 * * *  ",
  "07 2 * * *",
  "59 23 * * *",
  "60 0 * * *",
  "0 24 * * *",
  "007 2 * * *",
  "+5 2 * * *",
  "0,30 2 * * *",
  "0 1-3 * * *",
  "*/5 2 * * *",
  "* 2 * * *",
  "0 2 * * 1",
  "0 2 1 * *",
  "0 2 * 1 *",
  "0 2 ? * *",
  "@daily",
  "0 2 * *",
  "0 2 * * * *",
  "x 0 2 * * *",
  "CRON_TZ=Deans/House 0 2 * * *",
  "CRON_TZ=europe/dublin 0 2 * * *",
  "CRON_TZ=Local 0 2 * * *",
  "CRON_TZ= 0 2 * * *",
  "CRON_TZ=America/Argentina/Buenos_Aires 15 6 * * *",
  "CRON_TZ=US/Central 0 2 * * *",
  "TZ=UTC 0 2 * * *",
  " CRON_TZ=UTC 0 2 * * *",
  "CRON_TZ=UTC CRON_TZ=UTC 0 2 * * *",
  "-1 2 * * *",
];

describe("UserQuietHoursSchedule schedule check", () => {
  it.each(INPUTS)("agrees with Coder's daily parser on %j (and normalises the same way)", (raw) => {
    const coder = coderAccepts(raw);
    const ours = parseDailySchedule(raw);
    if (coder === undefined) expect(ours).toHaveProperty("problem");
    else expect(ours).toEqual({ schedule: coder });
  });

  it("explains each rejection in terms of the rule", () => {
    expect(parseDailySchedule("0,30 2 * * *")).toEqual({
      problem: 'minute must be one number 0-59 (no lists, ranges or steps), got "0,30"',
    });
    expect(parseDailySchedule("0 2 * * 1-5")).toEqual({
      problem: "day-of-month, month and day-of-week must each be * (quiet hours are daily)",
    });
    expect(parseDailySchedule("CRON_TZ=europe/dublin 0 2 * * *")).toMatchObject({
      problem: expect.stringMatching(/unknown time zone "europe\/dublin".*case-sensitive/),
    });
    expect(parseDailySchedule(" ")).toMatchObject({ problem: expect.stringMatching(/^must not be empty/) });
  });
});
