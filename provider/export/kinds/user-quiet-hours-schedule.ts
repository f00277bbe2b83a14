// Quiet-hours schedules users chose themselves, adopted (the resource's create writes the schedule,
// here the one the user already has). Users following the deployment's default schedule are left
// out unless --include-defaults; declaring them would pin the current default.

import type { ResourceExporter } from "../model";
import { camelIdentifier } from "../source";
import { usersInScope } from "./users-in-scope";

export const userQuietHoursScheduleExporter: ResourceExporter = {
  kind: "UserQuietHoursSchedule",
  async export(ctx) {
    const { users } = await usersInScope(ctx);
    let atDefault = 0;
    for (const u of users) {
      const s = await ctx.client.getUserQuietHoursSchedule(u.id);
      if (!s.userCanSet) {
        // The deployment forbids custom schedules: every user follows the default, nothing to manage.
        ctx.note({
          section: "defaults-left-out",
          object: "User quiet hours",
          text: "the deployment does not allow custom quiet hours (CODER_ALLOW_CUSTOM_QUIET_HOURS=false): every user follows the default schedule.",
        });
        return;
      }
      if (!s.userSet && !ctx.includeDefaults) {
        atDefault++;
        continue;
      }
      ctx.declare({
        variable: ctx.variable(camelIdentifier(u.username, "quiet", "hours")),
        type: "UserQuietHoursSchedule",
        name: ctx.resourceName("UserQuietHoursSchedule", `${u.username}-quiet-hours`.toLowerCase()),
        args: {
          userId: ctx.ref(u.id, { kind: "user", username: u.username }),
          schedule: s.rawSchedule,
          adopt: true,
        },
      });
      ctx.note({
        section: "first-up-writes",
        object: `UserQuietHoursSchedule of "${u.username}"`,
        text: "one `PUT /api/v2/users/{user}/quiet-hours` with the schedule it already has.",
      });
    }
    if (atDefault > 0) {
      ctx.note({
        section: "defaults-left-out",
        object: "User quiet hours",
        text: `${atDefault} user${atDefault === 1 ? "" : "s"} at the deployment's default quiet-hours schedule; \`--include-defaults\` declares them.`,
      });
    }
  },
};
