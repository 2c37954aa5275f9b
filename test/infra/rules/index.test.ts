import { test } from "node:test";
import assert from "node:assert/strict";
import * as managedEnums from "@pulumi/azure-native/types/enums/redisenterprise/index.js";
import { AZURE_CONSTRAINTS, constraint, RULE_SUBJECTS } from "../../../src/infra/rules/index.ts";
import {
  CACHE_CONFIG_READ_ONLY,
  CACHE_CONFIG_RULES,
  cacheConfigRule,
} from "../../../src/infra/rules/redis-configuration.ts";
import { SPEC_FILES, SPEC_LABELS, valuesAt } from "../../../src/infra/rules/rule.ts";
import { MANAGED_SKUS } from "../../../src/infra/rules/sizing.ts";
import { PROBES } from "./probes.ts";

const GUID = "11111111-1111-4111-8111-111111111111";

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
      ["", "KEA", "Ex", "Kg$lshzxetm"],
      ["n", "KEAn", "Q", "d", "KEd"],
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

test("every constraint names a spec file and a JSON pointer; ids are found by constraint()", () => {
  assert.deepEqual(Object.keys(SPEC_LABELS).sort(), Object.keys(SPEC_FILES).sort(), "every file has a label");
  for (const c of AZURE_CONSTRAINTS) {
    assert.ok(Object.hasOwn(SPEC_FILES, c.spec.file), c.id);
    if (c.spec.file === "cache" || c.spec.file === "managed" || c.spec.file === "managedAccess") {
      assert.match(c.spec.pointer, /^\/(paths|definitions|parameters)\//, c.id);
    }
    assert.equal(constraint(c.id), c);
  }
  assert.throws(() => constraint("cache.nope"), /no constraint "cache.nope"/);
  for (const rule of Object.values(CACHE_CONFIG_RULES)) assert.match(rule.pointer, /^\/definitions\//);
});

test("every subject has a title of its own and at least one constraint", () => {
  const titles = RULE_SUBJECTS.map((s) => s.title);
  assert.equal(new Set(titles).size, titles.length);
  for (const s of RULE_SUBJECTS) assert.ok(s.constraints.length > 0, s.title);
  assert.equal(
    AZURE_CONSTRAINTS.length,
    RULE_SUBJECTS.reduce((n, s) => n + s.constraints.length, 0),
  );
});

test("valuesAt reads dotted paths and fans out over arrays", () => {
  const inputs = { sku: { name: "Premium" }, zones: ["1", "2"], modules: [{ name: "A" }, { name: "B" }] };
  assert.deepEqual(valuesAt(inputs, "sku.name"), ["Premium"]);
  assert.deepEqual(valuesAt(inputs, "zones[]"), ["1", "2"]);
  assert.deepEqual(valuesAt(inputs, "modules[].name"), ["A", "B"]);
  assert.deepEqual(valuesAt(inputs, "missing.path"), []);
});
