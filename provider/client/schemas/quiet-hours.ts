import { z } from "zod/v3";
import { bool, str, type WireSchema } from "./common";

/** codersdk.UserQuietHoursScheduleResponse (one object; the API reference's "array" is wrong). */
export interface UserQuietHoursSchedule {
  /** Always normalised by Coder: `CRON_TZ=<zone> <min> <hour> * * *`. */
  rawSchedule: string;
  /** False while the user follows the deployment default. */
  userSet: boolean;
  /** False when the deployment forbids custom schedules (CODER_ALLOW_CUSTOM_QUIET_HOURS=false). */
  userCanSet: boolean;
  /** `HH:MM`, 24-hour. */
  time: string;
  timezone: string;
  next: string;
}

export const UserQuietHoursScheduleSchema: WireSchema<UserQuietHoursSchedule> = z
  .object({
    raw_schedule: str,
    user_set: bool,
    user_can_set: bool,
    time: str,
    timezone: str,
    next: str,
  })
  .transform((o) => ({
    rawSchedule: o.raw_schedule,
    userSet: o.user_set,
    userCanSet: o.user_can_set,
    time: o.time,
    timezone: o.timezone,
    next: o.next,
  }));
