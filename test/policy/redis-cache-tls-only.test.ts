import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeWith, GOOD_CACHE, reported, resource, usePack } from "./helpers.ts";

const POLICY = "redis-cache-tls-only";
const REDIS = "azure-native:redis:Redis";
const pack = usePack();

test("TLS 1.2 with the non-TLS port off (or left out) complies", async () => {
  assert.deepEqual(await analyzeWith(pack.session(), POLICY, resource(REDIS, "good", GOOD_CACHE)), []);
  const { enableNonSslPort: _e, ...noPort } = GOOD_CACHE;
  assert.deepEqual(await analyzeWith(pack.session(), POLICY, resource(REDIS, "noport", noPort)), []);
});

test("TLS 1.0 and the non-TLS port are violations", async () => {
  const props = { ...GOOD_CACHE, minimumTlsVersion: "1.0", enableNonSslPort: true };
  const ds = (await analyzeWith(pack.session(), POLICY, resource(REDIS, "old", props))).map(reported);
  assert.equal(ds.length, 2);
  assert.match(ds[0], /"old": minimumTlsVersion "1\.0" .*older than 1\.2; set minimumTlsVersion: "1\.2"/);
  assert.match(ds[1], /"old": enableNonSslPort true opens port 6379 without TLS/);
});

test("an unset minimumTlsVersion is a violation (the cache would take Azure's default)", async () => {
  const { minimumTlsVersion: _m, ...rest } = GOOD_CACHE;
  const ds = (await analyzeWith(pack.session(), POLICY, resource(REDIS, "unset", rest))).map(reported);
  assert.equal(ds.length, 1);
  assert.match(ds[0], /minimumTlsVersion \(not set\) is not set/);
});
