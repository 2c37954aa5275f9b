/**
 * Azure's rules for `redisConfiguration` of Azure Cache for Redis: which keys azure-native knows, and
 * each value's rule (spec types most as plain strings; the rules say what Azure and Redis read them
 * as). Connection strings are secrets: their values are never shown.
 */
import type * as azureInput from "@pulumi/azure-native/types/input.js";
import { anyString, matches, oneOf, type RuleSubject } from "./rule.ts";
import { GUID } from "./ids.ts";

/** `redisConfiguration.rdbBackupFrequency` in minutes, as the spec lists them. */
export const RDB_BACKUP_FREQUENCIES = ["15", "30", "60", "360", "720", "1440"] as const;

/** Redis 6 `maxmemory-policy` values (Redis's configuration reference; the spec types it as a string). */
export const MAXMEMORY_POLICIES = [
  "volatile-lru",
  "allkeys-lru",
  "volatile-lfu",
  "allkeys-lfu",
  "volatile-random",
  "allkeys-random",
  "volatile-ttl",
  "noeviction",
] as const;

/** How a `redisConfiguration` key's value is checked. */
export interface ConfigRule {
  /** The key's name in the REST API (JSON), e.g. `rdb-backup-frequency`. */
  apiName: string;
  /** JSON pointer of the key's definition in the cache spec. */
  pointer: string;
  /** Azure's rule in words. */
  rule: string;
  /** Whether the value may be shown in an error message (false for connection strings). */
  showValue: boolean;
  accepts(value: unknown): boolean;
  stricter?: string;
  /** Why the component refuses the key altogether, if it does. */
  refused?: string;
}

const CONFIG_DEF = "/definitions/RedisCommonPropertiesRedisConfiguration/properties";
const configPointer = (apiName: string): string => `${CONFIG_DEF}/${apiName}`;
const TRUE_FALSE = /^(true|false)$/i;
const MEGABYTES = /^\d+$/;

/**
 * Every `redisConfiguration` key azure-native knows (its RedisCommonPropertiesRedisConfigurationArgs,
 * which `satisfies` keeps complete: a key added by an SDK upgrade fails the typecheck until it has a
 * rule here). The spec's read-only keys (maxclients, preferred-data-archive-auth-method,
 * zonal-configuration) are not in azure-native's input type, so they are refused as unknown keys.
 */
