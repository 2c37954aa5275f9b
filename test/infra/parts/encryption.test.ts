/**
 * Customer-managed keys on Azure Managed Redis under Pulumi mocks: azure-native's
 * `encryption.customerManagedKeyEncryption` on the cluster (key URL and user-assigned identity, plain
 * and Output), the identity attached to the cluster, and every bad value refused naming the field
 * before anything is registered: key URL shape (versioned only), identity id shape, the identity not
 * among identity.userAssignedIdentityIds (plain, and when Outputs resolve). Refused on EntraRedisCache.
 */
import { test, describe } from "node:test";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { children, expectRejections, find, later, OID1, reset, RG, settle, SUB } from "../mocks.ts";
import {
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  type EntraManagedRedisArgs,
  type EntraRedisCacheArgs,
  type ManagedIdentityArgs,
  type ManagedRedisEncryptionArgs,
} from "../../../src/index.ts";

let n = 0;
const next = () => `cmk${++n}`;
const CLUSTER = "azure-native:redisenterprise:RedisEnterprise";
const uai = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
const KEY = "https://contosovault.vault.azure.net/keys/contosokek/562a4bb76b524a1493a6afe8e536ee78";
const HSM_KEY = "https://contoso-hsm.managedhsm.azure.net/keys/kek/0123456789abcdef0123456789abcdef";

const managed = (
  encryption: ManagedRedisEncryptionArgs | undefined,
  identity: ManagedIdentityArgs | "none" = { userAssignedIdentityIds: [uai("kek")] },
): EntraManagedRedisArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  allowPublicNetworkAccess: true,
  ...(identity !== "none" ? { identity } : {}),
  ...(encryption !== undefined ? { encryption } : {}),
});

describe("encryption: what the cluster is created with", () => {
  test("key URL and identity go to customerManagedKeyEncryption; the identity is attached to the cluster", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, managed({ keyUrl: KEY, userAssignedIdentityId: uai("kek") }));
    await settle();
    const cluster = find(CLUSTER, `${name}-cluster`).inputs;
    assert.deepEqual(cluster.encryption, {
      customerManagedKeyEncryption: {
        keyEncryptionKeyUrl: KEY,
        keyEncryptionKeyIdentity: {
          identityType: "userAssignedIdentity",
          userAssignedIdentityResourceId: uai("kek"),
        },
      },
    });
    assert.deepEqual(cluster.identity, { type: "UserAssigned", userAssignedIdentities: [uai("kek")] });
  });

  test("Outputs (key from a vault, identity from a resource), a Managed HSM key, and the id in another case", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(
      name,
      managed(
        { keyUrl: later(HSM_KEY), userAssignedIdentityId: later(uai("KEK")) },
        { systemAssigned: true, userAssignedIdentityIds: [uai("other"), later(uai("kek"))] },
      ),
    );
    await settle();
    const inputs = find(CLUSTER, `${name}-cluster`).inputs as {
      encryption: {
        customerManagedKeyEncryption: {
          keyEncryptionKeyUrl: string;
          keyEncryptionKeyIdentity: { userAssignedIdentityResourceId: string };
        };
      };
    };
    const cmk = inputs.encryption.customerManagedKeyEncryption;
    assert.equal(cmk.keyEncryptionKeyUrl, HSM_KEY);
    assert.equal(cmk.keyEncryptionKeyIdentity.userAssignedIdentityResourceId, uai("KEK"));
  });

  test("key and identity from the same program: the cluster waits for both (and for what the key URL waits for)", async () => {
    reset();
    const name = next();
    const reader = new managedidentity.UserAssignedIdentity(`${name}-reader`, { resourceGroupName: RG });
    const access = new managedidentity.UserAssignedIdentity(`${name}-stand-in-for-a-role`, {
      resourceGroupName: RG,
    });
    // A key URL that waits for another resource (e.g. the identity's role assignment on the vault).
    const keyUrl = pulumi.all([later(KEY), access.id]).apply(([url]) => url);
    new EntraManagedRedis(
      name,
      managed({ keyUrl, userAssignedIdentityId: reader.id }, { userAssignedIdentityIds: [reader.id] }),
    );
    await settle();
    const cluster = find(CLUSTER, `${name}-cluster`);
    const inputs = cluster.inputs as {
      encryption: { customerManagedKeyEncryption: { keyEncryptionKeyUrl: string } };
    };
    assert.equal(inputs.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl, KEY);
    for (const r of [`${name}-reader`, `${name}-stand-in-for-a-role`])
      assert.ok(
        cluster.dependencies.includes(find("azure-native:managedidentity:UserAssignedIdentity", r).urn),
        `the cluster waits for ${r}`,
      );
  });

  test("no encryption: none sent (Microsoft-managed keys)", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, managed(undefined));
    await settle();
    assert.equal(find(CLUSTER, `${name}-cluster`).inputs.encryption, undefined);
  });
});

