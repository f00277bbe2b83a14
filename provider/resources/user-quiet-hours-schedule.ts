import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import type { UserQuietHoursSchedule as CoderSchedule } from "../client";
import { defineResourceProvider, type InputProblem } from "../dynamic/define-provider";
import { uuid } from "../dynamic/validation";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.

/** Arguments of a {@link UserQuietHoursSchedule}. */
export interface UserQuietHoursScheduleArgs {
  /** The user (a UUID; look it up by name with `coderd.getUser`). Changing it replaces the resource. */
  userId: pulumi.Input<string>;
  /**
   * When the user's daily quiet hours start (Coder stops workspaces that need a restart then):
   * `CRON_TZ=<IANA zone> <minute> <hour> * * *`, e.g. `CRON_TZ=Europe/Dublin 0 2 * * *`. Without
   * `CRON_TZ=`, UTC. One time a day only: no lists, ranges or steps.
   */
  schedule: pulumi.Input<string>;
  /**
   * Override a schedule the user set themselves (Coder's `user_set`). Without it, preview fails
   * rather than overwrite the user's own choice.
   */
  adopt?: pulumi.Input<boolean>;
}

interface QuietHoursInputs {
  userId: string;
  schedule: string;
  adopt: boolean;
}

interface QuietHoursOutputs extends QuietHoursInputs {
  /** `HH:MM` (24-hour) in `timezone`. */
  time: string;
  timezone: string;
}

/**
 * Coder's daily quiet-hours parser (coderd/schedule/cron.Daily on robfig/cron, plus the
 * "one time only" check of enterprise/coderd/schedule/user.go), step by step, so preview accepts
 * exactly what Coder accepts. Coder answers anything else with a 500, which is why this runs first.
 * Returns Coder's normalised form (`CRON_TZ=<zone> <fields>`), or a reason.
 */
export function parseDailySchedule(raw: string): { schedule: string } | { problem: string } {
  if (raw.trim() === "") {
    return {
      problem:
        "must not be empty: give a daily schedule, or delete the resource to return to the deployment default",
    };
  }
  let parts = raw.split(/\s+/).filter((p) => p !== "");
  if (parts.length < 5) {
    return {
      problem: 'must have 5 fields after an optional CRON_TZ=<zone> prefix ("<minute> <hour> * * *")',
    };
  }
  if (parts.length === 6) parts = parts.slice(1);
  if (parts[2] !== "*" || parts[3] !== "*" || parts[4] !== "*") {
    return { problem: "day-of-month, month and day-of-week must each be * (quiet hours are daily)" };
  }
  const spec = raw.startsWith("CRON_TZ=") ? raw : `CRON_TZ=UTC ${raw}`;
  const space = spec.indexOf(" ");
  if (space < 0) return { problem: "separate CRON_TZ=<zone> from the fields with a space" };
  const zone = spec.slice("CRON_TZ=".length, space);
  const zoneProblem = timeZoneProblem(zone);
  if (zoneProblem) return { problem: zoneProblem };
  const fields = spec
    .slice(space)
    .trim()
    .split(/\s+/)
    .filter((p) => p !== "");
  if (fields.length !== 5) {
    return {
      problem: `must have exactly 5 fields after CRON_TZ=<zone>, found ${fields.length} (only one CRON_TZ= prefix, at the very start)`,
    };
  }
  const [minute, hour] = fields as [string, string];
  if (!/^\d{1,2}$/.test(minute) || Number(minute) > 59) {
    return { problem: `minute must be one number 0-59 (no lists, ranges or steps), got "${minute}"` };
  }
  if (!/^\d{1,2}$/.test(hour) || Number(hour) > 23) {
    return { problem: `hour must be one number 0-23 (no lists, ranges or steps), got "${hour}"` };
  }
  return { schedule: `CRON_TZ=${zone === "" ? "UTC" : zone} ${fields.join(" ")}` };
}

/**
 * Go's time.LoadLocation accepts "" and "UTC", rejects "Local" for schedules, and otherwise needs an
 * IANA zone name, case-sensitively. ICU's zone list (Intl) stands in for Go's tz database; every
 * IANA zone name segment starts with a capital letter, which rules out ICU's case-insensitive hits.
 */
