/**
 * EntraRedisCache under Pulumi mocks (new-cache mode): the inputs of every child resource, the
 * serialised policy/assignment chain, the outputs, and every input rule with plain values (thrown
 * by the constructor before anything is registered) and Output values (no child registered).
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  calls,
  CACHE_ZONE_ID,
  children,
  expectRejections,
  find,
  isSecretInput,
  later,
  MANAGED_ZONE_ID,
  OID1,
  OID2,
  OID3,
  reset,
  resources,
  RG,
  settle,
  SUBNET_ID,
  value,
  VNET_ID,
  cacheAssignment,
} from "./mocks.ts";
import {
  EntraRedisCache,
  EntraRedisInputError,
  REDIS_TOKEN_SCOPE,
  type EntraRedisCacheArgs,
} from "../../src/index.ts";

let n = 0;
/** A fresh component name per construction. */
const next = () => `cache${++n}`;

const base = (): EntraRedisCacheArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  firewallRules: [{ startIp: "203.0.113.10" }],
});

describe("EntraRedisCache resources", () => {
  test("tags in a map without a prototype register as plain tags (they stalled the program)", async () => {
    reset();
    const name = next();
    const tags = Object.create(null) as Record<string, string>;
    tags.env = "test";
    new EntraRedisCache(name, { ...base(), tags });
    await settle();
    assert.deepEqual(find("azure-native:redis:Redis", `${name}-redis`).inputs.tags, { env: "test" });
  });

  test("storage connection strings given as plain strings are registered as secrets (issue 19 item 5)", async () => {
    reset();
    const secret = "DefaultEndpointsProtocol=https;AccountName=store;AccountKey=k3y==";
    for (const key of [
      "rdbStorageConnectionString",
      "aofStorageConnectionString0",
      "aofStorageConnectionString1",
    ]) {
      const name = next();
      new EntraRedisCache(name, {
        ...base(),
        sku: "Premium",
        capacity: 1,
        redisConfiguration:
          key === "rdbStorageConnectionString"
            ? { rdbBackupEnabled: "true", rdbBackupFrequency: "60", [key]: secret }
            : { aofBackupEnabled: "true", [key]: secret },
      });
      await settle();
      const config = find("azure-native:redis:Redis", `${name}-redis`).inputs.redisConfiguration;
      assert.ok(
        isSecretInput(config),
        `${key}: redisConfiguration registered in clear: ${JSON.stringify(config)}`,
      );
    }
    const name = next();
    new EntraRedisCache(name, { ...base(), redisConfiguration: { maxmemoryPolicy: "allkeys-lru" } });
    await settle();
    const plain = find("azure-native:redis:Redis", `${name}-redis`).inputs.redisConfiguration;
    assert.deepEqual(plain, { maxmemoryPolicy: "allkeys-lru", aadEnabled: "true" }, "no secret, no wrapping");
  });

  test("a firewall-protected cache: the Redis resource has Entra on, keys off, TLS 1.2 only, public access filtered", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      ...base(),
      location: "westeurope",
      cacheName: "my-cache",
      tags: { env: "test" },
      redisConfiguration: { maxmemoryPolicy: "allkeys-lru" },
    });
    await settle();
    const cache = find("azure-native:redis:Redis", `${name}-redis`);
    assert.deepEqual(cache.inputs, {
      resourceGroupName: RG,
      location: "westeurope",
      name: "my-cache",
      tags: { env: "test" },
      sku: { name: "Standard", family: "C", capacity: 1 },
      redisVersion: "6",
      redisConfiguration: { maxmemoryPolicy: "allkeys-lru", aadEnabled: "true" },
      disableAccessKeyAuthentication: true,
      enableNonSslPort: false,
      minimumTlsVersion: "1.2",
      publicNetworkAccess: "Enabled",
    });
    const rule = find("azure-native:redis:FirewallRule", `${name}-fw-ip_203_0_113_10`);
    assert.deepEqual(rule.inputs, {
      resourceGroupName: RG,
      cacheName: "my-cache",
      ruleName: "ip_203_0_113_10",
      startIP: "203.0.113.10",
      endIP: "203.0.113.10",
    });
    const assignment = cacheAssignment(name, "app");
    assert.deepEqual(assignment.inputs, {
      resourceGroupName: RG,
      cacheName: "my-cache",
      accessPolicyAssignmentName: OID1,
      accessPolicyName: "Data Contributor",
      objectId: OID1,
      objectIdAlias: "app",
    });
    // Nothing else: no private endpoint, no key listing.
    assert.deepEqual(
      children(name)
        .map((r) => r.type)
        .sort(),
      [
        "azure-native:redis:AccessPolicyAssignment",
        "azure-native:redis:FirewallRule",
        "azure-native:redis:Redis",
        "azure-redis-entra:index:EntraRedisCache",
      ],
    );
    assert.ok(
      !calls.some((c) => /listRedisKeys|listKeys/i.test(c.token)),
      "access keys must never be fetched",
    );
  });

  test("every child is parented to the component and named after it", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      ...base(),
      customPolicies: [{ name: "Reader Plus", permissions: "+@read +@connection allkeys" }],
      firewallRules: [{ cidr: "10.1.0.0/16" }],
      privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
      allowPublicNetworkAccess: true,
    });
    await settle();
    const component = find("azure-redis-entra:index:EntraRedisCache", name);
    const kids = resources.filter((r) => r !== component && r.name.startsWith(`${name}-`));
    assert.equal(kids.length, 8);
    for (const kid of kids)
      assert.equal(kid.parent, component.urn, `${kid.name} is not parented to the component`);
  });

  test("sku, capacity, version, zones, replicas, shards and keys map onto the cache", async () => {
    reset();
    const name = next();
    const c = new EntraRedisCache(name, {
      ...base(),
      sku: "Premium",
      capacity: 2,
      redisVersion: "latest",
      zones: ["1", "2"],
      replicasPerPrimary: 2,
      shardCount: 3,
      accessKeyAuthentication: true,
    });
    await settle();
    const cache = find("azure-native:redis:Redis", `${name}-redis`);
    assert.deepEqual(cache.inputs.sku, { name: "Premium", family: "P", capacity: 2 });
    assert.equal(cache.inputs.redisVersion, "latest");
    assert.deepEqual(cache.inputs.zones, ["1", "2"]);
    assert.equal(cache.inputs.replicasPerPrimary, 2);
    assert.equal(cache.inputs.shardCount, 3);
    assert.equal(cache.inputs.disableAccessKeyAuthentication, false);
    // Entra stays on even with keys on.
    assert.deepEqual(cache.inputs.redisConfiguration, { aadEnabled: "true" });
    const conns = await value(c.connections);
    assert.equal(conns["app"].cluster, true, "a sharded Premium cache is clustered");
  });

  test("zonalAllocationPolicy and updateChannel map onto the cache; left out, neither is sent", async () => {
    reset();
    const zoned = next();
    new EntraRedisCache(zoned, {
      ...base(),
      sku: "Premium",
      zones: ["1", "2", "3"],
      zonalAllocationPolicy: "UserDefined",
      updateChannel: "Preview",
    });
    const auto = next();
    new EntraRedisCache(auto, { ...base(), zonalAllocationPolicy: "Automatic" });
    const plain = next();
    new EntraRedisCache(plain, base());
    await settle();
    const z = find("azure-native:redis:Redis", `${zoned}-redis`).inputs;
    assert.equal(z.zonalAllocationPolicy, "UserDefined");
    assert.equal(z.updateChannel, "Preview");
    assert.deepEqual(z.zones, ["1", "2", "3"]);
    const a = find("azure-native:redis:Redis", `${auto}-redis`).inputs;
    assert.equal(a.zonalAllocationPolicy, "Automatic");
    assert.equal(a.zones, undefined);
    const p = find("azure-native:redis:Redis", `${plain}-redis`).inputs;
    assert.equal(p.zonalAllocationPolicy, undefined);
    assert.equal(p.updateChannel, undefined);
  });

  test("zonalAllocationPolicy must agree with zones, before anything is registered", () => {
    const cases: [Partial<EntraRedisCacheArgs>, RegExp][] = [
      [
        { zonalAllocationPolicy: "UserDefined" },
        /"UserDefined" places the cache in the zones given.*give zones/,
      ],
      [{ zonalAllocationPolicy: "UserDefined", zones: [] }, /zones is empty or missing/],
      [
        { zonalAllocationPolicy: "Automatic", zones: ["1"] },
        /contradicts zones \["1"\].*lets Azure pick.*use "UserDefined" with zones, or remove zones/,
      ],
      [{ zonalAllocationPolicy: "NoZones", zones: ["1", "2"] }, /contradicts zones.*uses no zones/],
    ];
    for (const [extra, message] of cases) {
      reset();
      const name = next();
      assert.throws(
        () => new EntraRedisCache(name, { ...base(), sku: "Premium", ...extra }),
        (err: unknown) =>
          err instanceof EntraRedisInputError &&
          err.field === "zonalAllocationPolicy" &&
          message.test(err.message),
        JSON.stringify(extra),
      );
      assert.deepEqual(children(name), [], "nothing registered");
    }
  });

  test("Basic capacity 0 and the default tier", async () => {
    reset();
    const a = next();
    const b = next();
    new EntraRedisCache(a, { ...base(), sku: "Basic", capacity: 0 });
    new EntraRedisCache(b, base());
    await settle();
    assert.deepEqual(find("azure-native:redis:Redis", `${a}-redis`).inputs.sku, {
      name: "Basic",
      family: "C",
      capacity: 0,
    });
    assert.deepEqual(find("azure-native:redis:Redis", `${b}-redis`).inputs.sku, {
      name: "Standard",
      family: "C",
      capacity: 1,
    });
    assert.equal(
      find("azure-native:redis:Redis", `${b}-redis`).inputs.name,
      undefined,
      "auto-named when cacheName is omitted",
    );
  });

  test("firewall rules: single address, range and CIDR, with given and derived names", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      ...base(),
      firewallRules: [
        { startIp: "198.51.100.7" },
        { name: "office", startIp: "198.51.100.10", endIp: "198.51.100.20" },
        { cidr: "10.0.0.0/24" },
      ],
    });
    await settle();
    const rules = resources
      .filter((r) => r.type === "azure-native:redis:FirewallRule" && r.name.startsWith(`${name}-`))
      .map((r) => r.inputs);
    assert.deepEqual(
      rules.map((r) => [r.ruleName, r.startIP, r.endIP]),
      [
        ["ip_198_51_100_7", "198.51.100.7", "198.51.100.7"],
        ["office", "198.51.100.10", "198.51.100.20"],
        ["range_10_0_0_0_10_0_0_255", "10.0.0.0", "10.0.0.255"],
      ],
    );
  });

  test("custom policies are written before the assignments, and every write waits for the previous one", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      ...base(),
      customPolicies: [
        { name: "Reports Read Only", permissions: "+@read +@connection -keys ~reports:*" },
        { name: "Stats Writer", permissions: "+@write +@read ~stats:*" },
      ],
      assignments: [
        { objectId: OID1, alias: "app", policy: "Data Owner" },
        { objectId: later(OID2), alias: "reporting", policy: "Reports Read Only" },
        { objectId: OID3, alias: "stats-job", policy: "Stats Writer" },
      ],
    });
    await settle();
    const cache = find("azure-native:redis:Redis", `${name}-redis`);
    const chain = [
      find("azure-native:redis:AccessPolicy", `${name}-policy-Reports Read Only`),
      find("azure-native:redis:AccessPolicy", `${name}-policy-Stats Writer`),
      cacheAssignment(name, "app"),
      cacheAssignment(name, "reporting"),
      cacheAssignment(name, "stats-job"),
    ];
    assert.deepEqual(chain[0].inputs, {
      resourceGroupName: RG,
      cacheName: `${name}-redis`,
      accessPolicyName: "Reports Read Only",
      permissions: "+@read +@connection -keys ~reports:*",
    });
    assert.equal(chain[3].inputs.objectId, OID2);
    assert.equal(chain[3].inputs.accessPolicyName, "Reports Read Only");
    assert.ok(chain[0].dependencies.includes(cache.urn), "the first write waits for the cache");
    chain.forEach((r, i) => {
      if (i > 0)
        assert.ok(r.dependsOn.includes(chain[i - 1].urn), `${r.name} must depend on ${chain[i - 1].name}`);
      // A total order: no write depends on a later one.
      for (const later of chain.slice(i + 1)) assert.ok(!r.dependencies.includes(later.urn));
    });
    // Registration order follows the chain too.
    const order = resources.filter((r) => chain.includes(r)).map((r) => r.name);
    assert.deepEqual(
      order,
      chain.map((r) => r.name),
    );
  });

  test("a private endpoint with a new DNS zone linked to the VNet turns public access off", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      location: "westeurope",
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
    });
    await settle();
    const cache = find("azure-native:redis:Redis", `${name}-redis`);
    assert.equal(cache.inputs.publicNetworkAccess, "Disabled");
    const pe = find("azure-native:network:PrivateEndpoint", `${name}-pe`);
    // azure-native fills subnet defaults (network policies) into the reference; only the id matters.
    assert.equal((pe.inputs.subnet as { id: string }).id, SUBNET_ID);
    assert.deepEqual(
      { ...pe.inputs, subnet: undefined },
      {
        resourceGroupName: RG,
        location: "westeurope",
        subnet: undefined,
        privateLinkServiceConnections: [
          {
            name: `${name}-pe`,
            privateLinkServiceId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/mock/Redis/${name}-redis`,
            groupIds: ["redisCache"],
          },
        ],
      },
    );
    const zone = find("azure-native:privatedns:PrivateZone", `${name}-dns-zone`);
    assert.deepEqual(zone.inputs, {
      resourceGroupName: RG,
      location: "global",
      privateZoneName: "privatelink.redis.cache.windows.net",
    });
    const link = find("azure-native:privatedns:VirtualNetworkLink", `${name}-dns-link`);
    assert.deepEqual(link.inputs, {
      resourceGroupName: RG,
      privateZoneName: "privatelink.redis.cache.windows.net",
      location: "global",
      virtualNetwork: { id: VNET_ID },
      registrationEnabled: false,
    });
    const group = find("azure-native:network:PrivateDnsZoneGroup", `${name}-pe-dns`);
    assert.deepEqual(group.inputs, {
      resourceGroupName: RG,
      privateEndpointName: `${name}-pe`,
      privateDnsZoneGroupName: "default",
      privateDnsZoneConfigs: [
        {
          name: "privatelink-redis-cache-windows-net",
          privateDnsZoneId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.redis.cache.windows.net`,
        },
      ],
    });
    assert.ok(group.dependencies.includes(link.urn), "the zone group waits for the VNet link");
    assert.ok(pe.dependencies.includes(cache.urn));
  });

  test("a private endpoint with an existing zone creates no zone; Output ids are accepted", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: { subnetId: later(SUBNET_ID), privateDnsZoneId: later(CACHE_ZONE_ID) },
    });
    await settle();
    assert.equal(
      resources.filter(
        (r) => r.type === "azure-native:privatedns:PrivateZone" && r.name.startsWith(`${name}-`),
      ).length,
      0,
    );
    const group = find("azure-native:network:PrivateDnsZoneGroup", `${name}-pe-dns`);
    assert.deepEqual(group.inputs.privateDnsZoneConfigs, [
      { name: "privatelink-redis-cache-windows-net", privateDnsZoneId: CACHE_ZONE_ID },
    ]);
    assert.equal(
      (find("azure-native:network:PrivateEndpoint", `${name}-pe`).inputs.subnet as { id: string }).id,
      SUBNET_ID,
    );
    assert.equal(find("azure-native:redis:Redis", `${name}-redis`).inputs.publicNetworkAccess, "Disabled");
  });

  test("private endpoint plus firewall rules keeps public access on when allowPublicNetworkAccess is true", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      ...base(),
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: CACHE_ZONE_ID },
      allowPublicNetworkAccess: true,
    });
    await settle();
    assert.equal(find("azure-native:redis:Redis", `${name}-redis`).inputs.publicNetworkAccess, "Enabled");
    find("azure-native:redis:FirewallRule", `${name}-fw-ip_203_0_113_10`);
    find("azure-native:network:PrivateEndpoint", `${name}-pe`);
  });

  test("internet-wide firewall rules register with the explicit allowPublicNetworkAccess: true (issue 19 item 4)", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      firewallRules: [{ name: "anyone", cidr: "0.0.0.0/0" }],
      allowPublicNetworkAccess: true,
    });
    await settle();
    assert.equal(find("azure-native:redis:Redis", `${name}-redis`).inputs.publicNetworkAccess, "Enabled");
    const rule = find("azure-native:redis:FirewallRule", `${name}-fw-anyone`);
    assert.deepEqual([rule.inputs.startIP, rule.inputs.endIP], ["0.0.0.0", "255.255.255.255"]);
  });

  test("allowPublicNetworkAccess alone opens the cache (no rules, no endpoint)", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      allowPublicNetworkAccess: true,
    });
    await settle();
    assert.equal(find("azure-native:redis:Redis", `${name}-redis`).inputs.publicNetworkAccess, "Enabled");
    assert.deepEqual(
      children(name)
        .map((r) => r.type)
        .sort(),
      [
        "azure-native:redis:AccessPolicyAssignment",
        "azure-native:redis:Redis",
        "azure-redis-entra:index:EntraRedisCache",
      ],
    );
  });
});