describe("encryption: bad values refused before anything is registered", () => {
  const plain: [string, () => EntraManagedRedisArgs, string, RegExp][] = [
    [
      "not an object",
      () => managed(KEY as unknown as ManagedRedisEncryptionArgs),
      "encryption",
      /not an object/,
    ],
    [
      "keyUrl missing",
      () => managed({ userAssignedIdentityId: uai("kek") } as ManagedRedisEncryptionArgs),
      "encryption.keyUrl",
      /is missing/,
    ],
    [
      "userAssignedIdentityId missing",
      () => managed({ keyUrl: KEY } as ManagedRedisEncryptionArgs),
      "encryption.userAssignedIdentityId",
      /is missing/,
    ],
    [
      "a versionless key URL",
      () =>
        managed({
          keyUrl: "https://contosovault.vault.azure.net/keys/contosokek",
          userAssignedIdentityId: uai("kek"),
        }),
      "encryption.keyUrl",
      /has no key version: Azure Managed Redis takes a versioned key URL only.*keyUriWithVersion/,
    ],
    [
      "the vault URI",
      () => managed({ keyUrl: "https://contosovault.vault.azure.net/", userAssignedIdentityId: uai("kek") }),
      "encryption.keyUrl",
      /not a versioned Key Vault or Managed HSM key URL/,
    ],
    [
      "the key's resource id",
      () =>
        managed({
          keyUrl: `/subscriptions/${SUB}/resourceGroups/kv/providers/Microsoft.KeyVault/vaults/v/keys/k`,
          userAssignedIdentityId: uai("kek"),
        }),
      "encryption.keyUrl",
      /not a versioned Key Vault or Managed HSM key URL/,
    ],
    [
      "a principal id for the identity",
      () => managed({ keyUrl: KEY, userAssignedIdentityId: OID1 }),
      "encryption.userAssignedIdentityId",
      /not the resource id of a user-assigned managed identity/,
    ],
    [
      "no identity on the cluster",
      () => managed({ keyUrl: KEY, userAssignedIdentityId: uai("kek") }, "none"),
      "encryption.userAssignedIdentityId",
      /not attached to the cluster: identity.userAssignedIdentityIds is empty.*add the same id/,
    ],
    [
      "only the system-assigned identity on the cluster",
      () => managed({ keyUrl: KEY, userAssignedIdentityId: uai("kek") }, { systemAssigned: true }),
      "encryption.userAssignedIdentityId",
      /identity.userAssignedIdentityIds is empty/,
    ],
    [
      "an identity not among identity.userAssignedIdentityIds",
      () => managed({ keyUrl: KEY, userAssignedIdentityId: uai("other") }),
      "encryption.userAssignedIdentityId",
      /is not one of identity.userAssignedIdentityIds \(1 listed\)/,
    ],
    [
      "a misspelled key",
      () =>
        managed({
          keyEncryptionKeyUrl: KEY,
          userAssignedIdentityId: uai("kek"),
        } as unknown as ManagedRedisEncryptionArgs),
      "encryption.keyEncryptionKeyUrl",
      /keyUrl/,
    ],
  ];
  for (const [what, args, field, message] of plain) {
    test(`${what} is refused naming ${field}`, () => {
      reset();
      const name = next();
      assert.throws(
        () => new EntraManagedRedis(name, args()),
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

  const outputs: [string, () => EntraManagedRedisArgs, RegExp][] = [
    [
      "a key URL Output resolving to a versionless URL",
      () =>
        managed({
          keyUrl: later("https://contosovault.vault.azure.net/keys/contosokek"),
          userAssignedIdentityId: uai("kek"),
        }),
      /encryption.keyUrl .*has no key version/,
    ],
    [
      "an identity Output resolving to an id not attached",
      () => managed({ keyUrl: KEY, userAssignedIdentityId: later(uai("other")) }),
      /encryption.userAssignedIdentityId .*is not one of identity.userAssignedIdentityIds/,
    ],
    [
      "an attached identity Output resolving to a different id",
      () =>
        managed(
          { keyUrl: KEY, userAssignedIdentityId: uai("kek") },
          { userAssignedIdentityIds: [later(uai("other"))] },
        ),
      /encryption.userAssignedIdentityId .*is not one of identity.userAssignedIdentityIds/,
    ],
  ];
  for (const [what, args, message] of outputs) {
    test(`${what}: refused when it resolves, nothing of the component created`, async () => {
      reset();
      const name = next();
      const errors = await expectRejections(() => {
        new EntraManagedRedis(name, args());
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

  test("EntraRedisCache refuses encryption: Azure Cache for Redis has no customer-managed keys", () => {
    reset();
    const name = next();
    const args = {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      allowPublicNetworkAccess: true,
      encryption: { keyUrl: KEY, userAssignedIdentityId: uai("kek") },
    } as unknown as EntraRedisCacheArgs;
    assert.throws(
      () => new EntraRedisCache(name, args),
      (err: unknown) =>
        err instanceof EntraRedisInputError &&
        err.field === "encryption" &&
        /Azure Cache for Redis \(Basic, Standard, Premium\) has no customer-managed key encryption/.test(
          err.message,
        ) &&
        /use EntraManagedRedis/.test(err.message),
    );
    assert.deepEqual(children(name), []);
  });
});
