import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as managedEnums from "@pulumi/azure-native/types/enums/redisenterprise/index.js";
import {
  AZURE_CONSTRAINTS,
  CACHE_CONFIG_READ_ONLY,
  CACHE_CONFIG_RULES,
  cacheConfigRule,
  MANAGED_SKUS,
  SPEC_FILES,
  valuesAt,
} from "../../src/infra/azure-spec.ts";

const GUID = "11111111-1111-4111-8111-111111111111";

/** Both sides of every constraint: values Azure accepts and values it (or the component) refuses. */
const PROBES: Record<string, { valid: unknown[]; invalid: unknown[] }> = {
  "cache.name": {
    valid: ["a", "my-cache", "Cache1", "a".repeat(63)],
    invalid: ["", "-a", "a-", "my_cache", "my.cache", "a--b", "a".repeat(64), 5],
  },
  "cache.sku.name": { valid: ["Basic", "Standard", "Premium"], invalid: ["Enterprise", "premium", ""] },
  "cache.sku.family": { valid: ["C", "P"], invalid: ["E", "c"] },
  "cache.sku.capacity.C": { valid: [0, 6], invalid: [-1, 7, 1.5, "1"] },
  "cache.sku.capacity.P": { valid: [1, 5], invalid: [0, 6] },
  "cache.redisVersion": {
    valid: ["6", "6.0", "latest"],
    invalid: ["6.2", "6.1", "6.0.20", "4", "4.0", "7", "", 6],
  },
  "cache.minimumTlsVersion": { valid: ["1.2", "1.0"], invalid: ["1.3", "TLS1_2"] },
  "cache.publicNetworkAccess": { valid: ["Enabled", "Disabled"], invalid: ["enabled", "Off"] },
  "cache.zones": { valid: ["1", "3"], invalid: ["0", "4", 1] },
  "cache.replicasPerPrimary": { valid: [1, 3], invalid: [0, 4] },
  "cache.shardCount": { valid: [1, 30], invalid: [0, 31] },
  "cache.enableNonSslPort": { valid: [false], invalid: [true] },
  "cache.disableAccessKeyAuthentication": { valid: [true, false], invalid: ["true"] },
  "cache.redisConfiguration": {
    valid: [{}, { maxmemoryPolicy: "allkeys-lru", rdbBackupFrequency: "60" }],
    invalid: [
      { maxclients: "100" },
      { aadEnabled: "false" },
      { rdbBackupFrequency: "45" },
      { rdbBackupFrequency: "1h" },
      { "maxmemory-policy": "allkeys-lru" },
    ],
  },
  "cache.accessPolicy.name": {
    valid: ["abc", "Reporting Read Only", "a".repeat(63)],
    invalid: ["ab", " abc", "abc ", "a_b_c", "a".repeat(64)],
  },
  "cache.accessPolicy.permissions": { valid: ["+@read allkeys"], invalid: ["", 1] },
  "cache.assignment.name": {
    valid: ["app", "my-app-1", "a".repeat(63)],
    invalid: ["ab", "my app", "-app", "a".repeat(64)],
  },
  "cache.assignment.accessPolicyName": { valid: ["Data Owner", "custom-1"], invalid: ["Data Owner ", "a_b"] },
  "cache.assignment.objectId": { valid: [GUID], invalid: ["not-a-guid", `/groups/${GUID}`] },
  "cache.firewallRule.name": {
    valid: ["office_1", "a".repeat(100)],
    invalid: ["office-1", "", "a".repeat(101)],
  },
  "cache.firewallRule.ip": {
    valid: ["203.0.113.10", "0.0.0.0", "255.255.255.255"],
    invalid: ["256.0.0.1", "1.2.3", "::1", "01.2.3.4"],
  },
  "managed.clusterName": {
    valid: ["a", "my-cluster", "a".repeat(60)],
    invalid: ["", "-a", "a-", "a--b", "a_b", "a".repeat(61)],
  },
  "managed.databaseName": { valid: ["default"], invalid: ["db1"] },
  "managed.sku.name": {
    valid: [
      "Balanced_B0",
      "Balanced_B1",
      "MemoryOptimized_M10",
      "ComputeOptimized_X3",
      "FlashOptimized_A250",
    ],
    invalid: [
      "Balanced_B2",
      "MemoryOptimized_M1",
      "FlashOptimized_A1",
      "Enterprise_E10",
      "EnterpriseFlash_F300",
      "B1",
    ],
  },
  "managed.highAvailability": { valid: ["Enabled", "Disabled"], invalid: [true, "On"] },
  "managed.minimumTlsVersion": { valid: ["1.2"], invalid: ["1.3"] },
  "managed.publicNetworkAccess": { valid: ["Enabled", "Disabled"], invalid: [undefined, "enabled"] },
  "managed.zones": { valid: ["1", "2"], invalid: ["4"] },
  "managed.clientProtocol": { valid: ["Encrypted"], invalid: ["Plaintext", "TLS"] },
  "managed.port": { valid: [10000], invalid: [6380, "10000"] },
  "managed.clusteringPolicy": {
    valid: ["OSSCluster", "EnterpriseCluster", "NoCluster"],
    invalid: ["ossCluster", "Cluster"],
  },
  "managed.evictionPolicy": { valid: ["VolatileLRU", "NoEviction"], invalid: ["volatile-lru", "LRU"] },
  "managed.accessKeysAuthentication": { valid: ["Enabled", "Disabled"], invalid: [false] },
  "managed.persistence.aofFrequency": { valid: ["1s"], invalid: ["always", "1h", "2s"] },
  "managed.persistence.rdbFrequency": { valid: ["1h", "6h", "12h"], invalid: ["24h", "60", "1s"] },
  "managed.persistence.oneOf": {
    valid: [{}, { aofEnabled: true }, { rdbEnabled: true, aofEnabled: false }],
    invalid: [{ aofEnabled: true, rdbEnabled: true }],
  },
  "managed.modules.name": {
    valid: ["RediSearch", "RedisJSON", "RedisBloom", "RedisTimeSeries"],
    invalid: ["redisearch", "RedisGraph"],
  },
  "managed.assignment.name": { valid: ["app", "a".repeat(60)], invalid: ["my-app", "a".repeat(61), ""] },
  "managed.assignment.accessPolicyName": { valid: ["default"], invalid: ["Data Owner"] },
  "managed.assignment.accessString": {
    valid: ["+@all ~*", "+@read ~cache:*", "+@all -@dangerous +cluster|info allkeys"],
    invalid: ["+@reed ~*", "on >secret +@all ~*", 42],
  },
  "managed.assignment.objectId": { valid: [GUID], invalid: ["app"] },
  "network.privateEndpoint.name": {
    valid: ["ab", "my_app-pe", "my.app-pe_", "a".repeat(64)],
    invalid: ["a", "-pe", "pe-", "pe.", "a".repeat(65), "my app"],
  },
  "network.virtualNetworkLink.name": {
    valid: ["l", "my_app-dns-link0a1b2c3d"],
    invalid: ["_l", "link.", "a".repeat(81)],
  },
};

