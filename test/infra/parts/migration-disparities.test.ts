/**
 * The migration's disparity rules (src/infra/parts/migration-disparities.ts) as a mutation test: a source
 * cache and a Managed Redis instance that match raise nothing; breaking each rule's condition, one at
 * a time, raises exactly that rule, at its level. A rule whose condition stopped working fails here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
  MIGRATION_RULES,
  migrationDisparities,
  type MigrationTargetFacts,
} from "../../../src/infra/parts/migration-disparities.ts";
import type { MigrationSource } from "../../../src/infra/parts/migration-source.ts";

function source(over: Partial<MigrationSource> = {}): MigrationSource {
  return {
    componentName: "cache",
    assignments: [{ alias: "api", objectId: "00000000-0000-0000-0000-000000000001" }],
    customPolicies: [],
    hostName: pulumi.output("cache.redis.cache.windows.net"),
    clustered: false,
    basic: false,
    location: "westeurope",
    adopted: false,
    firewallRules: 0,
    privateEndpoint: false,
    geoReplication: false,
    identity: false,
    patchSchedule: false,
    accessKeyAuthentication: false,
    persistence: false,
    keyspaceNotifications: false,
    databases: false,
    ...over,
  };
}

function target(over: Partial<MigrationTargetFacts> = {}): MigrationTargetFacts {
  return {
    clusteringPolicy: "EnterpriseCluster",
    location: "westeurope",
    highAvailability: true,
    persistence: false,
    identity: false,
    privateEndpoint: false,
    allowPublicNetworkAccess: true,
    accessKeyAuthentication: false,
    switchDns: true,
    missingAliases: [],
    ...over,
  };
}

/** For every rule: the one change to the matching pair that breaks it. */
const BREAKS: Record<string, { source?: Partial<MigrationSource>; target?: Partial<MigrationTargetFacts> }> =
  {
    "private-endpoint": { source: { privateEndpoint: true } },
    "geo-replication": { source: { geoReplication: true } },
    region: { target: { location: "North Europe" } },
    identities: { target: { missingAliases: ["api"] } },
    "public-access": { target: { privateEndpoint: true, allowPublicNetworkAccess: false } },
    clustering: { target: { clusteringPolicy: "OSSCluster" } },
    firewall: { source: { firewallRules: 2 } },
    persistence: { source: { persistence: true } },
    identity: { source: { identity: true } },
    "high-availability": { target: { highAvailability: false } },
    "access-keys": { source: { accessKeyAuthentication: true } },
    "patch-schedule": { source: { patchSchedule: true } },
    "keyspace-notifications": { source: { keyspaceNotifications: true } },
    databases: { source: { databases: true } },
    adopted: { source: { adopted: true } },
  };

test("a matching cache and instance raise no disparity", () => {
  assert.deepEqual(migrationDisparities(source(), target()), []);
  // The same region spelled as Azure's display name.
  assert.deepEqual(migrationDisparities(source({ location: "West Europe" }), target()), []);
});

test("every rule has a break below, and only known rules are broken", () => {
  assert.deepEqual(Object.keys(BREAKS).sort(), MIGRATION_RULES.map((r) => r.rule).sort());
});

for (const rule of MIGRATION_RULES) {
  test(`breaking "${rule.rule}" raises it alone, as ${rule.level}, naming ${rule.field} and a fix`, () => {
    const b = BREAKS[rule.rule];
    const found = migrationDisparities(source(b.source), target(b.target));
    assert.deepEqual(
      found.map((d) => d.rule),
      [rule.rule],
    );
    assert.equal(found[0].level, rule.level);
    assert.equal(found[0].field, rule.field);
    assert.ok(found[0].problem.length > 20 && found[0].fix.length > 10);
  });
}

test("clustering is warned both ways: a clustered cache to a non-OSS instance, and the reverse", () => {
  const toEnterprise = migrationDisparities(source({ clustered: true }), target());
  assert.match(toEnterprise[0].problem, /the cache is clustered/);
  const toOss = migrationDisparities(source(), target({ clusteringPolicy: "OSSCluster" }));
  assert.match(toOss[0].problem, /cluster-aware client/);
  assert.deepEqual(
    migrationDisparities(source({ clustered: true }), target({ clusteringPolicy: "OSSCluster" })),
    [],
  );
});

test("public access matters only when the host name switches, and a Basic cache has no replica to lose", () => {
  assert.deepEqual(
    migrationDisparities(
      source(),
      target({ switchDns: false, privateEndpoint: true, allowPublicNetworkAccess: false }),
    ),
    [],
  );
  assert.deepEqual(migrationDisparities(source({ basic: true }), target({ highAvailability: false })), []);
});
