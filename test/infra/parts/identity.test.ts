/**
 * The cache's or cluster's own managed identity under Pulumi mocks: azure-native's `identity` on
 * redis:Redis and redisenterprise:RedisEnterprise (type and user-assigned ids, plain and Output), the
 * `identityPrincipalId` output on both components, persistence with managed identity on the cache,
 * and every bad value refused naming the field before anything is registered (plain values in the
 * constructor, Output values when they resolve).
 */
import { test, describe } from "node:test";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import assert from "node:assert/strict";
import {
  children,
  expectRejections,
  find,
  later,
  MOCK_SYSTEM_PRINCIPAL_ID,
  OID1,
  onCall,
  reset,
  RG,
  settle,
  SUB,
  value,
} from "../mocks.ts";
import {
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  type EntraManagedRedisArgs,
  type EntraRedisCacheArgs,
  type ManagedIdentityArgs,
} from "../../../src/index.ts";

let n = 0;
const next = () => `ident${++n}`;
const CACHE = "azure-native:redis:Redis";
const CLUSTER = "azure-native:redisenterprise:RedisEnterprise";
const uai = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

const cache = (
  identity?: ManagedIdentityArgs,
  extra: Partial<EntraRedisCacheArgs> = {},
): EntraRedisCacheArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  allowPublicNetworkAccess: true,
  ...(identity !== undefined ? { identity } : {}),
  ...extra,
});
const managed = (identity?: ManagedIdentityArgs): EntraManagedRedisArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  allowPublicNetworkAccess: true,
  ...(identity !== undefined ? { identity } : {}),
});

describe("identity: what the cache and cluster are created with", () => {
  test("system-assigned on the cache: identity.type SystemAssigned, its principal id as identityPrincipalId", async () => {
    reset();
    const name = next();
    const c = new EntraRedisCache(name, cache({ systemAssigned: true }));
    await settle();
    assert.deepEqual(find(CACHE, `${name}-redis`).inputs.identity, { type: "SystemAssigned" });
    assert.equal(await value(c.identityPrincipalId), MOCK_SYSTEM_PRINCIPAL_ID);
  });

  test("both kinds on the cache, a plain id and one from an Output, in the order given", async () => {
    reset();
    const name = next();
    new EntraRedisCache(
      name,
      cache({ systemAssigned: true, userAssignedIdentityIds: [uai("a"), later(uai("b"))] }),
    );
    await settle();
    assert.deepEqual(find(CACHE, `${name}-redis`).inputs.identity, {
      type: "SystemAssigned, UserAssigned",
      userAssignedIdentities: [uai("a"), uai("b")],
    });
  });

  test("an identity created in the same program: its id is sent and the cache waits for it", async () => {
    reset();
    const name = next();
    const id = new managedidentity.UserAssignedIdentity(`${name}-uai`, { resourceGroupName: RG });
    new EntraRedisCache(name, cache({ userAssignedIdentityIds: [id.id] }));
    await settle();
    const created = find("azure-native:managedidentity:UserAssignedIdentity", `${name}-uai`);
    const redis = find(CACHE, `${name}-redis`);
    assert.deepEqual(redis.inputs.identity, {
      type: "UserAssigned",
      userAssignedIdentities: [
        `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-uai`,
      ],
    });
    assert.ok(redis.dependencies.includes(created.urn), "the cache depends on the identity");
  });

  test("user-assigned only on Managed Redis: type UserAssigned, no principal id", async () => {
    reset();
    const name = next();
    const m = new EntraManagedRedis(name, managed({ userAssignedIdentityIds: [uai("a")] }));
    await settle();
    assert.deepEqual(find(CLUSTER, `${name}-cluster`).inputs.identity, {
      type: "UserAssigned",
      userAssignedIdentities: [uai("a")],
    });
    assert.equal(await value(m.identityPrincipalId), undefined);
  });

  test("system-assigned on Managed Redis: the cluster's principal id, same output name as the cache's", async () => {
    reset();
    const name = next();
    const m = new EntraManagedRedis(
      name,
      managed({ systemAssigned: true, userAssignedIdentityIds: [uai("a")] }),
    );
    await settle();
    const inputs = find(CLUSTER, `${name}-cluster`).inputs as { identity: { type: string } };
    assert.equal(inputs.identity.type, "SystemAssigned, UserAssigned");
    assert.equal(await value(m.identityPrincipalId), MOCK_SYSTEM_PRINCIPAL_ID);
  });

  test("no identity: none sent, identityPrincipalId undefined on both", async () => {
    reset();
    const a = next();
    const b = next();
    const c = new EntraRedisCache(a, cache());
    const m = new EntraManagedRedis(b, managed());
    await settle();
    assert.equal(find(CACHE, `${a}-redis`).inputs.identity, undefined);
    assert.equal(find(CLUSTER, `${b}-cluster`).inputs.identity, undefined);
    assert.equal(await value(c.identityPrincipalId), undefined);
    assert.equal(await value(m.identityPrincipalId), undefined);
  });

  test("an existing cache: identity refused as a creation argument; its own principal id is the output", async () => {
    reset();
    onCall((token, inputs) =>
      token === "azure-native:redis:getRedis"
        ? {
            id: `/subscriptions/${SUB}/resourceGroups/rg-legacy/providers/Microsoft.Cache/Redis/${String(inputs.name)}`,
            name: inputs.name,
            location: "westeurope",
            hostName: `${String(inputs.name)}.redis.cache.windows.net`,
            sslPort: 6380,
            redisVersion: "6.0",
            enableNonSslPort: false,
            disableAccessKeyAuthentication: true,
            redisConfiguration: { aadEnabled: "true" },
            publicNetworkAccess: "Enabled",
            identity: { type: "SystemAssigned", principalId: OID1, tenantId: SUB },
          }
        : undefined,
    );
    const existing = { name: "legacy", resourceGroupName: "rg-legacy" };
    const refused = next();
    assert.throws(
      () =>
        new EntraRedisCache(refused, {
          resourceGroupName: RG,
          existingCache: existing,
          assignments: [{ objectId: OID1, alias: "app" }],
          identity: { systemAssigned: true },
        }),
      (err: unknown) =>
        err instanceof EntraRedisInputError &&
        err.field === "identity" &&
        /creation argument, given together with existingCache/.test(err.message),
    );
    assert.deepEqual(children(refused), []);
    const name = next();
    const c = new EntraRedisCache(name, {
      resourceGroupName: RG,
      existingCache: existing,
      assignments: [{ objectId: OID1, alias: "app" }],
    });
    await settle();
    assert.equal(await value(c.identityPrincipalId), OID1);
  });
});

