// The UserQuietHoursSchedule class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/user-quiet-hours-schedule.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { licenseDependencyInput, resourceOptions } from "../dynamic/resource-options";
import type { UserQuietHoursScheduleArgs } from "../resources/user-quiet-hours-schedule";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as quietHoursShim from "../shims/user-quiet-hours-schedule";

// The arguments are declared next to the implementation that validates them.
export type { UserQuietHoursScheduleArgs } from "../resources/user-quiet-hours-schedule";

/**
 * One user's daily quiet-hours schedule (Enterprise: needs `advanced_template_scheduling`, and the
 * deployment must allow custom quiet hours). Destroying it returns the user to the deployment's
 * default schedule.
 *
 * ```ts
 * const alice = coderd.getUser({ username: "alice" });
 * new coderd.UserQuietHoursSchedule("alice", { userId: alice.then((u) => u.id), schedule: "CRON_TZ=Europe/Dublin 0 2 * * *" });
 * ```
 */
export class UserQuietHoursSchedule extends pulumi.dynamic.Resource {
  declare readonly userId: pulumi.Output<string>;
  /** Coder's normalised form, `CRON_TZ=<zone> <minute> <hour> * * *`. */
  declare readonly schedule: pulumi.Output<string>;
  declare readonly adopt: pulumi.Output<boolean>;
  /** Start of the quiet hours, `HH:MM` (24-hour), in `timezone`. */
  declare readonly time: pulumi.Output<string>;
  declare readonly timezone: pulumi.Output<string>;

  constructor(name: string, args: UserQuietHoursScheduleArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      quietHoursShim,
      name,
      { adopt: undefined, ...args, ...licenseDependencyInput(opts), time: undefined, timezone: undefined },
      resourceOptions(opts),
      "coderd",
      "UserQuietHoursSchedule",
    );
  }
}
