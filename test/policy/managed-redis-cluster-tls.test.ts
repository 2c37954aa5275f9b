import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeWith, reported, resource, usePack } from "./helpers.ts";

const POLICY = "managed-redis-cluster-tls";
const TYPE = "azure-native:redisenterprise:RedisEnterprise";
const pack = usePack();
const cluster = (extra: Record<string, unknown>) =>
  resource(TYPE, "cl", {
    resourceGroupName: "rg",
    sku: { name: "Balanced_B1" },
    publicNetworkAccess: "Disabled",
    ...extra,
  });

test("TLS 1.2 or unset (Managed Redis accepts nothing older) complies", async () => {
  assert.deepEqual(await analyzeWith(pack.session(), POLICY, cluster({ minimumTlsVersion: "1.2" })), []);
  assert.deepEqual(await analyzeWith(pack.session(), POLICY, cluster({})), []);
});

test("TLS 1.1 is a violation", async () => {
  const ds = await analyzeWith(pack.session(), POLICY, cluster({ minimumTlsVersion: "1.1" }));
  assert.equal(ds.length, 1);
  assert.match(
    reported(ds[0]),
    /^azure-native:redisenterprise:RedisEnterprise "cl": minimumTlsVersion "1\.1" .*; set minimumTlsVersion: "1\.2"/,
  );
});