describe("identity: persistence with the cache's managed identity", () => {
  test('preferredDataPersistenceAuthMethod "ManagedIdentity" without identity is refused, naming the setting', () => {
    reset();
    const name = next();
    assert.throws(
      () =>
        new EntraRedisCache(
          name,
          cache(undefined, {
            sku: "Premium",
            redisConfiguration: {
              rdbBackupEnabled: "true",
              preferredDataPersistenceAuthMethod: "ManagedIdentity",
            },
          }),
        ),
      (err: unknown) =>
        err instanceof EntraRedisInputError &&
        err.field === "redisConfiguration.preferredDataPersistenceAuthMethod" &&
        /has none/.test(err.message) &&
        /identity: \{ systemAssigned: true \}/.test(err.message),
    );
    assert.deepEqual(children(name), []);
  });

  test("with an identity, the setting and the identity are both sent; SAS needs none", async () => {
    reset();
    const a = next();
    const b = next();
    new EntraRedisCache(
      a,
      cache(
        { systemAssigned: true },
        {
          sku: "Premium",
          redisConfiguration: {
            rdbBackupEnabled: "true",
            preferredDataPersistenceAuthMethod: "ManagedIdentity",
            storageSubscriptionId: SUB,
          },
        },
      ),
    );
    new EntraRedisCache(
      b,
      cache(undefined, { sku: "Premium", redisConfiguration: { preferredDataPersistenceAuthMethod: "SAS" } }),
    );
    await settle();
    const r = find(CACHE, `${a}-redis`).inputs as {
      redisConfiguration: { preferredDataPersistenceAuthMethod: string };
      identity: unknown;
    };
    assert.equal(r.redisConfiguration.preferredDataPersistenceAuthMethod, "ManagedIdentity");
    assert.deepEqual(r.identity, { type: "SystemAssigned" });
    assert.equal(find(CACHE, `${b}-redis`).inputs.identity, undefined);
  });

  test("an Output resolving to ManagedIdentity without identity: nothing of the component is created", async () => {
    reset();
    const name = next();
    const errors = await expectRejections(() => {
      new EntraRedisCache(
        name,
        cache(undefined, {
          sku: "Premium",
          redisConfiguration: { preferredDataPersistenceAuthMethod: later("ManagedIdentity") },
        }),
      );
    });
    assert.ok(errors.length > 0);
    for (const err of errors) {
      assert.ok(err instanceof EntraRedisInputError, err.message);
      assert.equal(err.field, "redisConfiguration.preferredDataPersistenceAuthMethod");
    }
    assert.deepEqual(
      children(name).map((r) => r.type),
      ["azure-redis-entra:index:EntraRedisCache"],
    );
  });
});

