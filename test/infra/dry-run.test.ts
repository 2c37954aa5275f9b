/**
 * Both components in dry-run mode, as `pulumi preview` runs them: new resources have no id and none
 * of the outputs Azure computes, so an identity's principal id, a VNet's id and the cache's host name
 * are unknown. Every child must still register (with its parent and its dependencies), and checks
 * that need an unknown value wait for `pulumi up` instead of blocking the preview.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import * as network from "@pulumi/azure-native/network/index.js";
import { EntraManagedRedis, EntraRedisCache } from "../../src/index.ts";

// The mocks read the mode when first imported; static imports would load them before this line.
process.env.AZURE_REDIS_ENTRA_TEST_DRY_RUN = "1";
const m: typeof import("./mocks.ts") = await import("./mocks.ts");

assert.equal(m.DRY_RUN, true);

/** Whether an Output's value is known (false for values Azure computes, in a preview). */
function isKnown(o: unknown): Promise<boolean> {
  return (o as { isKnown: Promise<boolean> }).isKnown;
}

/** An identity and a VNet created in the same program: their ids are unknown in a preview. */
function newInfra(prefix: string) {
  const identity = new managedidentity.UserAssignedIdentity(`${prefix}-id`, {
    resourceGroupName: m.RG,
  });
  const vnet = new network.VirtualNetwork(`${prefix}-vnet`, {
    resourceGroupName: m.RG,
    addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
  });
  const subnet = new network.Subnet(`${prefix}-subnet`, {
    resourceGroupName: m.RG,
    virtualNetworkName: vnet.name,
    addressPrefix: "10.0.1.0/24",
  });
  return { identity, vnet, subnet };
}

/** The children of `component` as `type name` strings, each checked to have the component as parent. */
function registered(component: string, type: string): string[] {
  const parent = m.resources.find((r) => r.type === type && r.name === component);
  if (parent === undefined) assert.fail(`${type} ${component} not registered`);
  const kids = m.resources.filter((r) => r.parent === parent.urn);
  return kids.map((r) => `${r.type} ${r.name}`).sort();
}

test("dry run: the mocks leave Azure's outputs unknown", async () => {
  m.reset();
  const { identity } = newInfra("probe");
  await m.settle();
  assert.equal(await isKnown(identity.principalId), false);
  assert.equal(await isKnown(identity.id), false);
});

test("dry run: EntraRedisCache registers every child with unknown principal, VNet and subnet ids", async () => {
  m.reset();
  const { identity, vnet, subnet } = newInfra("c1");
  const cache = new EntraRedisCache("c1", {
    resourceGroupName: m.RG,
    sku: "Premium",
    customPolicies: [{ name: "reports-read", permissions: "+@read ~reports:*" }],
    assignments: [
      { objectId: identity.principalId, alias: "app", policy: "reports-read" },
      { objectId: m.OID1, alias: "ops", policy: "Data Owner" },
    ],
    firewallRules: [{ name: "office", cidr: "203.0.113.0/24" }],
    allowPublicNetworkAccess: true,
    privateEndpoint: { subnetId: subnet.id, virtualNetworkId: vnet.id },
  });
  await m.settle();
  assert.deepEqual(m.failures, []);
  assert.deepEqual(registered("c1", "azure-redis-entra:index:EntraRedisCache"), [
    "azure-native:network:PrivateDnsZoneGroup c1-pe-dns",
    "azure-native:network:PrivateEndpoint c1-pe",
    "azure-native:privatedns:PrivateZone c1-dns-zone",
    "azure-native:privatedns:VirtualNetworkLink c1-dns-link",
    "azure-native:redis:AccessPolicy c1-policy-reports-read",
    // keyed by object id where it is a plain value, by alias where it is an Output
    `azure-native:redis:AccessPolicyAssignment c1-assignment-${m.OID1}`,
    "azure-native:redis:AccessPolicyAssignment c1-assignment-app",
    "azure-native:redis:FirewallRule c1-fw-office",
    "azure-native:redis:Redis c1-redis",
  ]);
  // the write chain still runs one at a time: policy, then app, then ops
  const policy = m.find("azure-native:redis:AccessPolicy", "c1-policy-reports-read");
  const app = m.cacheAssignment("c1", "app");
  const ops = m.cacheAssignment("c1", "ops");
  const redis = m.find("azure-native:redis:Redis", "c1-redis");
  assert.ok(policy.dependencies.includes(redis.urn));
  assert.ok(app.dependencies.includes(policy.urn));
  assert.ok(ops.dependencies.includes(app.urn));
  assert.equal(redis.inputs.publicNetworkAccess, "Enabled");
  assert.equal(await isKnown(cache.hostName), false, "the host name is Azure's to compute");
  assert.equal(await isKnown(cache.connections), false);
});

