/** Both sides of every constraint of src/infra/rules/, for the table test and the component test. */
const GUID = "11111111-1111-4111-8111-111111111111";
/** A user-assigned identity id (the valid probe of the identity constraints). */
export const UAI = `/subscriptions/${GUID}/resourceGroups/ops/providers/Microsoft.ManagedIdentity/userAssignedIdentities/redis-id`;

/** Both sides of every constraint: values Azure accepts and values it (or the component) refuses. */
export const PROBES: Record<string, { valid: unknown[]; invalid: unknown[] }> = {
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
  "cache.zonalAllocationPolicy": { valid: ["Automatic", "NoZones"], invalid: ["automatic", "Zonal", ""] },
  "cache.updateChannel": { valid: ["Stable", "Preview"], invalid: ["stable", "Beta"] },
  "cache.replicasPerPrimary": { valid: [1, 3], invalid: [0, 4] },
  "cache.shardCount": { valid: [1, 30], invalid: [0, 31] },
  "cache.enableNonSslPort": { valid: [false], invalid: [true] },
  "cache.disableAccessKeyAuthentication": { valid: [true, false], invalid: ["true"] },
  "cache.identity.type": {
    valid: ["SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned", "None"],
    invalid: ["systemassigned", "SystemAssigned,UserAssigned", ""],
  },
  "cache.identity.userAssignedIdentities": {
    valid: [UAI, UAI.toLowerCase()],
    invalid: [
      GUID,
      `${UAI}/x`,
      "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a",
    ],
  },
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
  "cache.linkedServer.linkedRedisCacheId": {
    valid: [
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Cache/Redis/cache2",
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/microsoft.cache/redis/Cache-2",
    ],
    invalid: [
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Cache/redisEnterprise/c1/databases/default",
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Cache/Redis/a--b",
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Cache/Redis/cache2/linkedServers/x",
      "cache2.redis.cache.windows.net",
      "cache2",
      "",
      5,
    ],
  },
  "cache.linkedServer.linkedRedisCacheLocation": { valid: ["northeurope", "West US"], invalid: ["", 5] },
  "cache.linkedServer.serverRole": { valid: ["Secondary"], invalid: ["Primary", "secondary"] },
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
  "managed.identity.type": {
    valid: ["SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned"],
    invalid: ["userAssignedIdentity", "Both"],
  },
  "managed.identity.userAssignedIdentities": { valid: [UAI], invalid: [GUID, ""] },
  "managed.encryption.keyEncryptionKeyUrl": {
    valid: [
      "https://contosovault.vault.azure.net/keys/contosokek/562a4bb76b524a1493a6afe8e536ee78",
      "https://my-hsm.managedhsm.azure.net/keys/kek-1/562A4BB76B524A1493A6AFE8E536EE78",
      "https://kv1.vault.azure.cn/keys/k/562a4bb76b524a1493a6afe8e536ee78",
    ],
    invalid: [
      "https://contosovault.vault.azure.net/keys/contosokek",
      "https://contosovault.vault.azure.net/keys/contosokek/",
      "http://contosovault.vault.azure.net/keys/contosokek/562a4bb76b524a1493a6afe8e536ee78",
      "https://contosovault.vault.azure.net/secrets/contosokek/562a4bb76b524a1493a6afe8e536ee78",
      "https://contosovault.example.com/keys/contosokek/562a4bb76b524a1493a6afe8e536ee78",
      "https://contosovault.vault.azure.net/keys/contosokek/latest",
      `/subscriptions/${GUID}/resourceGroups/g/providers/Microsoft.KeyVault/vaults/v/keys/k`,
    ],
  },
  "managed.encryption.identityType": {
    valid: ["userAssignedIdentity"],
    invalid: ["systemAssignedIdentity", "UserAssigned"],
  },
  "managed.encryption.userAssignedIdentityResourceId": { valid: [UAI], invalid: [GUID, "my-identity"] },
  "managed.clientProtocol": { valid: ["Encrypted"], invalid: ["Plaintext", "TLS"] },
  "managed.port": { valid: [10000], invalid: [6380, "10000"] },
  "managed.clusteringPolicy": {
    valid: ["OSSCluster", "EnterpriseCluster", "NoCluster"],
    invalid: ["ossCluster", "Cluster"],
  },
  "managed.deferUpgrade": { valid: ["Deferred", "NotDeferred"], invalid: ["deferred", true, "Never"] },
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
  "managed.geoReplication.groupNickname": {
    valid: ["g", "orders-geo", "Group1", "a".repeat(63)],
    invalid: ["", "-g", "g-", "a--b", "orders_geo", "orders geo", "a".repeat(64), 5],
  },
  "managed.geoReplication.linkedDatabases.id": {
    valid: [
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg2/providers/Microsoft.Cache/redisEnterprise/cache2/databases/default",
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg2/providers/microsoft.cache/redisenterprise/Cache-2/databases/default",
    ],
    invalid: [
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg2/providers/Microsoft.Cache/redisEnterprise/cache2",
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg2/providers/Microsoft.Cache/redisEnterprise/cache2/databases/db1",
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg2/providers/Microsoft.Cache/redisEnterprise/a--b/databases/default",
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg2/providers/Microsoft.Cache/Redis/cache2",
      "cache2",
      42,
    ],
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
