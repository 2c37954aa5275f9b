/**
 * Part: the patch schedule of an Azure Cache for Redis (`redis:PatchSchedule`, Azure name `default`):
 * the weekly windows in which Azure may apply Redis server updates. Azure Managed Redis has no such
 * resource (the argument is refused there). Allowed on an existing cache too: the schedule is a
 * sub-resource of the cache, not one of its own settings, and replaces the cache's current schedule.
 * Every field is a plain value, checked before anything is created.
 */
import * as redis from "@pulumi/azure-native/redis/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { Part, PartScope } from "../part.ts";
import { DayOfWeek, type PatchScheduleEntryArgs } from "../types.ts";
import { checkInteger, checkOneOf, fail, type ErrorContext } from "../validate.ts";
import { defined } from "../defined.ts";

// Our DayOfWeek carries exactly azure-native's values (the typecheck fails here if they drift).
const SAME_DAYS: Record<redis.DayOfWeek, DayOfWeek> & Record<DayOfWeek, redis.DayOfWeek> = {
  ...redis.DayOfWeek,
};
const DAYS = Object.values(SAME_DAYS);

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
function daysOf(day: DayOfWeek): string[] {
  if (day === "Everyday") return WEEKDAYS;
  if (day === "Weekend") return ["Saturday", "Sunday"];
  return [day];
}

/** Azure's minimum maintenance window, in seconds (5 hours: docs/azure-facts.md, "Patch schedule"). */
export const MIN_MAINTENANCE_WINDOW_SECONDS = 5 * 3600;

const DURATION = /^P(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Seconds of an ISO 8601 duration of days, hours, minutes and seconds ("PT5H", "P1DT2H"); undefined if not one. */
export function durationSeconds(value: string): number | undefined {
  const m = DURATION.exec(value);
  if (m === null || value === "P") return undefined;
  const [d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return d * 86400 + h * 3600 + min * 60 + s;
}

/** Checks `patchSchedule` (Azure Cache for Redis). */
export function checkPatchSchedule(ctx: ErrorContext, list: unknown): PatchScheduleEntryArgs[] {
  if (list === undefined) return [];
  if (!Array.isArray(list))
    fail(
      ctx,
      "patchSchedule",
      list,
      "is not a list",
      'give [{ dayOfWeek: "Sunday", startHourUtc: 2, maintenanceWindow: "PT5H" }]',
    );
  if (list.length === 0)
    fail(ctx, "patchSchedule", "[]", "is empty", "give at least one window, or leave patchSchedule out");
  const firstOfDay = new Map<string, number>();
  return list.map((e: unknown, i): PatchScheduleEntryArgs => {
    const field = `patchSchedule[${i}]`;
    if (typeof e !== "object" || e === null)
      fail(ctx, field, e, "is not an object", "give { dayOfWeek, startHourUtc, maintenanceWindow? }");
    const { dayOfWeek, startHourUtc, maintenanceWindow } = e as Partial<PatchScheduleEntryArgs>;
    checkOneOf(ctx, `${field}.dayOfWeek`, dayOfWeek, DAYS, "a day of the week");
    const day = dayOfWeek as DayOfWeek;
    for (const d of daysOf(day)) {
      const first = firstOfDay.get(d);
      if (first !== undefined)
        fail(
          ctx,
          `${field}.dayOfWeek`,
          day,
          `schedules ${d} again (already in patchSchedule[${first}])`,
          "give each day one window (Azure keeps one entry a day); Everyday and Weekend cover their days",
        );
      firstOfDay.set(d, i);
    }
    checkInteger(ctx, `${field}.startHourUtc`, startHourUtc, 0, 23, "for an hour of the day (UTC)");
    if (maintenanceWindow !== undefined) {
      const seconds = typeof maintenanceWindow === "string" ? durationSeconds(maintenanceWindow) : undefined;
      if (seconds === undefined)
        fail(
          ctx,
          `${field}.maintenanceWindow`,
          maintenanceWindow,
          "is not an ISO 8601 duration",
          'write it like "PT5H" (5 hours) or "PT6H30M"',
        );
      if (seconds < MIN_MAINTENANCE_WINDOW_SECONDS)
        fail(
          ctx,
          `${field}.maintenanceWindow`,
          maintenanceWindow,
          "is shorter than the 5 hours Azure requires",
          'use "PT5H" or longer, or leave it out',
        );
    }
    return {
      dayOfWeek: day,
      startHourUtc: startHourUtc as number,
      ...defined({ maintenanceWindow }),
    };
  });
}

/** Azure name of the (only) patch schedule of a cache. */
export const PATCH_SCHEDULE_NAME = "default";

/** Creates the cache's patch schedule, after the cache (or the existing cache's checks). */
export function createPatchSchedule({
  parent,
  plan,
  target,
}: PartScope<{ patchSchedule: PatchScheduleEntryArgs[] }>): pulumi.Resource[] {
  if (plan.patchSchedule.length === 0) return [];
  return [
    new redis.PatchSchedule(
      `${plan.name}-patch-schedule`,
      {
        default: PATCH_SCHEDULE_NAME,
        name: target.resourceName,
        resourceGroupName: target.resourceGroupName,
        scheduleEntries: plan.patchSchedule.map((e) => ({ ...e })),
      },
      { parent, dependsOn: plan.gate.after(...(target.resource ? [target.resource] : [])) },
    ),
  ];
}

/** The part: `patchSchedule` (Azure Cache for Redis; Managed Redis refuses the argument, so none). */
export const patchSchedulePart = {
  name: "patch-schedule",
  check: ({ ctx, args }) => ({ patchSchedule: checkPatchSchedule(ctx, args.patchSchedule) }),
  create: createPatchSchedule,
} satisfies Part<{ patchSchedule: PatchScheduleEntryArgs[] }>;
