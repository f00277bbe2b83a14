// User quiet-hours schedules (enterprise/coderd/users.go + enterprise/coderd/schedule/user.go,
// semantics-next §4). The advanced_template_scheduling gate runs BEFORE authentication. Parsing is
// coderd/schedule/cron.Daily on top of robfig/cron, and every parse error is a 500 (coderd's TODO).
// A whitespace-only schedule passes `validate:"required"` and resets the user to the default.

import { T } from "../http/godecode";
import { apiError, internalServerError, ok, type Reply, validationFailed } from "../http/response";
import type { Mount } from "../http/router";
import { featureEnabled } from "../licensing/entitlements";
import type { UserRecord } from "../state/records";
import { actor, isOwner, type RequestContext, readBody } from "./context";
import { resolveUser } from "./core";
import { apiKey } from "./middleware";

const UPDATE_QUIET_HOURS = T.struct("UpdateUserQuietHoursScheduleRequest", { schedule: T.string });

export function registerQuietHoursRoutes(api: Mount<RequestContext>): void {
  api.mount("users/:user/quiet-hours", [autostopRequirementEnabled, apiKey], (m) => {
    m.get("", getQuietHours);
    m.put("", putQuietHours);
  });
}

/** autostopRequirementEnabledMW: before the API key, so an unlicensed anonymous call is a 403. */
function autostopRequirementEnabled(ctx: RequestContext): void {
  if (!featureEnabled(ctx.store, "advanced_template_scheduling", ctx.now)) {
    throw apiError(
      403,
      "Advanced template scheduling (and user quiet hours schedule) is an Enterprise feature. Contact sales!",
    );
  }
}

class ScheduleError extends Error {}

interface DailySchedule {
  location: string;
  minute: number;
  hour: number;
  /** The cron fields after CRON_TZ, as given (e.g. "07 2 * * *"). */
  cron: string;
}

/** robfig/cron getRange for a single-field part, with its error texts. */
function robfigField(field: string, min: number, max: number): void {
  for (const expr of field.split(",")) {
    const [rangePart, step, ...extra] = expr.split("/");
    if (extra.length > 0) throw new ScheduleError(`too many slashes: ${expr}`);
    let start: number;
    let end: number;
    if (rangePart === "*" || rangePart === "?") {
      start = min;
      end = max;
    } else {
      const bounds = rangePart!.split("-");
      if (bounds.length > 2) throw new ScheduleError(`too many hyphens: ${expr}`);
      start = atoi(bounds[0]!);
      end = bounds.length === 2 ? atoi(bounds[1]!) : start;
    }
    if (step !== undefined) {
      const s = atoi(step);
      if (s <= 0) throw new ScheduleError(`step of range should be a positive number: ${expr}`);
    }
    if (start < min) throw new ScheduleError(`beginning of range (${start}) below minimum (${min}): ${expr}`);
    if (end > max) throw new ScheduleError(`end of range (${end}) above maximum (${max}): ${expr}`);
    if (start > end)
      throw new ScheduleError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  }
}

function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s))
    throw new ScheduleError(
      `failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`,
    );
  const n = Number(s);
  if (n < 0) throw new ScheduleError(`negative number (${n}) not allowed: ${s}`);
  return n;
}

/** Go's time.LoadLocation, approximated with the ICU zone database (IANA names are case-sensitive in Go). */
export function loadLocation(name: string): string {
  if (name === "" || name === "UTC") return "UTC";
  if (name === "Local") throw new ScheduleError("schedules scoped to time.Local are not supported");
  const caseOk = name.split("/").every((seg) => /^[A-Z]/.test(seg));
  try {
    if (!caseOk) throw new Error();
    new Intl.DateTimeFormat("en-US", { timeZone: name });
  } catch {
    throw new ScheduleError(`parse schedule: provided bad location ${name}: unknown time zone ${name}`);
  }
  return name;
}