describe("EntraRedisCache outputs", () => {
  test("ids, host, port, token scope, object ids and per-alias connections; no secrets", async () => {
    reset();
    const name = next();
    const c = new EntraRedisCache(name, {
      ...base(),
      cacheName: "orders",
      assignments: [
        { objectId: OID1, alias: "app" },
        { objectId: later(OID2), alias: "reader", policy: "data reader" },
      ],
    });
    await settle();
    assert.equal(await value(c.resourceName), "orders");
    assert.equal(
      await value(c.resourceId),
      `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/mock/Redis/${name}-redis`,
    );
    assert.equal(await value(c.hostName), "orders.redis.cache.windows.net");
    assert.equal(await value(c.port), 6380);
    assert.equal(await value(c.tokenScope), REDIS_TOKEN_SCOPE);
    assert.deepEqual(await value(c.objectIds), [OID1, OID2]);
    const connections = await value(c.connections);
    assert.deepEqual(connections, {
      app: {
        host: "orders.redis.cache.windows.net",
        port: 6380,
        username: OID1,
        policy: "Data Contributor",
        tokenScope: REDIS_TOKEN_SCOPE,
        cluster: false,
      },
      reader: {
        host: "orders.redis.cache.windows.net",
        port: 6380,
        username: OID2,
        policy: "Data Reader",
        tokenScope: REDIS_TOKEN_SCOPE,
        cluster: false,
      },
    });
    const text = JSON.stringify([connections, await value(c.objectIds)]);
    assert.doesNotMatch(text, /key|password|secret/i);
  });
});

