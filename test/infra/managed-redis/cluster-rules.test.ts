/**
 * EntraManagedRedis's rules for the cluster and its database, refused before anything is
 * registered: SKU, cluster name, clustering and eviction policies, persistence, modules, tags,
 * resource group and values of the wrong type (never coerced); an Output resource group when it resolves.
 */
import { describe } from "node:test";
import { later } from "../mocks.ts";
import {
  namer,
  managedArgs,
  MANAGED_REDIS,
  plainRuleTests,
  outputRuleTests,
  type PlainCase,
  type OutputCase,
} from "../fixtures.ts";
import { type EntraManagedRedisArgs } from "../../../src/index.ts";

const next = namer("amr");
type Case = PlainCase<EntraManagedRedisArgs>;

const plainCases: Case[] = [
  [
    "retired Enterprise SKU",
    () => ({ ...managedArgs(), sku: "Enterprise_E10" as never }),
    "sku",
    /"Enterprise_E10" is a retired Azure Cache for Redis Enterprise SKU; use an Azure Managed Redis SKU/,
  ],
  [
    "retired EnterpriseFlash SKU",
    () => ({ ...managedArgs(), sku: "EnterpriseFlash_F300" as never }),
    "sku",
    /retired/,
  ],
  [
    "unknown SKU",
    () => ({ ...managedArgs(), sku: "Premium" as never }),
    "sku",
    /"Premium" is not an Azure Managed Redis SKU/,
  ],
  [
    "SKU with a bad size",
    () => ({ ...managedArgs(), sku: "Balanced_Bx" as never }),
    "sku",
    /is not an Azure Managed Redis SKU/,
  ],
  [
    "clusteringPolicy unknown",
    () => ({ ...managedArgs(), clusteringPolicy: "Sharded" as never }),
    "clusteringPolicy",
    /is not a clustering policy/,
  ],
  [
    "evictionPolicy unknown",
    () => ({ ...managedArgs(), evictionPolicy: "allkeys-lru" }),
    "evictionPolicy",
    /is not an eviction policy; use "AllKeysLFU"/,
  ],
  [
    "persistence AOF and RDB",
    () => ({ ...managedArgs(), persistence: { aofEnabled: true, rdbEnabled: true } }),
    "persistence",
    /turns on both AOF and RDB/,
  ],
  [
    "persistence frequency without enabling it",
    () => ({ ...managedArgs(), persistence: { rdbFrequency: "1h" } }),
    "persistence.rdbFrequency",
    /while rdbEnabled is not true/,
  ],
  [
    "unknown module",
    () => ({ ...managedArgs(), modules: [{ name: "RedisGraph" }] }),
    "modules[0].name",
    /is not a module Azure Managed Redis offers/,
  ],
  // Issue 19 item 13: values of the wrong type are refused, not coerced (highAvailability: "false" was Enabled).
  ...(
    [
      [
        "highAvailability",
        "false",
        /highAvailability "false" is a string, not a boolean; give true or false/,
      ],
      ["highAvailability", 0, /highAvailability 0 is a number, not a boolean/],
      ["accessKeyAuthentication", "true", /is a string, not a boolean/],
      ["allowPublicNetworkAccess", "true", /is a string, not a boolean/],
    ] as const
  ).map(([field, v, message]): Case => [
    `${field}: ${JSON.stringify(v)}`,
    () => ({ ...managedArgs(), [field]: v as never }),
    field,
    message,
  ]),
  [
    "persistence.aofEnabled as a string",
    () => ({ ...managedArgs(), persistence: { aofEnabled: "true" as never } }),
    "persistence.aofEnabled",
    /is a string, not a boolean/,
  ],
  [
    "tag value not a string",
    () => ({ ...managedArgs(), tags: { env: 1 as never } }),
    "tags.env",
    /tags\.env 1 is a number, not a string/,
  ],
  [
    "tags as a list",
    () => ({ ...managedArgs(), tags: ["env"] as never }),
    "tags",
    /tags \["env"\] is a list, not a map/,
  ],
  [
    "two tags differing only in case",
    () => ({ ...managedArgs(), tags: { Env: "a", env: "b" } }),
    "tags.env",
    /has the same name as tags\.Env apart from case/,
  ],
  [
    "resourceGroupName of the wrong type says so (was: is empty)",
    () => ({ ...managedArgs(), resourceGroupName: ["rg"] as never }),
    "resourceGroupName",
    /resourceGroupName \["rg"\] is a list, not a string/,
  ],
  [
    "clusterName invalid",
    () => ({ ...managedArgs(), clusterName: "-orders" }),
    "clusterName",
    /is not a valid name/,
  ],
];

describe("EntraManagedRedis input rules (plain values)", () => {
  plainRuleTests(MANAGED_REDIS, next, plainCases);
});

const outputCases: OutputCase<EntraManagedRedisArgs>[] = [
  [
    "resourceGroupName Output empty",
    () => ({ ...managedArgs(), resourceGroupName: later("") }),
    /resourceGroupName "" is empty/,
  ],
];

describe("EntraManagedRedis input rules (Output values)", () => {
  outputRuleTests(MANAGED_REDIS, next, outputCases);
});