/** cron.Daily + parseSchedule's "more than one time" check. */
export function parseDaily(raw: string): DailySchedule {
  let parts = raw.split(/\s+/).filter((p) => p !== "");
  if (parts.length < 5) {
    throw new ScheduleError(
      "validate daily schedule: expected schedule to consist of 5 fields with an optional CRON_TZ=<timezone> prefix",
    );
  }
  if (parts.length === 6) parts = parts.slice(1);
  if (parts[2] !== "*" || parts[3] !== "*" || parts[4] !== "*") {
    throw new ScheduleError("validate daily schedule: expected day-of-month, month and day-of-week to be *");
  }
  let spec = raw.startsWith("CRON_TZ=") ? raw : `CRON_TZ=UTC ${raw}`;
  const space = spec.indexOf(" ");
  const location = loadLocation(spec.slice(spec.indexOf("=") + 1, space < 0 ? undefined : space));
  spec = spec.slice(space).trim();
  const fields = spec.split(/\s+/).filter((p) => p !== "");
  if (fields.length !== 5) {
    throw new ScheduleError(
      `parse schedule: expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`,
    );
  }
  try {
    robfigField(fields[0]!, 0, 59);
    robfigField(fields[1]!, 0, 23);
  } catch (e) {
    throw new ScheduleError(`parse schedule: ${(e as Error).message}`);
  }
  // Schedule.Time() parses "<hour>:<minute>" with layout "15:4": one or two digits each.
  const [minute, hour] = [fields[0]!, fields[1]!];
  if (!/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour)) {
    throw new MoreThanOneTime(`cron(${minute} ${hour})`);
  }
  return { location, minute: Number(minute), hour: Number(hour), cron: fields.join(" ") };
}

class MoreThanOneTime extends Error {}

function offsetMinutes(tz: string, at: Date): number {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The next start of the window after `now`, as RFC3339 in the schedule's location. */
function nextStart(s: DailySchedule, now: number): string {
  const offsetNow = offsetMinutes(s.location, new Date(now));
  const local = new Date(now + offsetNow * 60_000);
  let candidate = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), s.hour, s.minute);
  if (candidate - offsetNow * 60_000 <= now) candidate += 24 * 3600_000;
  const offset = offsetMinutes(s.location, new Date(candidate - offsetNow * 60_000));
  const utc = candidate - offset * 60_000;
  const iso = new Date(utc + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${iso}Z`;
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${iso}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

function scheduleView(ctx: RequestContext, stored: string) {
  const opts = ctx.store.deploymentOptions;
  const userSet = opts.allowCustomQuietHours && stored.trim() !== "";
  const raw = userSet ? stored : opts.quietHoursDefaultSchedule;
  const s = parseDaily(raw);
  return {
    raw_schedule: `CRON_TZ=${s.location} ${s.cron}`,
    user_set: userSet,
    user_can_set: opts.allowCustomQuietHours,
    time: `${String(s.hour).padStart(2, "0")}:${String(s.minute).padStart(2, "0")}`,
    timezone: s.location,
    next: nextStart(s, ctx.now),
  };
}

/** Reading another user needs user:read (owners here); otherwise ExtractUserParam's 400. */
function targetUser(ctx: RequestContext): UserRecord {
  const user = resolveUser(ctx);
  if (user.id !== actor(ctx).id && !isOwner(ctx)) {
    throw apiError(
      400,
      '"user" must be an existing uuid or username.',
      `queried user=${JSON.stringify(ctx.params["user"])}`,
    );
  }
  return user;
}

function getQuietHours(ctx: RequestContext): Reply {
  const user = targetUser(ctx);
  return ok(scheduleView(ctx, ctx.store.quietHours.get(user.id) ?? ""));
}

function putQuietHours(ctx: RequestContext): Reply {
  const user = targetUser(ctx);
  const req = readBody<{ schedule: string }>(ctx, UPDATE_QUIET_HOURS);
  if (req.schedule === "") {
    throw validationFailed([
      { field: "schedule", detail: 'Validation failed for tag "required" with value: ""' },
    ]);
  }
  const opts = ctx.store.deploymentOptions;
  if (!opts.allowCustomQuietHours) {
    throw apiError(403, "Users cannot set custom quiet hours schedule due to deployment configuration.");
  }
  const userSet = req.schedule.trim() !== "";
  const raw = userSet ? req.schedule : opts.quietHoursDefaultSchedule;
  let parsed: DailySchedule;
  try {
    parsed = parseDaily(raw);
  } catch (e) {
    if (e instanceof MoreThanOneTime) {
      throw internalServerError(`daily schedule ${JSON.stringify(raw)} has more than one time: ${e.message}`);
    }
    if (e instanceof ScheduleError) {
      throw internalServerError(`parse daily schedule ${JSON.stringify(raw)}: ${e.message}`);
    }
    throw e;
  }
  // Only self and owners (user-admins) hold update-personal; dbauthz's denial is an unmapped 500.
  if (user.id !== actor(ctx).id && !isOwner(ctx)) {
    throw internalServerError("update user quiet hours schedule: unauthorized: rbac: forbidden");
  }
  // The tidy form is stored; a whitespace schedule stores "" (= the deployment default).
  ctx.store.quietHours.set(user.id, userSet ? `CRON_TZ=${parsed.location} ${parsed.cron}` : "");
  return ok(scheduleView(ctx, ctx.store.quietHours.get(user.id)!));
}
