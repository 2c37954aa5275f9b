/**
 * Azure's rules for the settings of the Managed Redis database: clustering, eviction, upgrades,
 * persistence and modules.
 */
import * as managedEnums from "@pulumi/azure-native/types/enums/redisenterprise/index.js";
import { DATABASE, enumValues, oneOf, type RuleSubject } from "./rule.ts";

/** Modules Azure Managed Redis offers (the spec's Module.name is a string with examples). */
export const MANAGED_MODULES = ["RediSearch", "RedisJSON", "RedisBloom", "RedisTimeSeries"] as const;

/** Managed Redis database. */
export const DATABASE_RULES: RuleSubject = {
  title: "Managed Redis database",
  constraints: [
    {
      id: "managed.clusteringPolicy",
      args: "clusteringPolicy",
      rule: `one of azure-native's ClusteringPolicy: ${enumValues(managedEnums.ClusteringPolicy).join(", ")}`,
      spec: { file: "managed", pointer: "/definitions/DatabaseProperties/properties/clusteringPolicy/enum" },
      accepts: oneOf(enumValues(managedEnums.ClusteringPolicy)),
      sends: [{ type: DATABASE, path: "clusteringPolicy" }],
    },
    {
      id: "managed.evictionPolicy",
      args: "evictionPolicy",
      rule: `one of azure-native's EvictionPolicy: ${enumValues(managedEnums.EvictionPolicy).join(", ")}`,
      spec: { file: "managed", pointer: "/definitions/DatabaseProperties/properties/evictionPolicy/enum" },
      accepts: oneOf(enumValues(managedEnums.EvictionPolicy)),
      sends: [{ type: DATABASE, path: "evictionPolicy" }],
    },
    {
      id: "managed.deferUpgrade",
      args: "deferUpgrade",
      rule: `one of azure-native's DeferUpgradeSetting: ${enumValues(managedEnums.DeferUpgradeSetting).join(", ")}`,
      spec: { file: "managed", pointer: "/definitions/DatabaseProperties/properties/deferUpgrade/enum" },
      accepts: oneOf(enumValues(managedEnums.DeferUpgradeSetting)),
      sends: [{ type: DATABASE, path: "deferUpgrade" }],
    },
    {
      id: "managed.persistence.aofFrequency",
      args: "persistence.aofFrequency",
      rule: `one of azure-native's AofFrequency except the deprecated "always": ${enumValues(
        managedEnums.AofFrequency,
      )
        .filter((f) => f !== managedEnums.AofFrequency.Always)
        .join(", ")}`,
      spec: { file: "managed", pointer: "/definitions/Persistence/properties/aofFrequency/enum" },
      accepts: (v) =>
        oneOf(enumValues(managedEnums.AofFrequency))(v) && v !== managedEnums.AofFrequency.Always,
      stricter: '"always" is refused: the spec marks it deprecated for its performance impact',
      sends: [{ type: DATABASE, path: "persistence.aofFrequency" }],
    },
    {
      id: "managed.persistence.rdbFrequency",
      args: "persistence.rdbFrequency",
      rule: `one of azure-native's RdbFrequency: ${enumValues(managedEnums.RdbFrequency).join(", ")}`,
      spec: { file: "managed", pointer: "/definitions/Persistence/properties/rdbFrequency/enum" },
      accepts: oneOf(enumValues(managedEnums.RdbFrequency)),
      sends: [{ type: DATABASE, path: "persistence.rdbFrequency" }],
    },
    {
      id: "managed.persistence.oneOf",
      args: "persistence.aofEnabled, persistence.rdbEnabled",
      rule: "at most one of AOF and RDB persistence enabled",
      spec: { file: "managed", pointer: "/definitions/Persistence/properties/aofEnabled/description" },
      accepts: (v) =>
        typeof v === "object" &&
        v !== null &&
        !(
          (v as { aofEnabled?: unknown }).aofEnabled === true &&
          (v as { rdbEnabled?: unknown }).rdbEnabled === true
        ),
      sends: [{ type: DATABASE, path: "persistence" }],
    },
    {
      id: "managed.modules.name",
      args: "modules[i].name",
      rule: `a module Azure Managed Redis offers: ${MANAGED_MODULES.join(", ")}`,
      spec: { file: "managed", pointer: "/definitions/Module/properties/name" },
      accepts: oneOf(MANAGED_MODULES),
      stricter: "the spec types it as a string with examples; Azure Managed Redis offers these four modules",
      sends: [{ type: DATABASE, path: "modules[].name" }],
    },
  ],
};