test("dry run: EntraManagedRedis registers cluster, database, assignments and private endpoint", async () => {
  m.reset();
  const { identity, subnet } = newInfra("m1");
  const managed = new EntraManagedRedis("m1", {
    resourceGroupName: m.RG,
    clusteringPolicy: "EnterpriseCluster",
    persistence: { rdbEnabled: true, rdbFrequency: "6h" },
    modules: [{ name: "RedisJSON" }],
    assignments: [
      { objectId: identity.principalId, alias: "app" },
      { objectId: m.OID2, alias: "ops" },
    ],
    privateEndpoint: { subnetId: subnet.id, privateDnsZoneId: m.MANAGED_ZONE_ID },
  });
  await m.settle();
  assert.deepEqual(m.failures, []);
  assert.deepEqual(registered("m1", "azure-redis-entra:index:EntraManagedRedis"), [
    "azure-native:network:PrivateDnsZoneGroup m1-pe-dns",
    "azure-native:network:PrivateEndpoint m1-pe",
    "azure-native:redisenterprise:Database m1-db",
    "azure-native:redisenterprise:RedisEnterprise m1-cluster",
    // every assignment the generic resource; keyed by object id where it is a plain value
    `azure-native:resources:Resource m1-assignment-${m.OID2}`,
    "azure-native:resources:Resource m1-assignment-app",
  ]);
  const db = m.find("azure-native:redisenterprise:Database", "m1-db");
  const app = m.managedAssignment("m1", "app");
  const ops = m.managedAssignment("m1", m.OID2);
  assert.ok(app.dependencies.includes(db.urn));
  assert.ok(ops.dependencies.includes(app.urn));
  assert.equal(await isKnown(managed.hostName), false);
});

test("dry run: existing-cache mode reads the cache and registers assignments and the private endpoint", async () => {
  m.reset();
  const OLD_RG = "rg-old";
  m.onCall((token, inputs) =>
    token === "azure-native:redis:getRedis"
      ? {
          id: `/subscriptions/${m.SUB}/resourceGroups/${OLD_RG}/providers/Microsoft.Cache/Redis/${String(inputs.name)}`,
          name: inputs.name,
          location: "northeurope",
          hostName: `${String(inputs.name)}.redis.cache.windows.net`,
          sslPort: 6380,
          redisVersion: "6.0.14",
          enableNonSslPort: false,
          publicNetworkAccess: "Enabled",
          disableAccessKeyAuthentication: true,
          redisConfiguration: { aadEnabled: "true" },
        }
      : undefined,
  );
  const { identity, subnet } = newInfra("e1");
  const c = new EntraRedisCache("e1", {
    resourceGroupName: m.RG,
    existingCache: { name: "legacy", resourceGroupName: OLD_RG },
    assignments: [{ objectId: identity.principalId, alias: "app" }],
    firewallRules: [{ name: "office", startIp: "198.51.100.7" }],
    privateEndpoint: { subnetId: subnet.id, privateDnsZoneId: m.CACHE_ZONE_ID },
  });
  await m.settle();
  assert.deepEqual(m.failures, []);
  assert.ok(
    m.calls.some((call) => call.token === "azure-native:redis:getRedis"),
    "the cache is read in a preview too",
  );
  assert.deepEqual(registered("e1", "azure-redis-entra:index:EntraRedisCache"), [
    "azure-native:network:PrivateDnsZoneGroup e1-pe-dns",
    "azure-native:network:PrivateEndpoint e1-pe",
    "azure-native:redis:AccessPolicyAssignment e1-assignment-app",
    "azure-native:redis:FirewallRule e1-fw-office",
  ]);
  assert.equal(m.find("azure-native:redis:FirewallRule", "e1-fw-office").inputs.cacheName, "legacy");
  assert.equal(
    await m.value(c.hostName),
    "legacy.redis.cache.windows.net",
    "read values are known in a preview",
  );
});

