/**
 * EntraRedisCache's rules for the cache itself, refused before anything is registered: tier, Redis
 * version, capacity, shards, replicas, zones, name, redisConfiguration, tags and location; Output
 * values checked when they resolve, and valid Output values accepted by the same rules.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { children, find, later, OID1, OID2, reset, RG, settle, SUBNET_ID, value, VNET_ID } from "../mocks.ts";
import {
  namer,
  cacheArgs,
  REDIS_CACHE,
  plainRuleTests,
  oneSentenceTest,
  outputRuleTests,
  type PlainCase,
  type OutputCase,
} from "../fixtures.ts";
import { EntraRedisCache, type EntraRedisCacheArgs } from "../../../src/index.ts";

const next = namer("cache");
type Case = PlainCase<EntraRedisCacheArgs>;

const plainCases: Case[] = [
  [
    "tier other than Basic/Standard/Premium",
    () => ({ ...cacheArgs(), sku: "Free" as never }),
    "sku",
    /"Free" is not a supported tier; use "Basic", "Standard" or "Premium"/,
  ],
  [
    "an Enterprise tier",
    () => ({ ...cacheArgs(), sku: "Enterprise" as never }),
    "sku",
    /Enterprise tier.*EntraManagedRedis/,
  ],
  [
    "redisVersion 4",
    () => ({ ...cacheArgs(), redisVersion: "4" }),
    "redisVersion",
    /"4" has no ACLs and so no Entra ID authentication; use "6"/,
  ],
  ["redisVersion 4.0.14", () => ({ ...cacheArgs(), redisVersion: "4.0.14" }), "redisVersion", /has no ACLs/],
  [
    "an unknown redisVersion",
    () => ({ ...cacheArgs(), redisVersion: "7" }),
    "redisVersion",
    /"7" is not accepted: "major\[\.minor\]" or "latest", supported 4\.0 and 6\.0/,
  ],
  ...["6.2", "6.1", "6.0.20"].map((v): Case => [
    `redisVersion ${v} (not major[.minor] of a version Azure lists)`,
    () => ({ ...cacheArgs(), redisVersion: v }),
    "redisVersion",
    /is not accepted: .*accepted: 6, 6\.0, latest/,
  ]),
  [
    "tag value not a string",
    () => ({ ...cacheArgs(), tags: { env: false as never } }),
    "tags.env",
    /is a boolean, not a string/,
  ],
  [
    "tags as a string",
    () => ({ ...cacheArgs(), tags: "env=test" as never }),
    "tags",
    /is a string, not a map/,
  ],
  [
    "a tag named __proto__ (JSON.parse makes it an own key; copied, it became a prototype and the tag vanished)",
    () => ({
      ...cacheArgs(),
      tags: JSON.parse('{"env": "test", "__proto__": "x"}') as Record<string, string>,
    }),
    "tags.__proto__",
    /is a tag name a JavaScript map can't carry/,
  ],
  [
    "location of the wrong type says so (was: is empty)",
    () => ({ ...cacheArgs(), location: 42 as never }),
    "location",
    /location 42 is a number, not a string/,
  ],
  [
    "capacity 7 on Standard",
    () => ({ ...cacheArgs(), capacity: 7 }),
    "capacity",
    /7 is out of range for Standard \(family C\); use a whole number from 0 to 6/,
  ],
  [
    "capacity 0 on Premium",
    () => ({ ...cacheArgs(), sku: "Premium", capacity: 0 }),
    "capacity",
    /out of range for Premium \(family P\); use a whole number from 1 to 5/,
  ],
  [
    "capacity 6 on Premium",
    () => ({ ...cacheArgs(), sku: "Premium", capacity: 6 }),
    "capacity",
    /from 1 to 5/,
  ],
  ["fractional capacity", () => ({ ...cacheArgs(), capacity: 1.5 }), "capacity", /out of range/],
  [
    "shardCount below Premium",
    () => ({ ...cacheArgs(), shardCount: 2 }),
    "shardCount",
    /needs the Premium tier \(sku is "Standard"\)/,
  ],
  [
    "replicasPerPrimary below Premium",
    () => ({ ...cacheArgs(), sku: "Basic", replicasPerPrimary: 1 }),
    "replicasPerPrimary",
    /needs the Premium tier \(sku is "Basic"\)/,
  ],
  [
    "redisConfiguration setting aadEnabled",
    () => ({ ...cacheArgs(), redisConfiguration: { aadEnabled: "false" } }),
    "redisConfiguration.aadEnabled",
    /can't be set: Entra ID authentication is always on/,
  ],
  [
    "redisConfiguration setting aad-enabled",
    () => ({ ...cacheArgs(), redisConfiguration: { "aad-enabled": "false" } }),
    "redisConfiguration.aad-enabled",
    /can't be set/,
  ],
  [
    "redisConfiguration setting authnotrequired",
    () => ({ ...cacheArgs(), redisConfiguration: { authnotrequired: "true" } }),
    "redisConfiguration.authnotrequired",
    /without authentication/,
  ],
  [
    "redisConfiguration with an unknown key",
    () => ({ ...cacheArgs(), redisConfiguration: { "maxmemory-policy": "allkeys-lru" } }),
    "redisConfiguration.maxmemory-policy",
    /write it as maxmemoryPolicy/,
  ],
  [
    "cacheName invalid",
    () => ({ ...cacheArgs(), cacheName: "my_cache" }),
    "cacheName",
    /"my_cache" is not a valid name/,
  ],
  ["zone out of range", () => ({ ...cacheArgs(), zones: ["4"] }), "zones[0]", /is not an availability zone/],
];

describe("EntraRedisCache input rules (plain values)", () => {
  plainRuleTests(REDIS_CACHE, next, plainCases);
  oneSentenceTest(REDIS_CACHE, next, plainCases);
});

const outputCases: OutputCase<EntraRedisCacheArgs>[] = [
  [
    "resourceGroupName Output empty",
    () => ({ ...cacheArgs(), resourceGroupName: later("") }),
    /resourceGroupName "" is empty/,
  ],
  ["location Output empty", () => ({ ...cacheArgs(), location: later(" ") }), /location " " is empty/],
];

describe("EntraRedisCache input rules (Output values)", () => {
  outputRuleTests(REDIS_CACHE, next, outputCases);

  test("the same plain rules accept valid Output values", async () => {
    reset();
    const name = next();
    const c = new EntraRedisCache(name, {
      resourceGroupName: later(RG),
      location: later("northeurope"),
      assignments: [
        { objectId: later(OID1), alias: "app" },
        { objectId: later(OID2), alias: "other" },
      ],
      privateEndpoint: { subnetId: later(SUBNET_ID), virtualNetworkId: later(VNET_ID) },
    });
    await settle();
    assert.equal(children(name).length, 8);
    assert.deepEqual(await value(c.objectIds), [OID1, OID2]);
    assert.equal(find("azure-native:redis:Redis", `${name}-redis`).inputs.location, "northeurope");
  });
});