export const CACHE_CONFIG_RULES = {
  aadEnabled: {
    apiName: "aad-enabled",
    pointer: configPointer("aad-enabled"),
    rule: '"true" or "false"',
    showValue: true,
    accepts: matches(TRUE_FALSE),
    refused: "Entra ID authentication is always on",
  },
  authnotrequired: {
    apiName: "authnotrequired",
    pointer: configPointer("authnotrequired"),
    rule: '"true" or "false"',
    showValue: true,
    accepts: matches(TRUE_FALSE),
    refused: "it would let clients in without authentication",
  },
  aofBackupEnabled: {
    apiName: "aof-backup-enabled",
    pointer: configPointer("aof-backup-enabled"),
    rule: '"true" or "false"',
    showValue: true,
    accepts: matches(TRUE_FALSE),
    stricter: 'the spec types it as any string; Azure reads it as a boolean, so only "true"/"false"',
  },
  aofStorageConnectionString0: {
    apiName: "aof-storage-connection-string-0",
    pointer: configPointer("aof-storage-connection-string-0"),
    rule: "a storage account connection string (a secret: never shown)",
    showValue: false,
    accepts: anyString,
  },
  aofStorageConnectionString1: {
    apiName: "aof-storage-connection-string-1",
    pointer: configPointer("aof-storage-connection-string-1"),
    rule: "a storage account connection string (a secret: never shown)",
    showValue: false,
    accepts: anyString,
  },
  maxfragmentationmemoryReserved: {
    apiName: "maxfragmentationmemory-reserved",
    pointer: configPointer("maxfragmentationmemory-reserved"),
    rule: "megabytes per shard, a whole number",
    showValue: true,
    accepts: matches(MEGABYTES),
    stricter: "the spec types it as a string; the value is a number of megabytes",
  },
  maxmemoryDelta: {
    apiName: "maxmemory-delta",
    pointer: configPointer("maxmemory-delta"),
    rule: "megabytes per shard, a whole number",
    showValue: true,
    accepts: matches(MEGABYTES),
    stricter: "the spec types it as a string; the value is a number of megabytes",
  },
  maxmemoryPolicy: {
    apiName: "maxmemory-policy",
    pointer: configPointer("maxmemory-policy"),
    rule: `one of Redis's eviction policies: ${MAXMEMORY_POLICIES.join(", ")}`,
    showValue: true,
    accepts: oneOf(MAXMEMORY_POLICIES),
    stricter: "the spec types it as a string; Redis itself accepts only these values",
  },
  maxmemoryReserved: {
    apiName: "maxmemory-reserved",
    pointer: configPointer("maxmemory-reserved"),
    rule: "megabytes per shard, a whole number",
    showValue: true,
    accepts: matches(MEGABYTES),
    stricter: "the spec types it as a string; the value is a number of megabytes",
  },
  notifyKeyspaceEvents: {
    apiName: "notify-keyspace-events",
    pointer: configPointer("notify-keyspace-events"),
    rule: 'Redis 6 keyspace-event flags (K E g $ l s h z x e t m A), or "" for none',
    showValue: true,
    accepts: matches(/^[KEg$lshzxetmA]*$/),
    stricter:
      "the spec types it as a string; Redis 6.0 rejects other flag characters (d and n came with Redis 7.0's notify.c)",
  },
  preferredDataPersistenceAuthMethod: {
    apiName: "preferred-data-persistence-auth-method",
    pointer: configPointer("preferred-data-persistence-auth-method"),
    rule: '"SAS" or "ManagedIdentity"',
    showValue: true,
    accepts: oneOf(["SAS", "ManagedIdentity"]),
  },
  rdbBackupEnabled: {
    apiName: "rdb-backup-enabled",
    pointer: configPointer("rdb-backup-enabled"),
    rule: '"true" or "false"',
    showValue: true,
    accepts: matches(TRUE_FALSE),
    stricter: 'the spec types it as any string; Azure reads it as a boolean, so only "true"/"false"',
  },
  rdbBackupFrequency: {
    apiName: "rdb-backup-frequency",
    pointer: configPointer("rdb-backup-frequency"),
    rule: `minutes: ${RDB_BACKUP_FREQUENCIES.join(", ")}`,
    showValue: true,
    accepts: oneOf(RDB_BACKUP_FREQUENCIES),
  },
  rdbBackupMaxSnapshotCount: {
    apiName: "rdb-backup-max-snapshot-count",
    pointer: configPointer("rdb-backup-max-snapshot-count"),
    rule: "a whole number of snapshots, 1 or more",
    showValue: true,
    accepts: matches(/^[1-9]\d*$/),
    stricter: "the spec types it as a string; the value is a count",
  },
  rdbStorageConnectionString: {
    apiName: "rdb-storage-connection-string",
    pointer: configPointer("rdb-storage-connection-string"),
    rule: "a storage account connection string (a secret: never shown)",
    showValue: false,
    accepts: anyString,
  },
  storageSubscriptionId: {
    apiName: "storage-subscription-id",
    pointer: configPointer("storage-subscription-id"),
    rule: "a subscription id (a GUID)",
    showValue: true,
    accepts: matches(GUID),
    stricter: "the spec types it as a string; subscription ids are GUIDs",
  },
} as const satisfies Record<keyof azureInput.redis.RedisCommonPropertiesRedisConfigurationArgs, ConfigRule>;

/** A redisConfiguration key of azure-native's input type. */
export type CacheConfigKey = keyof typeof CACHE_CONFIG_RULES;

/** The rule of a redisConfiguration key, or undefined for a key azure-native doesn't know. */
export function cacheConfigRule(key: string): ConfigRule | undefined {
  return Object.hasOwn(CACHE_CONFIG_RULES, key) ? CACHE_CONFIG_RULES[key as CacheConfigKey] : undefined;
}

/** The spec's read-only redisConfiguration keys (Azure sets them; a request can't). */
export const CACHE_CONFIG_READ_ONLY = {
  maxclients: configPointer("maxclients"),
  "preferred-data-archive-auth-method": configPointer("preferred-data-archive-auth-method"),
  "zonal-configuration": configPointer("zonal-configuration"),
} as const;

/** redisConfiguration as a whole. */
export const REDIS_CONFIGURATION_RULES: RuleSubject = {
  title: "redisConfiguration",
  constraints: [
    {
      id: "cache.redisConfiguration",
      args: "redisConfiguration keys",
      rule: "a key of azure-native's RedisCommonPropertiesRedisConfigurationArgs, each value by its own rule (table below); aadEnabled and authnotrequired refused; the spec's read-only keys refused",
      spec: { file: "cache", pointer: CONFIG_DEF },
      accepts: (v) =>
        typeof v === "object" &&
        v !== null &&
        Object.entries(v).every(([k, x]) => {
          const r = cacheConfigRule(k);
          return r !== undefined && r.refused === undefined && r.accepts(x);
        }),
      stricter:
        "the spec also allows other keys (additionalProperties); azure-native's input type has only these, so others are refused instead of dropped",
      sends: [],
    },
  ],
};