// ------------------------------------------------------------------------------------------------
// Input rules, plain values: the constructor throws before anything is registered.

type Case = [title: string, args: () => EntraRedisCacheArgs, field: string, message: RegExp];

const plainCases: Case[] = [
  [
    "tier other than Basic/Standard/Premium",
    () => ({ ...base(), sku: "Free" as never }),
    "sku",
    /"Free" is not a supported tier; use "Basic", "Standard" or "Premium"/,
  ],
  [
    "an Enterprise tier",
    () => ({ ...base(), sku: "Enterprise" as never }),
    "sku",
    /Enterprise tier.*EntraManagedRedis/,
  ],
  [
    "redisVersion 4",
    () => ({ ...base(), redisVersion: "4" }),
    "redisVersion",
    /"4" has no ACLs and so no Entra ID authentication; use "6"/,
  ],
  ["redisVersion 4.0.14", () => ({ ...base(), redisVersion: "4.0.14" }), "redisVersion", /has no ACLs/],
  [
    "an unknown redisVersion",
    () => ({ ...base(), redisVersion: "7" }),
    "redisVersion",
    /"7" is not accepted: "major\[\.minor\]" or "latest", supported 4\.0 and 6\.0/,
  ],
  ...["6.2", "6.1", "6.0.20"].map((v): Case => [
    `redisVersion ${v} (not major[.minor] of a version Azure lists)`,
    () => ({ ...base(), redisVersion: v }),
    "redisVersion",
    /is not accepted: .*accepted: 6, 6\.0, latest/,
  ]),
  [
    "no assignments",
    () => ({ ...base(), assignments: [] }),
    "assignments",
    /is empty; assign at least one identity/,
  ],
  [
    "alias with a space",
    () => ({ ...base(), assignments: [{ objectId: OID1, alias: "my app" }] }),
    "assignments[0].alias",
    /"my app" is not a valid assignment name; use 3-63 letters, digits or hyphens/,
  ],
  [
    "alias too short",
    () => ({ ...base(), assignments: [{ objectId: OID1, alias: "ab" }] }),
    "assignments[0].alias",
    /not a valid assignment name/,
  ],
  [
    "alias ending with a hyphen",
    () => ({ ...base(), assignments: [{ objectId: OID1, alias: "app-" }] }),
    "assignments[0].alias",
    /not a valid assignment name/,
  ],
  [
    "duplicated alias",
    () => ({
      ...base(),
      assignments: [
        { objectId: OID1, alias: "app" },
        { objectId: OID2, alias: "APP" },
      ],
    }),
    "assignments[1].alias",
    /is already used by assignments\[0\]/,
  ],
  [
    "the same objectId twice",
    () => ({
      ...base(),
      assignments: [
        { objectId: OID1, alias: "app" },
        { objectId: OID1.toUpperCase(), alias: "other" },
      ],
    }),
    "assignments[1].objectId",
    /is already assigned by assignments\[0\]\.objectId; give each identity one assignment/,
  ],
  [
    "objectId not a GUID",
    () => ({ ...base(), assignments: [{ objectId: "my-identity", alias: "app" }] }),
    "assignments[0].objectId",
    /"my-identity" is not an object id \(a GUID\)/,
  ],
  [
    "objectId a group path",
    () => ({ ...base(), assignments: [{ objectId: `/groups/${OID1}`, alias: "app" }] }),
    "assignments[0].objectId",
    /Entra groups can't be assigned/,
  ],
  [
    "unknown policy name",
    () => ({ ...base(), assignments: [{ objectId: OID1, alias: "app", policy: "Data Writer" }] }),
    "assignments[0].policy",
    /"Data Writer" is not a built-in or custom access policy; use one of "Data Owner", "Data Contributor", "Data Reader"/,
  ],
  [
    "custom policy name invalid",
    () => ({ ...base(), customPolicies: [{ name: "x!", permissions: "+@read allkeys" }] }),
    "customPolicies[0].name",
    /is not a valid access policy name/,
  ],
  [
    "custom policy name too short",
    () => ({ ...base(), customPolicies: [{ name: "ab", permissions: "+@read allkeys" }] }),
    "customPolicies[0].name",
    /is not a valid access policy name/,
  ],
  [
    "custom policy name clashing with a built-in",
    () => ({ ...base(), customPolicies: [{ name: "data reader", permissions: "+@read allkeys" }] }),
    "customPolicies[0].name",
    /clashes with the built-in policy "Data Reader"/,
  ],
  // Issue 19 item 1: names built in on either service are refused on both, in any case.
  ...["default", "DEFAULT", "DATA OWNER", "data contributor"].map(
    (name): [string, () => EntraRedisCacheArgs, string, RegExp] => [
      `custom policy named like the built-in ${JSON.stringify(name)}`,
      () => ({ ...base(), customPolicies: [{ name, permissions: "+@read allkeys" }] }),
      "customPolicies[0].name",
      /clashes with (the built-in policy "Data (Owner|Contributor)"|"default", Azure Managed Redis's built-in)/,
    ],
  ),
  [
    "a firewall rule that is not an object (was a TypeError)",
    () => ({ ...base(), firewallRules: [null as never] }),
    "firewallRules[0]",
    /firewallRules\[0\] null is null, not a rule/,
  ],
  // Issue 19 item 13: wrong types refused by name.
  [
    "allowPublicNetworkAccess as a string",
    () => ({ ...base(), allowPublicNetworkAccess: "true" as never }),
    "allowPublicNetworkAccess",
    /allowPublicNetworkAccess "true" is a string, not a boolean/,
  ],
  [
    "tag value not a string",
    () => ({ ...base(), tags: { env: false as never } }),
    "tags.env",
    /is a boolean, not a string/,
  ],
  ["tags as a string", () => ({ ...base(), tags: "env=test" as never }), "tags", /is a string, not a map/],
  [
    "a tag named __proto__ (JSON.parse makes it an own key; copied, it became a prototype and the tag vanished)",
    () => ({ ...base(), tags: JSON.parse('{"env": "test", "__proto__": "x"}') as Record<string, string> }),
    "tags.__proto__",
    /is a tag name a JavaScript map can't carry/,
  ],
  [
    "location of the wrong type says so (was: is empty)",
    () => ({ ...base(), location: 42 as never }),
    "location",
    /location 42 is a number, not a string/,
  ],
  // Issue 19 item 9: a policy list given as an object, a permissions list: the password is hidden.
  [
    "customPolicies as an object with a password inside",
    () => ({
      ...base(),
      customPolicies: { reader: { name: "reader", permissions: "+@read >hunter2" } } as never,
    }),
    "customPolicies",
    /customPolicies \{"reader":\{"name":"reader","permissions":"\+@read >\*\*\*"\}\} is not a list/,
  ],
  [
    "permissions as a list holding a password",
    () => ({ ...base(), customPolicies: [{ name: "reader", permissions: [">hunter2"] as never }] }),
    "customPolicies[0].permissions",
    /customPolicies\[0\]\.permissions \[">\*\*\*"\] is not a string/,
  ],
  [
    "a firewall rule's cidr that is not a string (was a TypeError; found by the argument property test)",
    () => ({ ...base(), firewallRules: [{ cidr: 24 as never }] }),
    "firewallRules[0].cidr",
    /firewallRules\[0\]\.cidr 24 is a number, not a string/,
  ],
  [
    "801 assignments, one over the bound",
    () => ({
      ...base(),
      assignments: Array.from({ length: 801 }, (_, i) => ({
        objectId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        alias: `app${i}`,
      })),
    }),
    "assignments",
    /"801 assignments" are more than the 800 one component takes/,
  ],
  // Issue 19 item 4: rules that filter nothing open the cache to the internet.
  [
    "a 0.0.0.0/0 firewall rule without allowPublicNetworkAccess",
    () => ({ ...base(), firewallRules: [{ startIp: "203.0.113.10" }, { cidr: "0.0.0.0/0" }] }),
    "firewallRules[1]",
    /firewallRules\[1\] "0\.0\.0\.0-255\.255\.255\.255" lets in 100% of the public IPv4 internet, which opens the cache to it .*; narrow the rules .*or set allowPublicNetworkAccess: true/,
  ],
  [
    "a 0.0.0.0-255.255.255.255 range",
    () => ({ ...base(), firewallRules: [{ startIp: "0.0.0.0", endIp: "255.255.255.255" }] }),
    "firewallRules[0]",
    /lets in 100% of the public IPv4 internet/,
  ],
  [
    "two /1 halves",
    () => ({ ...base(), firewallRules: [{ cidr: "0.0.0.0/1" }, { cidr: "128.0.0.0/1" }] }),
    "firewallRules[0]",
    /firewallRules\[0\] "0\.0\.0\.0-127\.255\.255\.255" lets in 56\.5% of the public IPv4 internet/,
  ],
  [
    "sixteen /8 rules, none wide alone, together over 1/16 of the public space",
    () => ({
      ...base(),
      firewallRules: Array.from({ length: 16 }, (_, i) => ({ cidr: `${i + 1}.0.0.0/8` })),
    }),
    "firewallRules",
    /firewallRules "16 rules" together let in 6\.8% of the public IPv4 internet, which opens the cache to it \(rules covering 1\/16 of it or more filter nothing\)/,
  ],
  [
    "internet-wide rules with a private endpoint and allowPublicNetworkAccess: false",
    () => ({
      ...base(),
      firewallRules: [{ cidr: "1.0.0.0/8" }, { startIp: "2.0.0.0", endIp: "223.255.255.255" }],
      allowPublicNetworkAccess: false,
    }),
    "firewallRules[1]",
    /firewallRules\[1\] "2\.0\.0\.0-223\.255\.255\.255" lets in 99\.5% of the public IPv4 internet/,
  ],
  [
    "custom policy name used twice",
    () => ({
      ...base(),
      customPolicies: [
        { name: "Readers", permissions: "+@read allkeys" },
        { name: "readers", permissions: "+@read allkeys" },
      ],
    }),
    "customPolicies[1].name",
    /is already used by customPolicies\[0\]/,
  ],
  [
    "unknown ACL category",
    () => ({ ...base(), customPolicies: [{ name: "Readers", permissions: "+@reed allkeys" }] }),
    "customPolicies[0].permissions",
    /unknown ACL category/,
  ],
  [
    "user-management rule on",
    () => ({ ...base(), customPolicies: [{ name: "Readers", permissions: "on +@read allkeys" }] }),
    "customPolicies[0].permissions",
    /"on/,
  ],
  [
    "user-management rule nopass",
    () => ({ ...base(), customPolicies: [{ name: "Readers", permissions: "+@read nopass" }] }),
    "customPolicies[0].permissions",
    /nopass/,
  ],
  [
    "IPv4 address invalid",
    () => ({ ...base(), firewallRules: [{ startIp: "300.1.2.3" }] }),
    "firewallRules[0].startIp",
    /"300.1.2.3" is not an IPv4 address/,
  ],
  [
    "endIp invalid",
    () => ({ ...base(), firewallRules: [{ startIp: "10.0.0.1", endIp: "10.0.0" }] }),
    "firewallRules[0].endIp",
    /is not an IPv4 address/,
  ],
  [
    "IPv6 address",
    () => ({ ...base(), firewallRules: [{ startIp: "2001:db8::1" }] }),
    "firewallRules[0].startIp",
    /is an IPv6 address; .*IPv4 addresses only/,
  ],
  [
    "start after end",
    () => ({ ...base(), firewallRules: [{ startIp: "10.0.0.9", endIp: "10.0.0.1" }] }),
    "firewallRules[0].startIp",
    /comes after endIp "10.0.0.1"; swap them/,
  ],
  [
    "CIDR prefix out of range",
    () => ({ ...base(), firewallRules: [{ cidr: "10.0.0.0/33" }] }),
    "firewallRules[0].cidr",
    /is not an IPv4 CIDR block/,
  ],
  [
    "CIDR with host bits",
    () => ({ ...base(), firewallRules: [{ cidr: "10.0.0.5/24" }] }),
    "firewallRules[0].cidr",
    /has host bits set; use the network address "10.0.0.0\/24"/,
  ],
  [
    "CIDR together with startIp",
    () => ({ ...base(), firewallRules: [{ cidr: "10.0.0.0/24", startIp: "10.0.0.1" }] }),
    "firewallRules[0].cidr",
    /together with startIp/,
  ],
  [
    "rule with no address",
    () => ({ ...base(), firewallRules: [{ name: "empty" }] }),
    "firewallRules[0]",
    /has neither startIp nor cidr/,
  ],
  [
    "rule name with a hyphen",
    () => ({ ...base(), firewallRules: [{ name: "office-vpn", startIp: "10.0.0.1" }] }),
    "firewallRules[0].name",
    /"office-vpn" is not a valid firewall rule name/,
  ],
  [
    "duplicate rule names",
    () => ({ ...base(), firewallRules: [{ startIp: "10.0.0.1" }, { startIp: "10.0.0.1" }] }),
    "firewallRules[1].name",
    /is already used by firewallRules\[0\]/,
  ],
  [
    "no network choice",
    () => ({ resourceGroupName: RG, assignments: [{ objectId: OID1, alias: "app" }] }),
    "privateEndpoint",
    /is missing and no other network access is chosen; choose privateEndpoint .*firewallRules .*allowPublicNetworkAccess: true/,
  ],
  [
    "an empty rule list is no network choice",
    () => ({ ...base(), firewallRules: [] }),
    "privateEndpoint",
    /no other network access is chosen/,
  ],
  [
    "allowPublicNetworkAccess false alone",
    () => ({
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      allowPublicNetworkAccess: false,
    }),
    "privateEndpoint",
    /no other network access is chosen/,
  ],
  [
    "privateEndpoint without zone or VNet",
    () => ({ ...base(), firewallRules: undefined, privateEndpoint: { subnetId: SUBNET_ID } }),
    "privateEndpoint.privateDnsZoneId",
    /is missing and so is virtualNetworkId/,
  ],
  [
    "privateEndpoint with both zone and VNet",
    () => ({
      ...base(),
      firewallRules: undefined,
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: CACHE_ZONE_ID, virtualNetworkId: VNET_ID },
    }),
    "privateEndpoint.virtualNetworkId",
    /together with privateDnsZoneId/,
  ],
  [
    "privateEndpoint with firewallRules",
    () => ({ ...base(), privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: CACHE_ZONE_ID } }),
    "firewallRules",
    /are given together with privateEndpoint; .*allowPublicNetworkAccess: true/,
  ],
  [
    "firewallRules with allowPublicNetworkAccess false",
    () => ({ ...base(), allowPublicNetworkAccess: false }),
    "allowPublicNetworkAccess",
    /turns public access off while firewallRules are given/,
  ],
  [
    "capacity 7 on Standard",
    () => ({ ...base(), capacity: 7 }),
    "capacity",
    /7 is out of range for Standard \(family C\); use a whole number from 0 to 6/,
  ],
  [
    "capacity 0 on Premium",
    () => ({ ...base(), sku: "Premium", capacity: 0 }),
    "capacity",
    /out of range for Premium \(family P\); use a whole number from 1 to 5/,
  ],
  ["capacity 6 on Premium", () => ({ ...base(), sku: "Premium", capacity: 6 }), "capacity", /from 1 to 5/],
  ["fractional capacity", () => ({ ...base(), capacity: 1.5 }), "capacity", /out of range/],
  [
    "shardCount below Premium",
    () => ({ ...base(), shardCount: 2 }),
    "shardCount",
    /needs the Premium tier \(sku is "Standard"\)/,
  ],
  [
    "replicasPerPrimary below Premium",
    () => ({ ...base(), sku: "Basic", replicasPerPrimary: 1 }),
    "replicasPerPrimary",
    /needs the Premium tier \(sku is "Basic"\)/,
  ],
  [
    "redisConfiguration setting aadEnabled",
    () => ({ ...base(), redisConfiguration: { aadEnabled: "false" } }),
    "redisConfiguration.aadEnabled",
    /can't be set: Entra ID authentication is always on/,
  ],
  [
    "redisConfiguration setting aad-enabled",
    () => ({ ...base(), redisConfiguration: { "aad-enabled": "false" } }),
    "redisConfiguration.aad-enabled",
    /can't be set/,
  ],
  [
    "redisConfiguration setting authnotrequired",
    () => ({ ...base(), redisConfiguration: { authnotrequired: "true" } }),
    "redisConfiguration.authnotrequired",
    /without authentication/,
  ],
  [
    "redisConfiguration with an unknown key",
    () => ({ ...base(), redisConfiguration: { "maxmemory-policy": "allkeys-lru" } }),
    "redisConfiguration.maxmemory-policy",
    /write it as maxmemoryPolicy/,
  ],
  [
    "cacheName invalid",
    () => ({ ...base(), cacheName: "my_cache" }),
    "cacheName",
    /"my_cache" is not a valid name/,
  ],
  ["zone out of range", () => ({ ...base(), zones: ["4"] }), "zones[0]", /is not an availability zone/],
];