test("dry run: a storage connection string given as a plain string is registered as a secret (issue 19 item 5)", async () => {
  m.reset();
  new EntraRedisCache("secret-cache", {
    resourceGroupName: m.RG,
    sku: "Premium",
    capacity: 1,
    assignments: [{ objectId: m.OID1, alias: "app" }],
    allowPublicNetworkAccess: true,
    redisConfiguration: {
      aofBackupEnabled: "true",
      aofStorageConnectionString0: "DefaultEndpointsProtocol=https;AccountName=store;AccountKey=k3y==",
    },
  });
  await m.settle();
  const config = m.find("azure-native:redis:Redis", "secret-cache-redis").inputs.redisConfiguration;
  assert.ok(m.isSecretInput(config), JSON.stringify(config));
});

test("dry run: a bad plain value is still refused before anything registers", () => {
  m.reset();
  assert.throws(
    () =>
      new EntraRedisCache("bad", {
        resourceGroupName: m.RG,
        assignments: [{ objectId: "not-a-guid", alias: "app" }],
        allowPublicNetworkAccess: true,
      }),
    /assignments\[0\]\.objectId "not-a-guid" is not an object id/,
  );
  assert.equal(m.resources.filter((r) => r.name.startsWith("bad")).length, 0);
});

test("dry run: diagnostics, role assignments and the lock register on both components with unknown ids", async () => {
  m.reset();
  const { identity, vnet, subnet } = newInfra("ops");
  const workspaceId = `/subscriptions/${m.SUB}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs`;
  new EntraRedisCache("ops-c", {
    resourceGroupName: m.RG,
    assignments: [{ objectId: identity.principalId, alias: "app" }],
    privateEndpoint: { subnetId: subnet.id, virtualNetworkId: vnet.id },
    diagnostics: { workspaceId },
    roleAssignments: [
      { principalId: identity.principalId, role: "Reader", principalType: "ServicePrincipal" },
    ],
    lock: "CanNotDelete",
  });
  new EntraManagedRedis("ops-m", {
    resourceGroupName: m.RG,
    assignments: [{ objectId: identity.principalId, alias: "app" }],
    privateEndpoint: { subnetId: subnet.id, virtualNetworkId: vnet.id },
    diagnostics: { workspaceId },
    roleAssignments: [{ principalId: identity.principalId, role: "Azure Managed Redis Reader" }],
    lock: "ReadOnly",
  });
  await m.settle();
  const cache = registered("ops-c", "azure-redis-entra:index:EntraRedisCache");
  for (const child of [
    "azure-native:monitor:DiagnosticSetting ops-c-diag-cache",
    "azure-native:authorization:RoleAssignment ops-c-role-0",
    "azure-native:authorization:ManagementLockByScope ops-c-lock",
  ])
    assert.ok(cache.includes(child), child);
  const managed = registered("ops-m", "azure-redis-entra:index:EntraManagedRedis");
  for (const child of [
    "azure-native:monitor:DiagnosticSetting ops-m-diag-cluster",
    "azure-native:monitor:DiagnosticSetting ops-m-diag-database",
    "azure-native:authorization:RoleAssignment ops-m-role-0",
    "azure-native:authorization:ManagementLockByScope ops-m-lock",
  ])
    assert.ok(managed.includes(child), child);
  // The lock still waits for every other child, although their ids are unknown.
  for (const name of ["ops-c", "ops-m"]) {
    const lock = m.find("azure-native:authorization:ManagementLockByScope", `${name}-lock`);
    const others = m.resources.filter(
      (r) =>
        r.parent === lock.parent &&
        r !== lock &&
        r.type !== "azure-native:authorization:ManagementLockByScope",
    );
    assert.ok(others.length > 5);
    for (const other of others)
      assert.ok(lock.dependencies.includes(other.urn), `${name}: lock after ${other.name}`);
  }
});

