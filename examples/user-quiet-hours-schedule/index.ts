import * as coderd from "pulumi-coderd";

const alice = coderd.getUser({ username: "alice" });
const bob = coderd.getUser({ username: "bob" });

// Daily quiet hours: "CRON_TZ=<IANA zone> <minute> <hour> * * *" (one time a day, checked at preview).
new coderd.UserQuietHoursSchedule("alice", {
  userId: alice.then((u) => u.id),
  schedule: "CRON_TZ=Europe/Dublin 0 2 * * *",
});
// Bob had chosen his own hours: adopt overrides them (without it, preview refuses).
new coderd.UserQuietHoursSchedule("bob", {
  userId: bob.then((u) => u.id),
  schedule: "CRON_TZ=America/New_York 30 23 * * *",
  adopt: true,
});
// Destroying a schedule returns the user to the deployment default (CODER_QUIET_HOURS_DEFAULT_SCHEDULE).
