/**
 * The patch schedule under Pulumi mocks: one `redis:PatchSchedule` named "default" on the cache (new
 * or existing), after the cache; refused on Azure Managed Redis; every field checked before anything
 * is registered, the error naming the field.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as redis from "@pulumi/azure-native/redis/index.js";
import { children, find, OID1, onCall, reset, RG, settle, SUB } from "../mocks.ts";
import {
  DayOfWeek,
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  type EntraManagedRedisArgs,
  type PatchScheduleEntryArgs,
} from "../../../src/index.ts";
import { durationSeconds } from "../../../src/infra/parts/patch-schedule.ts";

let n = 0;
const next = () => `patch${++n}`;
const PATCH = "azure-native:redis:PatchSchedule";
const CACHE = "azure-native:redis:Redis";

describe("patch schedule: resources and order", () => {
  test("one PatchSchedule named default on the cache, entries as given, after the cache", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      allowPublicNetworkAccess: true,
      patchSchedule: [
        { dayOfWeek: "Sunday", startHourUtc: 2, maintenanceWindow: "PT5H" },
        { dayOfWeek: DayOfWeek.Wednesday, startHourUtc: 23, maintenanceWindow: "PT6H30M" },
        { dayOfWeek: "Saturday", startHourUtc: 0 },
      ],
    });
    await settle();
    const schedules = children(name).filter((r) => r.type === PATCH);
    assert.equal(schedules.length, 1);
    const patch = find(PATCH, `${name}-patch-schedule`);
    const cache = find(CACHE, `${name}-redis`);
    assert.equal(patch.inputs.default, "default");
    assert.equal(patch.inputs.name, cache.inputs.name ?? `${name}-redis`);
    assert.equal(patch.inputs.resourceGroupName, RG);
    assert.deepEqual(patch.inputs.scheduleEntries, [
      { dayOfWeek: "Sunday", startHourUtc: 2, maintenanceWindow: "PT5H" },
      { dayOfWeek: "Wednesday", startHourUtc: 23, maintenanceWindow: "PT6H30M" },
      { dayOfWeek: "Saturday", startHourUtc: 0 },
    ]);
    assert.ok(patch.dependencies.includes(cache.urn), "the schedule waits for the cache");
  });

  test("an existing cache gets the schedule on its own name and resource group", async () => {
    reset();
    onCall((token, inputs) =>
      token === "azure-native:redis:getRedis"
        ? {
            id: `/subscriptions/${SUB}/resourceGroups/${String(inputs.resourceGroupName)}/providers/Microsoft.Cache/Redis/${String(inputs.name)}`,
            name: inputs.name,
            location: "westeurope",
            hostName: `${String(inputs.name)}.redis.cache.windows.net`,
            sslPort: 6380,
            redisVersion: "6.0",
            enableNonSslPort: false,
            disableAccessKeyAuthentication: true,
            redisConfiguration: { aadEnabled: "true" },
            publicNetworkAccess: "Enabled",
          }
        : undefined,
    );
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      existingCache: { name: "legacy", resourceGroupName: "rg-legacy" },
      assignments: [{ objectId: OID1, alias: "app" }],
      patchSchedule: [{ dayOfWeek: "Weekend", startHourUtc: 4 }],
    });
    await settle();
    const patch = find(PATCH, `${name}-patch-schedule`);
    assert.equal(patch.inputs.name, "legacy");
    assert.equal(patch.inputs.resourceGroupName, "rg-legacy");
    assert.deepEqual(patch.inputs.scheduleEntries, [{ dayOfWeek: "Weekend", startHourUtc: 4 }]);
    onCall(() => undefined);
  });

  test("no patchSchedule, no schedule resource", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      allowPublicNetworkAccess: true,
    });
    await settle();
    assert.equal(children(name).filter((r) => r.type === PATCH).length, 0);
  });

  test("DayOfWeek has exactly azure-native's values", () => {
    assert.deepEqual(Object.values(DayOfWeek).sort(), Object.values(redis.DayOfWeek).sort());
  });
});

describe("patch schedule: rules", () => {
  const bad: [string, unknown, string, RegExp][] = [
    [
      "a day that isn't one",
      [{ dayOfWeek: "Mon", startHourUtc: 1 }],
      "patchSchedule[0].dayOfWeek",
      /is not a day of the week; use "Monday"/,
    ],
    [
      "a lower-case day",
      [{ dayOfWeek: "sunday", startHourUtc: 1 }],
      "patchSchedule[0].dayOfWeek",
      /is not a day of the week/,
    ],
    [
      "hour 24",
      [{ dayOfWeek: "Monday", startHourUtc: 24 }],
      "patchSchedule[0].startHourUtc",
      /use a whole number from 0 to 23/,
    ],
    ["hour -1", [{ dayOfWeek: "Monday", startHourUtc: -1 }], "patchSchedule[0].startHourUtc", /from 0 to 23/],
    [
      "hour 2.5",
      [{ dayOfWeek: "Monday", startHourUtc: 2.5 }],
      "patchSchedule[0].startHourUtc",
      /from 0 to 23/,
    ],
    ["hour missing", [{ dayOfWeek: "Monday" }], "patchSchedule[0].startHourUtc", /from 0 to 23/],
    [
      "the same day twice",
      [
        { dayOfWeek: "Monday", startHourUtc: 1 },
        { dayOfWeek: "Monday", startHourUtc: 13 },
      ],
      "patchSchedule[1].dayOfWeek",
      /schedules Monday again \(already in patchSchedule\[0\]\)/,
    ],
    [
      "Weekend next to Sunday",
      [
        { dayOfWeek: "Sunday", startHourUtc: 1 },
        { dayOfWeek: "Weekend", startHourUtc: 3 },
      ],
      "patchSchedule[1].dayOfWeek",
      /schedules Sunday again/,
    ],
    [
      "Everyday next to any day",
      [
        { dayOfWeek: "Everyday", startHourUtc: 1 },
        { dayOfWeek: "Friday", startHourUtc: 3 },
      ],
      "patchSchedule[1].dayOfWeek",
      /schedules Friday again \(already in patchSchedule\[0\]\)/,
    ],
    [
      "a window under 5 hours",
      [{ dayOfWeek: "Monday", startHourUtc: 1, maintenanceWindow: "PT4H59M" }],
      "patchSchedule[0].maintenanceWindow",
      /shorter than the 5 hours Azure requires/,
    ],
    [
      "a window that isn't a duration",
      [{ dayOfWeek: "Monday", startHourUtc: 1, maintenanceWindow: "5h" }],
      "patchSchedule[0].maintenanceWindow",
      /is not an ISO 8601 duration/,
    ],
    [
      "a window in a .NET timespan",
      [{ dayOfWeek: "Monday", startHourUtc: 1, maintenanceWindow: "05:00:00" }],
      "patchSchedule[0].maintenanceWindow",
      /is not an ISO 8601 duration/,
    ],
    ["an empty list", [], "patchSchedule", /is empty/],
    ["not a list", { dayOfWeek: "Monday", startHourUtc: 1 }, "patchSchedule", /is not a list/],
  ];
  for (const [what, patchSchedule, field, message] of bad) {
    test(`${what} is refused before anything is registered, naming ${field}`, () => {
      const name = next();
      assert.throws(
        () =>
          new EntraRedisCache(name, {
            resourceGroupName: RG,
            assignments: [{ objectId: OID1, alias: "app" }],
            allowPublicNetworkAccess: true,
            patchSchedule: patchSchedule as PatchScheduleEntryArgs[],
          }),
        (err: unknown) => {
          assert.ok(err instanceof EntraRedisInputError, String(err));
          assert.equal(err.field, field);
          assert.match(err.message, message);
          return true;
        },
      );
      assert.deepEqual(children(name), []);
    });
  }

  test("startHour instead of startHourUtc is refused naming startHourUtc", () => {
    assert.throws(
      () =>
        new EntraRedisCache(next(), {
          resourceGroupName: RG,
          assignments: [{ objectId: OID1, alias: "app" }],
          allowPublicNetworkAccess: true,
          patchSchedule: [{ dayOfWeek: "Monday", startHour: 1 } as unknown as PatchScheduleEntryArgs],
        }),
      (err: unknown) => err instanceof EntraRedisInputError && /startHourUtc/.test(err.message),
    );
  });

  test("Azure Managed Redis refuses patchSchedule", () => {
    const name = next();
    assert.throws(
      () =>
        new EntraManagedRedis(name, {
          resourceGroupName: RG,
          assignments: [{ objectId: OID1, alias: "app" }],
          allowPublicNetworkAccess: true,
          patchSchedule: [{ dayOfWeek: "Monday", startHourUtc: 1 }],
        } as EntraManagedRedisArgs),
      (err: unknown) => {
        assert.ok(err instanceof EntraRedisInputError, String(err));
        assert.equal(err.field, "patchSchedule");
        assert.match(err.message, /Azure Managed Redis has no patch schedule resource/);
        return true;
      },
    );
    assert.deepEqual(children(name), []);
  });

  test("durations: days, hours, minutes and seconds", () => {
    assert.equal(durationSeconds("PT5H"), 18000);
    assert.equal(durationSeconds("PT4H60M"), 18000);
    assert.equal(durationSeconds("P1D"), 86400);
    assert.equal(durationSeconds("P1DT1H"), 90000);
    assert.equal(durationSeconds("PT18000S"), 18000);
    assert.equal(durationSeconds("P"), undefined);
    assert.equal(durationSeconds("PT"), undefined);
    assert.equal(durationSeconds("PT5"), undefined);
  });
});