test("dry run: geo-replication between two components of one program, the other's ids unknown", async () => {
  m.reset();
  const { identity } = newInfra("geo");
  const west = new EntraManagedRedis("geo-w", {
    resourceGroupName: m.RG,
    location: "westeurope",
    sku: "Balanced_B3",
    assignments: [{ objectId: identity.principalId, alias: "app" }],
    allowPublicNetworkAccess: true,
    geoReplication: { groupNickname: "orders-geo" },
  });
  new EntraManagedRedis("geo-n", {
    resourceGroupName: m.RG,
    location: "northeurope",
    sku: "Balanced_B3",
    assignments: [{ objectId: identity.principalId, alias: "app" }],
    allowPublicNetworkAccess: true,
    geoReplication: { groupNickname: "orders-geo", linkedDatabaseIds: [west.databaseId] },
  });
  const secondary = new EntraRedisCache("geo-cs", {
    resourceGroupName: m.RG,
    location: "northeurope",
    sku: "Premium",
    assignments: [{ objectId: identity.principalId, alias: "app" }],
    allowPublicNetworkAccess: true,
  });
  new EntraRedisCache("geo-cp", {
    resourceGroupName: m.RG,
    sku: "Premium",
    assignments: [{ objectId: identity.principalId, alias: "app" }],
    allowPublicNetworkAccess: true,
    geoReplication: { linkedCacheId: secondary.resourceId, linkedCacheLocation: "northeurope" },
  });
  await m.settle();
  assert.deepEqual(m.failures, []);
  assert.equal(await isKnown(west.databaseId), false, "the first member's id is unknown in a preview");
  const westDb = m.find("azure-native:redisenterprise:Database", "geo-w-db");
  const northDb = m.find("azure-native:redisenterprise:Database", "geo-n-db");
  assert.ok(northDb.dependencies.includes(westDb.urn), "the join waits for the first member");
  assert.ok(
    registered("geo-cp", "azure-redis-entra:index:EntraRedisCache").includes(
      "azure-native:redis:LinkedServer geo-cp-geo-link",
    ),
  );
  const link = m.find("azure-native:redis:LinkedServer", "geo-cp-geo-link");
  assert.equal(link.inputs.serverRole, "Secondary");
  assert.ok(link.dependencies.includes(m.find("azure-native:redis:Redis", "geo-cs-redis").urn));
  assert.ok(link.dependencies.includes(m.find("azure-native:redis:Redis", "geo-cp-redis").urn));
});

test("dry run: identity and customer-managed keys register with an unknown identity id; the principal id is unknown", async () => {
  m.reset();
  const { identity } = newInfra("mi");
  const keyUrl = "https://contosovault.vault.azure.net/keys/contosokek/562a4bb76b524a1493a6afe8e536ee78";
  const cache = new EntraRedisCache("mi-c", {
    resourceGroupName: m.RG,
    sku: "Premium",
    assignments: [{ objectId: identity.principalId, alias: "app" }],
    allowPublicNetworkAccess: true,
    identity: { systemAssigned: true, userAssignedIdentityIds: [identity.id] },
    redisConfiguration: { preferredDataPersistenceAuthMethod: "ManagedIdentity" },
  });
  const managed = new EntraManagedRedis("mi-m", {
    resourceGroupName: m.RG,
    assignments: [{ objectId: identity.principalId, alias: "app" }],
    allowPublicNetworkAccess: true,
    identity: { userAssignedIdentityIds: [identity.id] },
    encryption: { keyUrl, userAssignedIdentityId: identity.id },
  });
  await m.settle();
  assert.deepEqual(m.failures, []);
  assert.ok(
    registered("mi-c", "azure-redis-entra:index:EntraRedisCache").includes(
      "azure-native:redis:Redis mi-c-redis",
    ),
  );
  assert.ok(
    registered("mi-m", "azure-redis-entra:index:EntraManagedRedis").includes(
      "azure-native:redisenterprise:RedisEnterprise mi-m-cluster",
    ),
  );
  const cluster = m.find("azure-native:redisenterprise:RedisEnterprise", "mi-m-cluster");
  const inputs = cluster.inputs as {
    identity: { type: string };
    encryption: { customerManagedKeyEncryption: { keyEncryptionKeyUrl: string } };
  };
  assert.equal(inputs.identity.type, "UserAssigned");
  assert.equal(inputs.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl, keyUrl);
  assert.equal(
    (m.find("azure-native:redis:Redis", "mi-c-redis").inputs as { identity: { type: string } }).identity.type,
    "SystemAssigned, UserAssigned",
  );
  // The cluster depends on the identity its inputs come from.
  const id = m.find("azure-native:managedidentity:UserAssignedIdentity", "mi-id");
  assert.ok(cluster.dependencies.includes(id.urn));
  assert.equal(await isKnown(cache.identityPrincipalId), false);
  assert.equal(await isKnown(managed.identityPrincipalId), false);
});