test("every constraint is probed on both sides: each valid value accepted, each invalid one refused", () => {
  const ids = AZURE_CONSTRAINTS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, "constraint ids are unique");
  assert.deepEqual(Object.keys(PROBES).sort(), [...ids].sort(), "one probe per constraint, none left over");
  for (const c of AZURE_CONSTRAINTS) {
    const probe = PROBES[c.id];
    assert.ok(probe.valid.length > 0 && probe.invalid.length > 0, `${c.id} has both sides`);
    for (const v of probe.valid) assert.equal(c.accepts(v), true, `${c.id} accepts ${JSON.stringify(v)}`);
    for (const v of probe.invalid) assert.equal(c.accepts(v), false, `${c.id} refuses ${JSON.stringify(v)}`);
  }
});

test("the values the issue found accepted are refused: redisVersion 6.x.y, rdb frequency 45/1h, SKUs that don't exist", () => {
  const byId = new Map(AZURE_CONSTRAINTS.map((c) => [c.id, c]));
  for (const v of ["6.2", "6.1", "6.0.20"])
    assert.equal(byId.get("cache.redisVersion")!.accepts(v), false, v);
  for (const v of ["45", "1h"]) assert.equal(CACHE_CONFIG_RULES.rdbBackupFrequency.accepts(v), false, v);
  for (const v of ["Balanced_B2", "MemoryOptimized_M1", "FlashOptimized_A1"]) {
    assert.equal(byId.get("managed.sku.name")!.accepts(v), false, v);
  }
});

test("Managed Redis SKUs are azure-native's own SkuName enum, minus the retired Enterprise SKUs", () => {
  const all = Object.values(managedEnums.SkuName);
  assert.ok(all.length > 40, "the runtime enum object exists and is populated");
  assert.deepEqual(
    MANAGED_SKUS,
    all.filter((s) => !s.startsWith("Enterprise")),
  );
  assert.ok(MANAGED_SKUS.includes("Balanced_B1"));
  assert.ok(!MANAGED_SKUS.some((s) => s.startsWith("Enterprise")));
});

