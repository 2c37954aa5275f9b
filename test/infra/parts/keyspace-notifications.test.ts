/**
 * Keyspace notifications (parts/keyspace-notifications.ts) under Pulumi mocks: named event classes
 * become the cache's `redisConfiguration.notifyKeyspaceEvents` beside Entra ID; every refusal names
 * the field before anything is registered. keyspace-notifications-preview.test.ts runs the same tests
 * in dry-run mode; test/server/infra/parts/keyspace-notifications.test.ts checks the flags against redis-server.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { EntraManagedRedis, EntraRedisCache, EntraRedisInputError } from "../../../src/index.ts";
import {
  KeyspaceChannel,
  KeyspaceEvent,
  keyspaceFlags,
} from "../../../src/infra/parts/keyspace-notifications.ts";
import { CACHE_CONFIG_RULES } from "../../../src/infra/rules/redis-configuration.ts";
import { migrationSourceOf } from "../../../src/infra/parts/migration-source.ts";
import { children, DRY_RUN, find, OID1, reset, RG, settle } from "../mocks.ts";

const CACHE = "azure-native:redis:Redis";
let n = 0;
const next = () => `keyspace${DRY_RUN ? "dry" : ""}${++n}`;
const base = {
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  allowPublicNetworkAccess: true,
};

/** Builds a cache with these extra arguments; returns the error it throws, if any. */
function build(extra: Record<string, unknown>, name = next()): EntraRedisInputError | undefined {
  try {
    new EntraRedisCache(name, { ...base, ...extra });
    return undefined;
  } catch (err) {
    assert.ok(err instanceof EntraRedisInputError, String(err));
    return err;
  }
}

describe(`keyspace notifications (${DRY_RUN ? "preview" : "up"})`, () => {
  test("named classes become notifyKeyspaceEvents on the cache, beside Entra ID and the user's settings", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      ...base,
      redisConfiguration: { maxmemoryPolicy: "allkeys-lru" },
      keyspaceNotifications: { events: ["evicted", "expired"] },
    });
    await settle();
    const cache = find(CACHE, `${name}-redis`);
    assert.deepEqual(cache.inputs.redisConfiguration, {
      maxmemoryPolicy: "allkeys-lru",
      notifyKeyspaceEvents: "Exe",
      aadEnabled: "true",
    });
    // A setting, not a resource: the same children as a cache without it.
    const without = next();
    new EntraRedisCache(without, { ...base, redisConfiguration: { maxmemoryPolicy: "allkeys-lru" } });
    await settle();
    const types = (component: string) =>
      children(component)
        .map((r) => r.type)
        .sort();
    assert.deepEqual(types(name), types(without));
  });

  test("both channels, every class and key misses; no keyspaceNotifications, no setting", async () => {
    reset();
    const all = next();
    new EntraRedisCache(all, {
      ...base,
      keyspaceNotifications: { events: ["keyMiss", "all", "hash"], channels: ["keyspace", "keyevent"] },
    });
    const none = next();
    new EntraRedisCache(none, base);
    await settle();
    const config = find(CACHE, `${all}-redis`).inputs.redisConfiguration as Record<string, unknown>;
    assert.equal(config.notifyKeyspaceEvents, "EKmA");
    assert.deepEqual(find(CACHE, `${none}-redis`).inputs.redisConfiguration, { aadEnabled: "true" });
  });

  test("flags: channels first, classes in Redis's order, no repeats, 'all' covers every class but key misses", () => {
    assert.equal(keyspaceFlags(["expired"], ["keyevent"]), "Ex");
    assert.equal(keyspaceFlags(["string", "generic", "string"], ["keyspace"]), "Kg$");
    assert.equal(keyspaceFlags(["all", "list", "keyMiss"], ["keyspace", "keyevent"]), "EKmA");
    assert.equal(keyspaceFlags(["stream", "evicted", "sortedSet"], ["keyevent"]), "Ezet");
  });

  test("every value it makes meets the rule a raw notifyKeyspaceEvents meets (one rule source)", () => {
    const events = Object.values(KeyspaceEvent);
    const channels = Object.values(KeyspaceChannel);
    for (const e of events)
      for (const c of channels) {
        const flags = keyspaceFlags([e], [c]);
        assert.ok(CACHE_CONFIG_RULES.notifyKeyspaceEvents.accepts(flags), flags);
      }
    assert.ok(CACHE_CONFIG_RULES.notifyKeyspaceEvents.accepts(keyspaceFlags(events, channels)));
  });

  const refusals: [string, Record<string, unknown>, RegExp][] = [
    ["not an object", { keyspaceNotifications: "Ex" }, /keyspaceNotifications.*is not an object/],
    ["no events", { keyspaceNotifications: { events: [] } }, /keyspaceNotifications\.events.*one or more/],
    [
      "an unknown class, by its index",
      { keyspaceNotifications: { events: ["expired", "expiry"] } },
      /keyspaceNotifications\.events\[1\].*"expiry"/,
    ],
    [
      "an unknown channel",
      { keyspaceNotifications: { events: ["expired"], channels: ["K"] } },
      /keyspaceNotifications\.channels\[0\]/,
    ],
    [
      "a misspelled key, with the right one",
      { keyspaceNotifications: { classes: ["expired"] } },
      /keyspaceNotifications\.classes.*did you mean "events"/,
    ],
    [
      "beside redisConfiguration.notifyKeyspaceEvents",
      { redisConfiguration: { notifyKeyspaceEvents: "Ex" }, keyspaceNotifications: { events: ["expired"] } },
      /keyspaceNotifications.*same setting as redisConfiguration\.notifyKeyspaceEvents.*keep one/,
    ],
    [
      "with existingCache",
      {
        existingCache: { name: "legacy", resourceGroupName: RG },
        allowPublicNetworkAccess: undefined,
        keyspaceNotifications: { events: ["expired"] },
      },
      /keyspaceNotifications.*existingCache.*az redis update/,
    ],
  ];
  for (const [what, extra, message] of refusals) {
    test(`refused before anything is registered: ${what}`, async () => {
      reset();
      const name = next();
      const err = build(extra, name);
      assert.ok(err !== undefined, "refused");
      assert.match(err.message, message);
      await settle();
      assert.deepEqual(children(name), []);
    });
  }

  test("a migration from the cache knows it has keyspace notifications (Azure's migration doesn't copy them)", () => {
    reset();
    const on = new EntraRedisCache(next(), { ...base, keyspaceNotifications: { events: ["expired"] } });
    const off = new EntraRedisCache(next(), base);
    assert.equal(migrationSourceOf(on.resourceId)?.keyspaceNotifications, true);
    assert.equal(migrationSourceOf(off.resourceId)?.keyspaceNotifications, false);
  });

  test("EntraManagedRedis refuses it by name, with the reason, instead of 'not an argument'", () => {
    assert.throws(
      () =>
        new EntraManagedRedis(next(), {
          ...base,
          keyspaceNotifications: { events: ["expired"] },
        } as unknown as ConstructorParameters<typeof EntraManagedRedis>[1]),
      (err: unknown) =>
        err instanceof EntraRedisInputError &&
        /keyspaceNotifications is not supported by EntraManagedRedis.*redisenterprise\.Database/.test(
          err.message,
        ),
    );
  });
});
