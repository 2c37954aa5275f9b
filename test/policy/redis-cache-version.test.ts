import { test } from "node:test";
import assert from "node:assert/strict";
import { redisVersionAtLeast6 } from "../../src/policy/redis-cache-version.ts";
import { analyzeWith, GOOD_CACHE, reported, resource, usePack } from "./helpers.ts";

const POLICY = "redis-cache-version";
const REDIS = "azure-native:redis:Redis";
const pack = usePack();

test("Redis 6, 6.0, latest and unset (Azure's default is latest) comply", async () => {
  for (const redisVersion of ["6", "6.0", "latest", undefined]) {
    const props = { ...GOOD_CACHE, redisVersion };
    assert.deepEqual(
      await analyzeWith(pack.session(), POLICY, resource(REDIS, "v", props)),
      [],
      String(redisVersion),
    );
  }
});

test("Redis 4 is a violation", async () => {
  const ds = await analyzeWith(
    pack.session(),
    POLICY,
    resource(REDIS, "four", { ...GOOD_CACHE, redisVersion: "4" }),
  );
  assert.equal(ds.length, 1);
  assert.match(reported(ds[0]), /"four": redisVersion "4" is older than Redis 6.*; set redisVersion: "6"/);
});

test("redisVersionAtLeast6 reads major[.minor] and latest", () => {
  assert.equal(redisVersionAtLeast6("4.0"), false);
  assert.equal(redisVersionAtLeast6("7"), true);
  assert.equal(redisVersionAtLeast6("LATEST"), true);
  assert.equal(redisVersionAtLeast6("six"), false);
});