test("redisConfiguration: every key azure-native knows has a rule; read-only and unknown keys have none", () => {
  for (const [key, rule] of Object.entries(CACHE_CONFIG_RULES)) {
    assert.equal(cacheConfigRule(key), rule);
    assert.ok(rule.pointer.endsWith(`/${rule.apiName}`), `${key} points at its spec definition`);
  }
  for (const key of ["maxclients", "zonalConfiguration", "preferredDataArchiveAuthMethod", "toString"]) {
    assert.equal(cacheConfigRule(key), undefined, key);
  }
  assert.deepEqual(Object.keys(CACHE_CONFIG_READ_ONLY).sort(), [
    "maxclients",
    "preferred-data-archive-auth-method",
    "zonal-configuration",
  ]);
  // value rules, both sides
  const probes: Record<string, [unknown[], unknown[]]> = {
    rdbBackupFrequency: [
      ["15", "30", "60", "360", "720", "1440"],
      ["45", "1h", "0", 60],
    ],
    maxmemoryPolicy: [
      ["allkeys-lru", "noeviction", "volatile-ttl"],
      ["AllKeysLRU", "lru", ""],
    ],
    rdbBackupEnabled: [
      ["true", "false", "True"],
      ["yes", "1"],
    ],
    aofBackupEnabled: [["true"], ["on"]],
    maxmemoryReserved: [
      ["0", "125"],
      ["-1", "1.5", "10MB"],
    ],
    maxmemoryDelta: [["50"], ["x"]],
    maxfragmentationmemoryReserved: [["50"], ["5%"]],
    notifyKeyspaceEvents: [
      ["", "KEA", "Ex", "Kg$lshzxetmd"],
      ["n", "KEAn", "Q"],
    ],
    preferredDataPersistenceAuthMethod: [
      ["SAS", "ManagedIdentity"],
      ["sas", "Key"],
    ],
    rdbBackupMaxSnapshotCount: [
      ["1", "10"],
      ["0", "-1", "one"],
    ],
    storageSubscriptionId: [[GUID], ["sub-1"]],
    rdbStorageConnectionString: [["DefaultEndpointsProtocol=https;AccountName=x"], [""]],
    aofStorageConnectionString0: [["x"], [""]],
    aofStorageConnectionString1: [["x"], [""]],
    aadEnabled: [["true"], ["maybe"]],
    authnotrequired: [["false"], ["maybe"]],
  };
  assert.deepEqual(Object.keys(probes).sort(), Object.keys(CACHE_CONFIG_RULES).sort(), "every key probed");
  for (const [key, [valid, invalid]] of Object.entries(probes)) {
    const rule = cacheConfigRule(key)!;
    for (const v of valid) assert.equal(rule.accepts(v), true, `${key} accepts ${JSON.stringify(v)}`);
    for (const v of invalid) assert.equal(rule.accepts(v), false, `${key} refuses ${JSON.stringify(v)}`);
  }
  assert.equal(
    CACHE_CONFIG_RULES.rdbStorageConnectionString.showValue,
    false,
    "connection strings never shown",
  );
});

test("every constraint names a spec file and a JSON pointer, and the docs table has a row for each", () => {
  const doc = readFileSync(new URL("../../docs/azure-constraints.md", import.meta.url), "utf8");
  for (const file of Object.values(SPEC_FILES)) assert.ok(doc.includes(file), `docs name ${file}`);
  for (const c of AZURE_CONSTRAINTS) {
    assert.ok(c.spec.file in SPEC_FILES);
    if (c.spec.file === "cache" || c.spec.file === "managed") {
      assert.match(c.spec.pointer, /^\/(paths|definitions|parameters)\//, c.id);
    }
    const row = doc.split("\n").find((line) => line.startsWith(`| \`${c.id}\` `));
    assert.ok(row !== undefined, `docs/azure-constraints.md has a row for ${c.id}`);
    assert.ok(row.includes(c.spec.pointer), `the row of ${c.id} names its pointer ${c.spec.pointer}`);
    assert.equal(
      row.includes("stricter") || row.includes("looser"),
      c.stricter !== undefined,
      `${c.id}: the row says whether we are stricter`,
    );
  }
  for (const rule of Object.values(CACHE_CONFIG_RULES)) {
    assert.ok(doc.includes(`| \`${rule.apiName}\` `), `docs list redisConfiguration ${rule.apiName}`);
  }
});

test("valuesAt reads dotted paths and fans out over arrays", () => {
  const inputs = { sku: { name: "Premium" }, zones: ["1", "2"], modules: [{ name: "A" }, { name: "B" }] };
  assert.deepEqual(valuesAt(inputs, "sku.name"), ["Premium"]);
  assert.deepEqual(valuesAt(inputs, "zones[]"), ["1", "2"]);
  assert.deepEqual(valuesAt(inputs, "modules[].name"), ["A", "B"]);
  assert.deepEqual(valuesAt(inputs, "missing.path"), []);
});
