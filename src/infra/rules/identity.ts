/**
 * Azure's rules for managed identities (of the cache or cluster) and Managed Redis customer-managed
 * key encryption.
 */
import * as cacheEnums from "@pulumi/azure-native/types/enums/redis/index.js";
import * as managedEnums from "@pulumi/azure-native/types/enums/redisenterprise/index.js";
import { CLUSTER, REDIS, enumList, enumValues, matches, oneOf, type RuleSubject } from "./rule.ts";
import { USER_ASSIGNED_IDENTITY_ID, VERSIONED_KEY_URL } from "./ids.ts";

/** JSON pointer of the cluster's customerManagedKeyEncryption object. */
const CMK = "/definitions/ClusterProperties/properties/encryption/properties/customerManagedKeyEncryption";

/** Managed identity and customer-managed keys. */
export const IDENTITY_RULES: RuleSubject = {
  title: "Managed identity and customer-managed keys",
  constraints: [
    {
      id: "cache.identity.type",
      args: "identity (sent: SystemAssigned, UserAssigned or both)",
      rule: `one of azure-native's redis ManagedServiceIdentityType: ${enumList(cacheEnums.ManagedServiceIdentityType)}`,
      spec: {
        file: "cache",
        pointer: "/definitions/RedisCreateParameters/properties/identity",
        note: "common-types managedidentity.json `ManagedServiceIdentity`",
      },
      accepts: oneOf(enumValues(cacheEnums.ManagedServiceIdentityType)),
      sends: [{ type: REDIS, path: "identity.type" }],
    },
    {
      id: "cache.identity.userAssignedIdentities",
      args: "identity.userAssignedIdentityIds[i]",
      rule: "the ARM id of a Microsoft.ManagedIdentity/userAssignedIdentities resource (the keys of `userAssignedIdentities`), each once",
      spec: { file: "cache", pointer: "/definitions/RedisCreateParameters/properties/identity" },
      accepts: matches(USER_ASSIGNED_IDENTITY_ID),
      sends: [{ type: REDIS, path: "identity.userAssignedIdentities[]" }],
    },
    {
      id: "managed.identity.type",
      args: "identity (sent: SystemAssigned, UserAssigned or both)",
      rule: `one of azure-native's redisenterprise ManagedServiceIdentityType: ${enumList(managedEnums.ManagedServiceIdentityType)}`,
      spec: {
        file: "managed",
        pointer: "/definitions/Cluster/properties/identity",
        note: "common-types v4 managedidentity.json `ManagedServiceIdentity`",
      },
      accepts: oneOf(enumValues(managedEnums.ManagedServiceIdentityType)),
      sends: [{ type: CLUSTER, path: "identity.type" }],
    },
    {
      id: "managed.identity.userAssignedIdentities",
      args: "identity.userAssignedIdentityIds[i]",
      rule: "the ARM id of a Microsoft.ManagedIdentity/userAssignedIdentities resource, each once",
      spec: { file: "managed", pointer: "/definitions/Cluster/properties/identity" },
      accepts: matches(USER_ASSIGNED_IDENTITY_ID),
      sends: [{ type: CLUSTER, path: "identity.userAssignedIdentities[]" }],
    },
    {
      id: "managed.encryption.keyEncryptionKeyUrl",
      args: "encryption.keyUrl",
      rule: "a versioned key URL: `https://<vault>.vault.azure.net/keys/<name>/<version>` or `https://<hsm>.managedhsm.azure.net/keys/<name>/<version>` (or another Azure cloud's vault suffix)",
      spec: {
        file: "managed",
        pointer: `${CMK}/properties/keyEncryptionKeyUrl`,
      },
      accepts: matches(VERSIONED_KEY_URL),
      stricter:
        'the spec types it as a string and says "versioned only" in words; the component checks the key identifier\'s shape (vault or HSM host, key name, 32-hex-digit version)',
      sends: [{ type: CLUSTER, path: "encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl" }],
    },
    {
      id: "managed.encryption.identityType",
      args: "(sent: userAssignedIdentity, with encryption)",
      rule: "userAssignedIdentity",
      spec: {
        file: "managed",
        pointer: `${CMK}/properties/keyEncryptionKeyIdentity/properties/identityType/enum`,
      },
      accepts: (v) => v === managedEnums.CmkIdentityType.UserAssignedIdentity,
      stricter:
        "the enum also lists systemAssignedIdentity, but its description (and Learn) say only userAssignedIdentity is supported",
      sends: [
        {
          type: CLUSTER,
          path: "encryption.customerManagedKeyEncryption.keyEncryptionKeyIdentity.identityType",
        },
      ],
    },
    {
      id: "managed.encryption.userAssignedIdentityResourceId",
      args: "encryption.userAssignedIdentityId (also one of identity.userAssignedIdentityIds)",
      rule: "the ARM id of a Microsoft.ManagedIdentity/userAssignedIdentities resource",
      spec: {
        file: "managed",
        pointer: `${CMK}/properties/keyEncryptionKeyIdentity/properties/userAssignedIdentityResourceId`,
      },
      accepts: matches(USER_ASSIGNED_IDENTITY_ID),
      stricter: "the spec types it as a string (its description gives this shape)",
      sends: [
        {
          type: CLUSTER,
          path: "encryption.customerManagedKeyEncryption.keyEncryptionKeyIdentity.userAssignedIdentityResourceId",
        },
      ],
    },
  ],
};