function timeZoneProblem(zone: string): string | undefined {
  if (zone === "" || zone === "UTC") return undefined;
  if (zone === "Local") return 'CRON_TZ=Local is not supported by Coder: name a zone, e.g. "CRON_TZ=UTC"';
  const bad = `unknown time zone "${zone}": use an IANA name such as Europe/Dublin or America/New_York (case-sensitive)`;
  if (!zone.split("/").every((seg) => /^[A-Z]/.test(seg))) return bad;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return undefined;
  } catch {
    return bad;
  }
}

const quietHoursInputs = z.object({
  userId: uuid("userId").transform((s) => s.toLowerCase()),
  schedule: z
    .string({ message: 'is required, e.g. "CRON_TZ=Europe/Dublin 0 2 * * *"' })
    .transform((s, ctx) => {
      const parsed = parseDailySchedule(s);
      if ("problem" in parsed) {
        ctx.addIssue({ code: "custom", message: parsed.problem });
        return z.NEVER;
      }
      return parsed.schedule;
    }),
  adopt: z.boolean().default(false),
});

/** What Coder's PUT takes to return a user to the deployment default (its whitespace quirk). */
export const RESET_TO_DEFAULT = " ";

function toOutputs(userId: string, s: CoderSchedule, adopt: boolean): QuietHoursOutputs {
  return {
    userId,
    // A user following the default has no schedule of their own: "" shows as drift against the
    // declared schedule, and `pulumi up` sets it again.
    schedule: s.userSet ? s.rawSchedule : "",
    adopt,
    time: s.time,
    timezone: s.timezone,
  };
}

/**
 * The provider implementation, loaded by package path inside the dynamic-provider host.
 *
 * @internal
 */
export const userQuietHoursScheduleProvider = defineResourceProvider<QuietHoursInputs, QuietHoursOutputs>({
  typeName: "UserQuietHoursSchedule",
  inputs: quietHoursInputs as unknown as z.ZodType<QuietHoursInputs>,
  inputKeys: ["userId", "schedule"],
  replaceOn: ["userId"],
  feature: {
    name: "advanced_template_scheduling",
    humanName: "Advanced Template Scheduling (user quiet hours)",
  },
  async validateRemote(ctx, inputs, olds) {
    // Once, when this resource starts managing a user's schedule (create or a new userId).
    if (olds.userId === inputs.userId) return [];
    let current: CoderSchedule;
    try {
      current = await ctx.client.getUserQuietHoursSchedule(inputs.userId);
    } catch (err) {
      if ((err as { status?: number }).status === 400) {
        return [{ property: "userId", reason: `user with ID ${inputs.userId} does not exist` }];
      }
      throw err;
    }
    const problems: InputProblem[] = [];
    if (!current.userCanSet) {
      problems.push({
        property: "schedule",
        reason:
          "this deployment does not allow custom quiet hours (CODER_ALLOW_CUSTOM_QUIET_HOURS=false): " +
          "every user follows the default schedule. Allow them on the server, or remove this resource.",
      });
    } else if (current.userSet && current.rawSchedule !== inputs.schedule && !inputs.adopt) {
      problems.push({
        property: "schedule",
        reason: `the user already chose their own quiet hours (${current.rawSchedule}); set adopt: true to override them`,
      });
    }
    return problems;
  },
  async create(ctx, inputs) {
    const s = await ctx.client.setUserQuietHoursSchedule(inputs.userId, inputs.schedule);
    return { id: inputs.userId, outs: toOutputs(inputs.userId, s, inputs.adopt) };
  },
  async read(ctx, id, olds) {
    return toOutputs(id, await ctx.client.getUserQuietHoursSchedule(id), olds.adopt ?? false);
  },
  async update(ctx, id, olds, news) {
    const s = await ctx.client.setUserQuietHoursSchedule(id, news.schedule);
    return toOutputs(id, s, olds.adopt ?? news.adopt);
  },
  async delete(ctx, id) {
    // Back to the deployment default: Coder rejects "", but a whitespace schedule resets it.
    await ctx.client.setUserQuietHoursSchedule(id, RESET_TO_DEFAULT);
  },
});
