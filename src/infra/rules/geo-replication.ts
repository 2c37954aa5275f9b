/**
 * Azure's rules for geo-replication: the passive link of Azure Cache for Redis (LinkedServer) and the
 * active geo-replication group of Azure Managed Redis. What Azure documents beyond the specs (SKUs,
 * modules, persistence, zones, replicas) is checked in parts/geo-replication.ts.
 */
import * as cacheEnums from "@pulumi/azure-native/types/enums/redis/index.js";
import {
  DATABASE,
  LINKED_SERVER,
  anyString,
  enumValues,
  isString,
  matches,
  type RuleSubject,
} from "./rule.ts";
import { CACHE_ID_PATTERN, MANAGED_DATABASE_ID_PATTERN } from "./ids.ts";
import { isCacheName, isClusterName } from "./names.ts";

/**
 * Name of an active geo-replication group (`geoReplication.groupNickname`): 1-63 letters, digits and
 * hyphens, starting and ending with a letter or digit, no `--` (azurerm's validator; the spec has none).
 */
export const GEO_GROUP_NICKNAME_PATTERN = /^(?=.{1,63}$)[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;

/** Geo-replication. */
export const GEO_REPLICATION_RULES: RuleSubject = {
  title: "Geo-replication",
  constraints: [
    {
      id: "cache.linkedServer.linkedRedisCacheId",
      args: "geoReplication.linkedCacheId",
      rule: "the resource id of an Azure Cache for Redis: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Cache/Redis/<name>",
      spec: {
        file: "cache",
        pointer: "/definitions/RedisLinkedServerCreateProperties/properties/linkedRedisCacheId",
      },
      accepts: (v) => isString(v) && CACHE_ID_PATTERN.test(v) && isCacheName(CACHE_ID_PATTERN.exec(v)![3]),
      stricter:
        "the spec types it as a string; the component requires a cache resource id (not a Managed Redis id, a host name or a cache name)",
      sends: [{ type: LINKED_SERVER, path: "linkedRedisCacheId" }],
    },
    {
      id: "cache.linkedServer.linkedRedisCacheLocation",
      args: "geoReplication.linkedCacheLocation",
      rule: "the region of the linked cache, a non-empty string",
      spec: {
        file: "cache",
        pointer: "/definitions/RedisLinkedServerCreateProperties/properties/linkedRedisCacheLocation",
      },
      accepts: anyString,
      sends: [{ type: LINKED_SERVER, path: "linkedRedisCacheLocation" }],
    },
    {
      id: "cache.linkedServer.serverRole",
      args: '(sent: "Secondary")',
      rule: `one of azure-native's redis ReplicationRole: ${enumValues(cacheEnums.ReplicationRole).join(", ")}; the link is created on the primary and names the secondary`,
      spec: {
        file: "cache",
        pointer: "/definitions/RedisLinkedServerCreateProperties/properties/serverRole",
      },
      accepts: (v) => v === cacheEnums.ReplicationRole.Secondary,
      stricter: 'only "Secondary" is sent: the component creates the link on its own cache, the geo-primary',
      sends: [{ type: LINKED_SERVER, path: "serverRole" }],
    },
    {
      id: "managed.geoReplication.groupNickname",
      args: "geoReplication.groupNickname",
      rule: "1-63 letters, digits and hyphens, starting and ending with a letter or digit, no `--`",
      spec: {
        file: "managed",
        pointer: "/definitions/DatabaseProperties/properties/geoReplication/properties/groupNickname",
      },
      accepts: matches(GEO_GROUP_NICKNAME_PATTERN),
      stricter:
        "the spec types it as a string; the component applies azurerm's validator (azurerm geo group), the only written rule for it",
      sends: [{ type: DATABASE, path: "geoReplication.groupNickname" }],
    },
    {
      id: "managed.geoReplication.linkedDatabases.id",
      args: "geoReplication.linkedDatabaseIds[i], and the component's own database id",
      rule: "an Azure Managed Redis database id: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Cache/redisEnterprise/<cluster>/databases/default",
      spec: { file: "managed", pointer: "/definitions/LinkedDatabase/properties/id" },
      accepts: (v) =>
        isString(v) &&
        MANAGED_DATABASE_ID_PATTERN.test(v) &&
        isClusterName(MANAGED_DATABASE_ID_PATTERN.exec(v)![3]),
      stricter:
        'the spec allows any id of type Microsoft.Cache/redisEnterprise/databases; Azure Managed Redis has only the database "default"',
      sends: [{ type: DATABASE, path: "geoReplication.linkedDatabases[].id" }],
    },
  ],
};
