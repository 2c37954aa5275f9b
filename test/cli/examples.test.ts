/**
 * `preview examples/<each>` as a subprocess: every example project previews offline with the expected
 * resources and security settings, and its --json parses. Config values an example requires are given
 * with --config, as a user would.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, runCli } from "./helpers.ts";
import { EXAMPLE_CONFIG } from "./example-config.ts";

interface Cache {
  kind: string;
  name: string;
  entraEnabled: boolean;
  accessKeysDisabled: boolean;
  minimumTlsVersion?: string;
  nonTlsPortEnabled?: boolean;
  publicNetworkAccess?: string;
  firewallRules: { startIp: string; endIp: string }[];
  privateEndpoints: string[];
  customPolicies: { name: string; permissions: string }[];
  assignments: { alias?: string; name?: string; objectId: string; policy: string; after: string[] }[];
  diagnosticSettings: { name: string; logs: string[]; metrics: string[] }[];
  roleAssignments: { principalId: string; roleDefinitionId: string }[];
  lock?: string;
  geoReplication?: { groupNickname?: string; linked: string[] };
  identity?: { type: string; userAssigned: string[] };
  customerManagedKey?: { keyUrl: string; identity: string };
}
interface Connection {
  host: string;
  port: number;
  username: string;
  policy: string;
  tokenScope: string;
  cluster: boolean;
}
interface Doc {
  ok: boolean;
  resources: { type: string; name: string; urn: string; parent?: string; inputs: Record<string, unknown> }[];
  caches: Cache[];
  outputs: Record<string, unknown>;
  errors: { message: string }[];
}

/** Config each example requires, and what its preview must show. */
const EXPECTED: Record<string, { types: string[]; check: (doc: Doc) => void }> = {
  "firewall-app-service": {
    types: [
      "azure-redis-entra:index:EntraRedisCache",
      "azure-native:redis:Redis",
      "azure-native:redis:FirewallRule",
      "azure-native:redis:AccessPolicyAssignment",
      "azure-native:web:WebApp",
    ],
    check(doc) {
      const cache = only(doc.caches);
      assert.equal(cache.publicNetworkAccess, "Enabled");
      assert.deepEqual(cache.firewallRules.map((f) => `${f.startIp}-${f.endIp}`).sort(), [
        "20.1.2.3-20.1.2.3",
        "20.1.4.0-20.1.4.255",
      ]);
      assert.deepEqual(
        cache.assignments.map((a) => [a.alias, a.policy]),
        [["web", "Data Contributor"]],
      );
      assert.equal(doc.outputs["redisPort"], 6380);
      assert.match(String(doc.outputs["appObjectId"]), /^[0-9a-f-]{36}$/);
    },
  },
  "private-link-vnet": {
    types: [
      "azure-redis-entra:index:EntraRedisCache",
      "azure-native:redis:Redis",
      "azure-native:network:PrivateEndpoint",
      "azure-native:redis:AccessPolicyAssignment",
      "azure-native:monitor:DiagnosticSetting",
      "azure-native:authorization:RoleAssignment",
      "azure-native:redis:PatchSchedule",
      "azure-native:authorization:ManagementLockByScope",
    ],
    check(doc) {
      const cache = only(doc.caches);
      const redis = doc.resources.find((r) => r.type === "azure-native:redis:Redis");
      assert.equal(redis?.inputs["zonalAllocationPolicy"], "UserDefined");
      assert.equal(redis?.inputs["updateChannel"], "Stable");
      const schedule = doc.resources.find((r) => r.type === "azure-native:redis:PatchSchedule");
      assert.deepEqual(schedule?.inputs["scheduleEntries"], [
        { dayOfWeek: "Sunday", startHourUtc: 1, maintenanceWindow: "PT5H" },
      ]);
      assert.deepEqual(
        cache.diagnosticSettings.map((d) => [d.logs, d.metrics]),
        [[["ConnectedClientList", "MSEntraAuthenticationAuditLog"], ["AllMetrics"]]],
      );
      assert.equal(cache.roleAssignments.length, 1);
      assert.match(
        cache.roleAssignments[0].roleDefinitionId,
        /\/roleDefinitions\/43d0d8ad-25c7-4714-9337-8ba259a9fe05$/,
      );
      assert.equal(cache.lock, "CanNotDelete");
      // The lock is the component's last child.
      const component = doc.resources.find((r) => r.type === "azure-redis-entra:index:EntraRedisCache");
      const kids = doc.resources.filter((r) => component !== undefined && r.parent === component.urn);
      assert.equal(kids[kids.length - 1]?.type, "azure-native:authorization:ManagementLockByScope");
      assert.equal(cache.publicNetworkAccess, "Disabled");
      assert.equal(cache.privateEndpoints.length, 1);
      assert.deepEqual(cache.firewallRules, []);
      assert.ok(
        doc.resources.some((r) => r.type === "azure-native:privatedns:PrivateZone"),
        "a new DNS zone",
      );
      assert.ok(
        doc.resources.some((r) => r.type === "azure-native:privatedns:VirtualNetworkLink"),
        "linked to the VNet",
      );
      const worker = (doc.outputs["connections"] as Record<string, Connection>)["worker"];
      assert.equal(worker.policy, "Data Contributor");
      assert.equal(worker.port, 6380);
    },
  },
  "custom-readonly-policy": {
    types: [
      "azure-redis-entra:index:EntraRedisCache",
      "azure-native:redis:Redis",
      "azure-native:redis:AccessPolicy",
      "azure-native:redis:AccessPolicyAssignment",
      "azure-native:network:PrivateEndpoint",
    ],
    check(doc) {
      const cache = only(doc.caches);
      assert.deepEqual(
        cache.customPolicies.map((p) => p.name),
        ["Reporting Read Only"],
      );
      assert.match(cache.customPolicies[0].permissions, /\+@read/);
      assert.equal(cache.assignments.length, 2);
      assert.ok(cache.assignments.some((a) => a.policy === "Reporting Read Only"));
      // Serialised writes: the second assignment waits for an earlier policy/assignment write.
      assert.ok(cache.assignments[1].after.length > 0, JSON.stringify(cache.assignments));
      assert.ok(
        !doc.resources.some((r) => r.type === "azure-native:privatedns:PrivateZone"),
        "no new zone when privateDnsZoneId is given",
      );
      const app = doc.outputs["appConnection"] as Connection;
      const reporting = doc.outputs["reportingConnection"] as Connection;
      assert.equal(app.policy, "Data Contributor");
      assert.equal(reporting.policy, "Reporting Read Only");
      assert.notEqual(app.username, reporting.username);
    },
  },
  "managed-redis": {
    types: [
      "azure-redis-entra:index:EntraManagedRedis",
      "azure-native:redisenterprise:RedisEnterprise",
      "azure-native:redisenterprise:Database",
      "azure-native:resources:Resource",
      "azure-native:network:PrivateEndpoint",
    ],
    check(doc) {
      const cache = only(doc.caches);
      assert.equal(cache.kind, "Azure Managed Redis");
      assert.equal(cache.publicNetworkAccess, "Disabled");
      const db = doc.resources.find((r) => r.type === "azure-native:redisenterprise:Database");
      assert.equal(db?.inputs["deferUpgrade"], "Deferred");
      // Customer-managed key: the cluster carries the key reader as identity and in encryption.
      const cluster = doc.resources.find((r) => r.type === "azure-native:redisenterprise:RedisEnterprise");
      const identity = cluster?.inputs["identity"] as { type: string; userAssignedIdentities: unknown[] };
      assert.equal(identity.type, "SystemAssigned, UserAssigned");
      assert.equal(identity.userAssignedIdentities.length, 1);
      const cmk = (
        cluster?.inputs["encryption"] as {
          customerManagedKeyEncryption: { keyEncryptionKeyIdentity: { identityType: string } };
        }
      ).customerManagedKeyEncryption;
      assert.equal(cmk.keyEncryptionKeyIdentity.identityType, "userAssignedIdentity");
      assert.ok(doc.resources.some((r) => r.type === "azure-native:keyvault:Key"));
      // The preview summary shows both, the key read by the cluster's user-assigned identity.
      assert.equal(cache.identity?.type, "SystemAssigned, UserAssigned");
      assert.match(
        cache.customerManagedKey?.keyUrl ?? "",
        /^https:\/\/.+\.vault\.azure\.net\/keys\/.+\/[0-9a-f]{32}$/,
      );
      assert.deepEqual(cache.identity?.userAssigned, [cache.customerManagedKey?.identity]);
      // Data Contributor and Data Reader: per-identity access strings, written one after the other.
      assert.deepEqual(
        cache.assignments.map((a) => a.policy),
        [
          "+@all -@dangerous +cluster|info +cluster|nodes +cluster|slots ~*",
          "+@read +@connection +cluster|info +cluster|nodes +cluster|slots ~*",
        ],
      );
      assert.equal(cache.assignments[1].after.length, 1);
      const api = doc.outputs["apiConnection"] as Connection;
      assert.equal(api.port, 10000);
      assert.equal(api.cluster, true);
      assert.equal(api.policy, "Data Contributor");
      assert.equal((doc.outputs["reportsConnection"] as Connection).policy, "Data Reader");
    },
  },
  "migrate-to-managed-redis": {
    types: [
      "azure-redis-entra:index:EntraRedisCache",
      "azure-redis-entra:index:EntraManagedRedis",
      "azure-native:redis:Redis",
      "azure-native:redisenterprise:RedisEnterprise",
      "azure-native:resources:Resource",
    ],
    check(doc) {
      // The default path: the one-line move (migrateFrom), the app keeping the cache's settings.
      assert.deepEqual(doc.caches.map((c) => c.kind).sort(), [
        "Azure Cache for Redis",
        "Azure Managed Redis",
      ]);
      assert.equal(doc.outputs["migrationPath"], "migrate");
      assert.equal(doc.outputs["appRedisPort"], 6380);
      const migration = doc.resources.find((r) => r.name === "managed-migration");
      assert.ok(migration, "the migration resource");
      assert.deepEqual(Object.keys(migration.inputs["properties"] as object).sort(), [
        "skipDataMigration",
        "sourceResourceId",
        "sourceType",
        "switchDns",
      ]);
      assert.equal((migration.inputs["properties"] as { switchDns: boolean }).switchDns, true);
      // The cache's one identity, taken with its rights (no assignments given to EntraManagedRedis).
      const managed = doc.caches.find((c) => c.kind === "Azure Managed Redis");
      assert.deepEqual(
        managed?.assignments.map((a) => [a.name, a.objectId]),
        [["managed-assignment-app", doc.outputs["appRedisUsername"]]],
      );
    },
  },
  "geo-replication": {
    types: [
      "azure-redis-entra:index:EntraManagedRedis",
      "azure-redis-entra:index:EntraRedisCache",
      "azure-native:redisenterprise:Database",
      "azure-native:redis:LinkedServer",
    ],
    check(doc) {
      assert.deepEqual(doc.caches.map((c) => c.kind).sort(), [
        "Azure Cache for Redis",
        "Azure Cache for Redis",
        "Azure Managed Redis",
        "Azure Managed Redis",
      ]);
      const db = (name: string) => {
        const r = doc.resources.find(
          (x) => x.type === "azure-native:redisenterprise:Database" && x.name === name,
        );
        assert.ok(r, name);
        return r.inputs["geoReplication"] as { groupNickname: string; linkedDatabases: { id: string }[] };
      };
      const west = db("redis-west-db");
      const north = db("redis-north-db");
      assert.equal(west.groupNickname, "orders-geo");
      assert.equal(north.groupNickname, "orders-geo");
      // The first member lists itself; the second the first, then itself.
      assert.deepEqual(
        west.linkedDatabases.map((l) => l.id.replace(/^.*redisEnterprise\//, "")),
        ["redis-west-cluster/databases/default"],
      );
      assert.deepEqual(
        north.linkedDatabases.map((l) => l.id.replace(/^.*redisEnterprise\//, "")),
        ["redis-west-cluster/databases/default", "redis-north-cluster/databases/default"],
      );
      // Entra assignments on each instance.
      for (const c of doc.caches) assert.equal(c.assignments.length, 1, JSON.stringify(c));
      // The summary shows the group on both members and the link on the geo-primary only.
      const summary = Object.fromEntries(doc.caches.map((c) => [c.name, c.geoReplication]));
      assert.equal(summary["redis-west-cluster"]?.groupNickname, "orders-geo");
      assert.equal(summary["redis-north-cluster"]?.linked.length, 2);
      assert.match(summary["cache-west-redis"]?.linked[0] ?? "", /\/cache-north-redis$/i);
      assert.equal(summary["cache-north-redis"], undefined);
      const link = doc.resources.find((r) => r.type === "azure-native:redis:LinkedServer");
      assert.equal(link?.inputs["serverRole"], "Secondary");
      assert.equal(link?.inputs["linkedServerName"], "cache-north-redis");
      assert.equal(link?.inputs["linkedRedisCacheLocation"], "northeurope");
      const west2 = doc.outputs["westConnection"] as Connection;
      const north2 = doc.outputs["northConnection"] as Connection;
      assert.equal(west2.username, north2.username, "one identity, assigned on both");
      assert.notEqual(west2.host, north2.host);
    },
  },
};

function only(caches: Cache[]): Cache {
  assert.equal(caches.length, 1, JSON.stringify(caches));
  const cache = caches[0];
  // The security defaults every example gets from the components.
  assert.equal(cache.entraEnabled, true);
  assert.equal(cache.accessKeysDisabled, true);
  assert.equal(cache.minimumTlsVersion, "1.2");
  assert.notEqual(cache.nonTlsPortEnabled, true);
  return cache;
}

const examplesDir = join(ROOT, "examples");
const examples = readdirSync(examplesDir).filter((d) => existsSync(join(examplesDir, d, "Pulumi.yaml")));

// Each test previews in its own CLI process, reading its example folder: up to four at once.
describe("preview of the examples", { concurrency: 4 }, () => {
  test("every example project has an expectation here", () => {
    assert.ok(examples.length >= 5, `examples: ${examples.join(", ")}`);
    assert.deepEqual(
      examples.filter((e) => !(e in EXPECTED)),
      [],
    );
  });

  for (const example of examples) {
    const expected = EXPECTED[example];
    if (!expected) continue;
    test(`preview examples/${example} --json lists the expected resources and settings`, async () => {
      const r = await runCli([
        "preview",
        join("examples", example),
        "--json",
        ...(EXAMPLE_CONFIG[example] ?? []).flatMap((c) => ["--config", c]),
      ]);
      const doc = JSON.parse(r.stdout) as Doc;
      assert.deepEqual(doc.errors, [], r.stderr);
      assert.equal(r.code, 0);
      assert.equal(doc.ok, true);
      const types = new Set(doc.resources.map((x) => x.type));
      for (const t of expected.types) assert.ok(types.has(t), `${t} missing from ${[...types].join(", ")}`);
      // Component children are parented to the component.
      const component = doc.resources.find((x) => x.type.startsWith("azure-redis-entra:index:"))!;
      assert.ok(
        doc.resources.some((x) => x.parent !== undefined && x.parent.endsWith(`::${component.name}`)),
      );
      expected.check(doc);
    });
  }

  test("migrate-to-managed-redis, the manual path: redisTarget=managed switches the app's settings, same identity", async () => {
    const preview = async (config: string[]) => {
      const r = await runCli([
        "preview",
        "examples/migrate-to-managed-redis",
        "--json",
        ...config.flatMap((c) => ["--config", c]),
      ]);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as Doc;
    };
    const before = await preview(["path=side-by-side"]);
    const after = await preview(["path=side-by-side", "redisTarget=managed"]);
    assert.equal(
      before.resources.some((r) => r.name === "managed-migration"),
      false,
      "no migration on the manual path",
    );
    assert.equal(before.outputs["appRedisPort"], 6380);
    assert.equal(after.outputs["appRedisPort"], 10000);
    assert.equal(before.outputs["appRedisUsername"], after.outputs["appRedisUsername"]);
  });

  test("preview examples/firewall-app-service (human output) shows the tree and the placeholder note", async () => {
    const r = await runCli([
      "preview",
      "examples/firewall-app-service",
      "-c",
      'allowedOutbound=["20.1.2.3"]',
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /are placeholders/);
    assert.match(r.stdout, /cache azure-redis-entra:index:EntraRedisCache \(component\)/);
    assert.match(r.stdout, /Entra on \(aadEnabled=true\)/);
    assert.match(r.stdout, /access keys off/);
  });
});