describe("identity: bad values refused before anything is registered", () => {
  const plain: [string, unknown, string, RegExp][] = [
    ["not an object", "SystemAssigned", "identity", /is not an object/],
    ["turns on nothing", {}, "identity", /turns on no identity/],
    [
      "systemAssigned false and no ids",
      { systemAssigned: false, userAssignedIdentityIds: [] },
      "identity",
      /no identity/,
    ],
    ["systemAssigned not a boolean", { systemAssigned: "yes" }, "identity.systemAssigned", /not a boolean/],
    [
      "ids not a list",
      { userAssignedIdentityIds: uai("a") },
      "identity.userAssignedIdentityIds",
      /not a list/,
    ],
    [
      "a principal id instead of a resource id",
      { userAssignedIdentityIds: [OID1] },
      "identity.userAssignedIdentityIds[0]",
      /not the resource id of a user-assigned managed identity.*not its principalId/,
    ],
    [
      "another resource type",
      {
        userAssignedIdentityIds: [
          `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.Storage/storageAccounts/a`,
        ],
      },
      "identity.userAssignedIdentityIds[0]",
      /user-assigned managed identity/,
    ],
    [
      "the same id twice (case differs)",
      { userAssignedIdentityIds: [uai("a"), uai("A").toLowerCase()] },
      "identity.userAssignedIdentityIds[1]",
      /already listed as identity.userAssignedIdentityIds\[0\]/,
    ],
    [
      "a misspelled key",
      { userAssignedIdentities: [uai("a")] },
      "identity.userAssignedIdentities",
      /userAssignedIdentityIds/,
    ],
  ];
  for (const [what, identity, field, message] of plain) {
    for (const component of ["EntraRedisCache", "EntraManagedRedis"] as const) {
      test(`${component}: ${what} is refused naming ${field}`, () => {
        reset();
        const name = next();
        assert.throws(
          () =>
            component === "EntraRedisCache"
              ? new EntraRedisCache(name, cache(identity as ManagedIdentityArgs))
              : new EntraManagedRedis(name, managed(identity as ManagedIdentityArgs)),
          (err: unknown) => {
            assert.ok(err instanceof EntraRedisInputError, String(err));
            assert.equal(err.field, field, err.message);
            assert.match(err.message, message);
            return true;
          },
        );
        assert.deepEqual(children(name), [], "nothing registered");
      });
    }
  }

  const outputs: [string, () => ManagedIdentityArgs, RegExp][] = [
    [
      "an Output resolving to a client id",
      () => ({ userAssignedIdentityIds: [later(OID1)] }),
      /userAssignedIdentityIds\[0\] .*not the resource id/,
    ],
    [
      "an Output repeating a plain id",
      () => ({ userAssignedIdentityIds: [uai("a"), later(uai("a"))] }),
      /userAssignedIdentityIds\[1\] .*already listed/,
    ],
  ];
  for (const [what, identity, message] of outputs) {
    test(`${what}: refused when it resolves, nothing of the component created`, async () => {
      reset();
      const name = next();
      const errors = await expectRejections(() => {
        new EntraManagedRedis(name, managed(identity()));
      });
      assert.ok(errors.length > 0);
      for (const err of errors) {
        assert.ok(err instanceof EntraRedisInputError, err.message);
        assert.match(err.message, message);
      }
      assert.deepEqual(
        children(name).map((r) => r.type),
        ["azure-redis-entra:index:EntraManagedRedis"],
      );
    });
  }
});
