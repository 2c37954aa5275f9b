import { test } from "node:test";
import assert from "node:assert/strict";
import { EntraRedisInputError } from "../../src/infra/errors.ts";
import { checkCacheConfiguration, checkConstraint, planChildNames } from "../../src/infra/spec-checks.ts";
import type { Defer } from "../../src/infra/unknown-args.ts";

const CTX = 'EntraRedisCache "c"';
const now: Defer = () => assert.fail("nothing to defer");

function refused(config: unknown): EntraRedisInputError {
  try {
    checkCacheConfiguration(CTX, config, now);
  } catch (e) {
    assert.ok(e instanceof EntraRedisInputError, String(e));
    return e;
  }
  assert.fail(`accepted ${JSON.stringify(config)}`);
}

test("checkConstraint names the value, Azure's rule and the row of docs/azure-constraints.md", () => {
  assert.throws(
    () => checkConstraint(CTX, "redisVersion", "cache.redisVersion", "6.2", 'use "6"'),
    (e: unknown) => {
      assert.ok(e instanceof EntraRedisInputError);
      assert.equal(
        e.message,
        `${CTX}: redisVersion "6.2" is not accepted: "major[.minor]" or "latest", supported 4.0 and 6.0; accepted: 6, 6.0, latest (docs/azure-constraints.md, cache.redisVersion); use "6"`,
      );
      return true;
    },
  );
  checkConstraint(CTX, "redisVersion", "cache.redisVersion", "6.0", 'use "6"');
});

test("redisConfiguration: values by the spec's rules; refused, read-only and unknown keys", () => {
  checkCacheConfiguration(CTX, { maxmemoryPolicy: "allkeys-lru", rdbBackupFrequency: "1440" }, now);
  assert.match(
    refused({ rdbBackupFrequency: "45" }).message,
    /rdbBackupFrequency "45" is not accepted: minutes: 15, 30, 60, 360, 720, 1440/,
  );
  assert.match(refused({ rdbBackupFrequency: "1h" }).message, /"1h" is not accepted/);
  assert.match(refused({ maxmemoryPolicy: "AllKeysLRU" }).message, /one of Redis's eviction policies/);
  assert.match(
    refused({ aadEnabled: "false" }).message,
    /redisConfiguration\.aadEnabled can't be set: Entra ID authentication is always on/,
  );
  assert.match(refused({ "aad-enabled": "false" }).message, /can't be set/);
  assert.match(refused({ AAD_Enabled: "false" }).message, /can't be set/);
  assert.match(refused({ authnotrequired: "true" }).message, /without authentication/);
  assert.match(refused({ maxclients: "1000" }).message, /redisConfiguration\.maxclients is read-only/);
  assert.match(refused({ "maxmemory-policy": "allkeys-lru" }).message, /write it as maxmemoryPolicy/);
  assert.match(refused({ maxmemoryPolcy: "allkeys-lru" }).message, /write it as maxmemoryPolicy/);
  assert.match(refused({ banana: "1" }).message, /use one of aadEnabled, /);
});

test("a connection string that breaks its rule is never shown", () => {
  const e = refused({ rdbStorageConnectionString: "" });
  assert.equal(e.value, "(not shown)");
  const secret = "AccountKey=c2VjcmV0";
  assert.ok(!refused({ rdbStorageConnectionStrin: secret }).message.includes(secret));
});

test("Output values are checked when they resolve, through the gate", async () => {
  const deferred: Promise<void>[] = [];
  checkCacheConfiguration(CTX, { rdbBackupFrequency: Promise.resolve("45") }, (v, recheck) => {
    deferred.push(Promise.resolve(v as Promise<unknown>).then(recheck));
  });
  assert.equal(deferred.length, 1);
  await assert.rejects(deferred[0], /rdbBackupFrequency "45" is not accepted/);
});

test("planChildNames: usual names when valid, derived ones for my_app and 60+ characters", () => {
  assert.deepEqual(
    Object.values(planChildNames("cache", "cache")).map((p) => p.childName),
    ["cache-redis", "cache-pe", "cache-dns-link"],
  );
  const u = planChildNames("my_app", "cache");
  assert.match(u.target.childName, /^my-app-[0-9a-f]{4}-redis$/);
  assert.equal(u.privateEndpoint.childName, "my_app-pe", "underscores are fine in private endpoint names");
  const long = planChildNames("p".repeat(70), "cluster");
  assert.ok(long.target.example.length <= 60 && long.privateEndpoint.example.length <= 64);
  assert.ok(long.dnsLink.example.length <= 80);
});