describe("EntraRedisCache input rules (plain values)", () => {
  for (const [title, args, field, message] of plainCases) {
    test(title, () => {
      reset();
      const name = next();
      assert.throws(
        () => new EntraRedisCache(name, args()),
        (err: unknown) => {
          assert.ok(err instanceof EntraRedisInputError, `expected EntraRedisInputError, got ${String(err)}`);
          assert.equal(err.field, field);
          assert.match(err.message, message);
          assert.ok(err.message.startsWith(`EntraRedisCache "${name}": ${field} `), err.message);
          return true;
        },
      );
      assert.deepEqual(children(name), [], "nothing may be registered, not even the component");
    });
  }

  test("a password in permissions never appears in the error", () => {
    assert.throws(
      () =>
        new EntraRedisCache(next(), {
          ...base(),
          customPolicies: [{ name: "Readers", permissions: "+@read >hunter2secret allkeys" }],
        }),
      (err: unknown) => {
        assert.ok(err instanceof EntraRedisInputError);
        assert.equal(err.field, "customPolicies[0].permissions");
        assert.doesNotMatch(err.message, /hunter2secret/);
        assert.doesNotMatch(err.stack ?? "", /hunter2secret/);
        return true;
      },
    );
  });

  test("each error is one sentence naming field, value and fix", () => {
    for (const [, args] of plainCases) {
      try {
        new EntraRedisCache(next(), args());
        assert.fail("expected an error");
      } catch (err) {
        assert.ok(err instanceof EntraRedisInputError);
        assert.doesNotMatch(err.message, /\n/);
        assert.ok(err.fix.length > 0);
        assert.ok(err.message.endsWith(err.fix));
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------
// Input rules, Output values: checked when they resolve; no child is registered.

type OutputCase = [title: string, args: () => EntraRedisCacheArgs, message: RegExp];

const outputCases: OutputCase[] = [
  [
    "objectId Output not a GUID",
    () => ({
      ...base(),
      assignments: [
        { objectId: OID1, alias: "app" },
        { objectId: later("not-a-guid"), alias: "other" },
      ],
    }),
    /assignments\[1\]\.objectId "not-a-guid" is not an object id/,
  ],
  [
    "objectId Output equal to another assignment's",
    () => ({
      ...base(),
      assignments: [
        { objectId: OID1, alias: "app" },
        { objectId: later(OID1), alias: "other" },
      ],
    }),
    /assignments\[1\]\.objectId "11111111-1111-4111-8111-111111111111" is already assigned by assignments\[0\]\.objectId/,
  ],
  [
    "two Output objectIds equal",
    () => ({
      ...base(),
      assignments: [
        { objectId: later(OID2), alias: "app" },
        { objectId: later(OID2), alias: "other" },
      ],
    }),
    /assignments\[1\]\.objectId .* is already assigned/,
  ],
  [
    "subnetId Output that is a VNet id",
    () => ({
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: { subnetId: later(VNET_ID), virtualNetworkId: VNET_ID },
    }),
    /privateEndpoint\.subnetId .* is not a subnet resource id/,
  ],
  [
    "privateDnsZoneId Output of the Managed Redis zone",
    () => ({
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: later(MANAGED_ZONE_ID) },
    }),
    /privateEndpoint\.privateDnsZoneId .* is the zone "privatelink.redis.azure.net", not "privatelink.redis.cache.windows.net"/,
  ],
  [
    "privateDnsZoneId Output not a zone id",
    () => ({
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: {
        subnetId: SUBNET_ID,
        privateDnsZoneId: later("privatelink.redis.cache.windows.net"),
      },
    }),
    /is not a private DNS zone resource id/,
  ],
  [
    "virtualNetworkId Output that is a subnet id",
    () => ({
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: later(SUBNET_ID) },
    }),
    /privateEndpoint\.virtualNetworkId .* is not a virtual network resource id/,
  ],
  [
    "resourceGroupName Output empty",
    () => ({ ...base(), resourceGroupName: later("") }),
    /resourceGroupName "" is empty/,
  ],
  ["location Output empty", () => ({ ...base(), location: later(" ") }), /location " " is empty/],
];

describe("EntraRedisCache input rules (Output values)", () => {
  for (const [title, args, message] of outputCases) {
    test(title, async () => {
      reset();
      const name = next();
      const errors = await expectRejections(() => {
        new EntraRedisCache(name, args());
      });
      assert.ok(errors.length > 0, "the failed check must surface");
      for (const err of errors) {
        assert.ok(err instanceof EntraRedisInputError, `expected EntraRedisInputError, got ${err.message}`);
        assert.match(err.message, message);
        assert.ok(err.message.startsWith(`EntraRedisCache "${name}": `), err.message);
      }
      assert.deepEqual(
        children(name).map((r) => r.type),
        ["azure-redis-entra:index:EntraRedisCache"],
        "no child resource may be registered when an Output input is invalid",
      );
    });
  }

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
