/**
 * The management lock under Pulumi mocks: scoped to the cache or cluster, registered after every
 * other child and depending on each of them (so Pulumi deletes it first), and the level checked.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { children, find, OID1, OID2, onCall, reset, RG, settle, SUB, SUBNET_ID, VNET_ID } from "../mocks.ts";
import {
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  LockLevel,
  type EntraRedisCacheArgs,
} from "../../../src/index.ts";
import { GROUP_ID, WORKSPACE_ID } from "./ops.ts";

let n = 0;
const next = () => `lock${++n}`;
const LOCK = "azure-native:authorization:ManagementLockByScope";

/** The lock is the component's last registration and depends on every other child. */
function assertLockLast(name: string): void {
  const all = children(name).slice(1); // [0] is the component
  const lock = all[all.length - 1];
  assert.equal(lock.type, LOCK, `last child is ${lock.type}`);
  for (const other of all.slice(0, -1)) {
    assert.ok(lock.dependencies.includes(other.urn), `the lock waits for ${other.name}`);
  }
}

describe("lock: resources and order", () => {
  test("cache with every feature: the lock comes last and depends on every other child", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      customPolicies: [{ name: "Readers Plus", permissions: "+@read +@connection ~app:*" }],
      assignments: [
        { objectId: OID1, alias: "app", policy: "Readers Plus" },
        { objectId: OID2, alias: "ops", policy: "Data Reader" },
      ],
      firewallRules: [{ cidr: "203.0.113.0/24" }],
      privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
      allowPublicNetworkAccess: true,
      diagnostics: { workspaceId: WORKSPACE_ID },
      roleAssignments: [{ principalId: GROUP_ID, role: "Reader", principalType: "Group" }],
      lock: LockLevel.CanNotDelete,
    });
    await settle();
    const lock = find(LOCK, `${name}-lock`);
    assert.equal(lock.inputs.level, "CanNotDelete");
    assert.equal(lock.inputs.lockName, "azure-redis-entra");
    assert.equal(
      lock.inputs.scope,
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/mock/Redis/${name}-redis`,
    );
    assert.ok(children(name).length > 10);
    assertLockLast(name);
  });

  test("Managed Redis: ReadOnly on the cluster, after the cluster, database, assignments and endpoint", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
      lock: "ReadOnly",
    });
    await settle();
    const lock = find(LOCK, `${name}-lock`);
    assert.equal(lock.inputs.level, "ReadOnly");
    assert.match(String(lock.inputs.scope), /\/mock\/RedisEnterprise\//);
    assertLockLast(name);
  });

  test("an existing cache can be locked; the lock waits for the policies and assignments", async () => {
    reset();
    onCall((token, inputs) =>
      token === "azure-native:redis:getRedis"
        ? {
            id: `/subscriptions/${SUB}/resourceGroups/${String(inputs.resourceGroupName)}/providers/Microsoft.Cache/Redis/${String(inputs.name)}`,
            name: inputs.name,
            location: "westeurope",
            hostName: `${String(inputs.name)}.redis.cache.windows.net`,
            sslPort: 6380,
            redisVersion: "6.0",
            enableNonSslPort: false,
            disableAccessKeyAuthentication: true,
            redisConfiguration: { aadEnabled: "true" },
            publicNetworkAccess: "Enabled",
          }
        : undefined,
    );
    const name = next();
    const args: EntraRedisCacheArgs = {
      resourceGroupName: RG,
      existingCache: { name: "legacy", resourceGroupName: "rg-legacy" },
      assignments: [{ objectId: OID1, alias: "app" }],
      lock: "CanNotDelete",
    };
    new EntraRedisCache(name, args);
    await settle();
    const lock = find(LOCK, `${name}-lock`);
    assert.equal(
      lock.inputs.scope,
      `/subscriptions/${SUB}/resourceGroups/rg-legacy/providers/Microsoft.Cache/Redis/legacy`,
    );
    assertLockLast(name);
    onCall(() => undefined);
  });

  test("no lock argument, no lock", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app1" }],
      allowPublicNetworkAccess: true,
    });
    await settle();
    assert.equal(children(name).filter((r) => r.type === LOCK).length, 0);
  });
});

describe("lock: rules", () => {
  for (const bad of ["Delete", "readonly", "CanNotDelete ", true]) {
    test(`lock ${JSON.stringify(bad)} is refused before anything is registered`, () => {
      const name = next();
      assert.throws(
        () =>
          new EntraManagedRedis(name, {
            resourceGroupName: RG,
            assignments: [{ objectId: OID1, alias: "app" }],
            allowPublicNetworkAccess: true,
            lock: bad as LockLevel,
          }),
        (err: unknown) => {
          assert.ok(err instanceof EntraRedisInputError, String(err));
          assert.equal(err.field, "lock");
          assert.match(err.message, /is not a lock level; use "CanNotDelete" or "ReadOnly"/);
          return true;
        },
      );
      assert.deepEqual(children(name), []);
    });
  }
});
