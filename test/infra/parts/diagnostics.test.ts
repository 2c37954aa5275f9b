/**
 * Diagnostic settings under Pulumi mocks: one setting on the cache; on Managed Redis the metrics on
 * the cluster and the connection logs on the database; destinations, categories and their checks
 * (plain and Output values), and the dependency on the scoped resource.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  children,
  expectRejections,
  find,
  later,
  OID1,
  reset,
  RG,
  settle,
  SUBNET_ID,
  VNET_ID,
} from "../mocks.ts";
import {
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  type DiagnosticsArgs,
  type EntraManagedRedisArgs,
  type EntraRedisCacheArgs,
} from "../../../src/index.ts";
import { EVENT_HUB_RULE_ID, STORAGE_ID, WORKSPACE_ID } from "./ops.ts";

let n = 0;
const next = () => `diag${++n}`;
const DIAG = "azure-native:monitor:DiagnosticSetting";

const cache = (diagnostics: DiagnosticsArgs): EntraRedisCacheArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  allowPublicNetworkAccess: true,
  diagnostics,
});
const managed = (diagnostics: DiagnosticsArgs): EntraManagedRedisArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
  diagnostics,
});

describe("diagnostics: resources", () => {
  test("cache: one setting on the cache with every documented log category and AllMetrics", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, cache({ workspaceId: WORKSPACE_ID }));
    await settle();
    const redis = find("azure-native:redis:Redis", `${name}-redis`);
    const d = find(DIAG, `${name}-diag-cache`);
    assert.equal(d.inputs.name, "azure-redis-entra");
    assert.equal(d.inputs.workspaceId, WORKSPACE_ID);
    assert.equal(
      d.inputs.resourceUri,
      `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/mock/Redis/${name}-redis`,
    );
    assert.deepEqual(d.inputs.logs, [
      { category: "ConnectedClientList", enabled: true },
      { category: "MSEntraAuthenticationAuditLog", enabled: true },
    ]);
    assert.deepEqual(d.inputs.metrics, [{ category: "AllMetrics", enabled: true }]);
    assert.ok(d.dependencies.includes(redis.urn), "the setting waits for the cache");
    assert.equal(d.parent, children(name)[0].urn);
  });

  test("logAnalyticsDestinationType: Dedicated is sent on every setting; AzureDiagnostics (Azure's default) and none are not", async () => {
    reset();
    const dedicated = next();
    new EntraManagedRedis(
      dedicated,
      managed({ workspaceId: WORKSPACE_ID, logAnalyticsDestinationType: "Dedicated" }),
    );
    const shared = next();
    new EntraRedisCache(
      shared,
      cache({ workspaceId: WORKSPACE_ID, logAnalyticsDestinationType: "AzureDiagnostics" }),
    );
    const plain = next();
    new EntraRedisCache(plain, cache({ workspaceId: WORKSPACE_ID }));
    await settle();
    for (const scope of ["cluster", "database"])
      assert.equal(find(DIAG, `${dedicated}-diag-${scope}`).inputs.logAnalyticsDestinationType, "Dedicated");
    assert.equal(find(DIAG, `${shared}-diag-cache`).inputs.logAnalyticsDestinationType, undefined);
    assert.equal(find(DIAG, `${plain}-diag-cache`).inputs.logAnalyticsDestinationType, undefined);
  });

  test("managed: metrics on the cluster, connection logs on the database", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(
      name,
      managed({
        name: "to-logs",
        storageAccountId: STORAGE_ID,
        eventHubAuthorizationRuleId: EVENT_HUB_RULE_ID,
        eventHubName: "redis",
      }),
    );
    await settle();
    const cluster = find("azure-native:redisenterprise:RedisEnterprise", `${name}-cluster`);
    const db = find("azure-native:redisenterprise:Database", `${name}-db`);
    const c = find(DIAG, `${name}-diag-cluster`);
    const d = find(DIAG, `${name}-diag-database`);
    assert.match(String(c.inputs.resourceUri), /\/mock\/RedisEnterprise\//);
    assert.match(String(d.inputs.resourceUri), /\/mock\/Database\//);
    assert.deepEqual(c.inputs.logs, []);
    assert.deepEqual(c.inputs.metrics, [{ category: "AllMetrics", enabled: true }]);
    assert.deepEqual(d.inputs.logs, [{ category: "ConnectionEvents", enabled: true }]);
    assert.deepEqual(d.inputs.metrics, []);
    for (const s of [c, d]) {
      assert.equal(s.inputs.name, "to-logs");
      assert.equal(s.inputs.storageAccountId, STORAGE_ID);
      assert.equal(s.inputs.eventHubAuthorizationRuleId, EVENT_HUB_RULE_ID);
      assert.equal(s.inputs.eventHubName, "redis");
      assert.equal(s.inputs.workspaceId, undefined);
    }
    assert.ok(c.dependencies.includes(cluster.urn));
    assert.ok(d.dependencies.includes(db.urn));
  });

  test("only the scopes that get a category get a setting", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, managed({ workspaceId: WORKSPACE_ID, metrics: [] }));
    await settle();
    assert.deepEqual(
      children(name)
        .filter((r) => r.type === DIAG)
        .map((r) => r.name),
      [`${name}-diag-database`],
    );
    reset();
    const other = next();
    new EntraRedisCache(
      other,
      cache({ workspaceId: WORKSPACE_ID, logs: ["MSEntraAuthenticationAuditLog"], metrics: [] }),
    );
    await settle();
    const d = find(DIAG, `${other}-diag-cache`);
    assert.deepEqual(d.inputs.logs, [{ category: "MSEntraAuthenticationAuditLog", enabled: true }]);
    assert.deepEqual(d.inputs.metrics, []);
  });

  test("Output destination ids are accepted once they resolve", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, cache({ workspaceId: later(WORKSPACE_ID) }));
    await settle();
    assert.equal(find(DIAG, `${name}-diag-cache`).inputs.workspaceId, WORKSPACE_ID);
  });

  test("no diagnostics, no setting", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, { ...cache({}), diagnostics: undefined });
    await settle();
    assert.equal(children(name).filter((r) => r.type === DIAG).length, 0);
  });
});

type PlainCase = [title: string, build: (name: string) => void, field: string, message: RegExp];
const plainCases: PlainCase[] = [
  [
    "logAnalyticsDestinationType not a destination type",
    (nm) =>
      new EntraRedisCache(
        nm,
        cache({ workspaceId: WORKSPACE_ID, logAnalyticsDestinationType: "dedicated" as never }),
      ),
    "diagnostics.logAnalyticsDestinationType",
    /"dedicated" is not a Log Analytics destination type/,
  ],
  [
    "logAnalyticsDestinationType without a workspace",
    (nm) =>
      new EntraRedisCache(
        nm,
        cache({ storageAccountId: STORAGE_ID, logAnalyticsDestinationType: "Dedicated" }),
      ),
    "diagnostics.logAnalyticsDestinationType",
    /is given without workspaceId.*give workspaceId too, or remove logAnalyticsDestinationType/,
  ],
  [
    "no destination",
    (nm) => new EntraRedisCache(nm, cache({})),
    "diagnostics",
    /sends the logs and metrics nowhere; give at least one of workspaceId/,
  ],
  [
    "workspace id of another type",
    (nm) => new EntraRedisCache(nm, cache({ workspaceId: STORAGE_ID })),
    "diagnostics.workspaceId",
    /is not a Log Analytics workspace resource id/,
  ],
  [
    "storage account id malformed",
    (nm) => new EntraManagedRedis(nm, managed({ storageAccountId: "archive" })),
    "diagnostics.storageAccountId",
    /is not a storage account resource id/,
  ],
  [
    "event hub rule id of a namespace",
    (nm) =>
      new EntraRedisCache(
        nm,
        cache({ eventHubAuthorizationRuleId: EVENT_HUB_RULE_ID.replace(/\/authorizationRules\/send$/, "") }),
      ),
    "diagnostics.eventHubAuthorizationRuleId",
    /is not an Event Hubs namespace authorization rule id/,
  ],
  [
    "event hub name without a rule",
    (nm) => new EntraRedisCache(nm, cache({ workspaceId: WORKSPACE_ID, eventHubName: "hub" })),
    "diagnostics.eventHubName",
    /without eventHubAuthorizationRuleId/,
  ],
  [
    "a log category of the other service",
    (nm) => new EntraRedisCache(nm, cache({ workspaceId: WORKSPACE_ID, logs: ["ConnectionEvents"] })),
    "diagnostics.logs[0]",
    /"ConnectionEvents" is not a log category Azure documents for Microsoft.Cache\/redis; use "ConnectedClientList", "MSEntraAuthenticationAuditLog"/,
  ],
  [
    "a cache log category on Managed Redis",
    (nm) => new EntraManagedRedis(nm, managed({ workspaceId: WORKSPACE_ID, logs: ["ConnectedClientList"] })),
    "diagnostics.logs[0]",
    /Microsoft.Cache\/redisEnterprise and Microsoft.Cache\/redisEnterprise\/databases; use "ConnectionEvents"/,
  ],
  [
    "a category in the wrong case",
    (nm) => new EntraRedisCache(nm, cache({ workspaceId: WORKSPACE_ID, logs: ["connectedclientlist"] })),
    "diagnostics.logs[0]",
    /write "ConnectedClientList"/,
  ],
  [
    "a category twice",
    (nm) =>
      new EntraRedisCache(
        nm,
        cache({ workspaceId: WORKSPACE_ID, logs: ["ConnectedClientList", "ConnectedClientList"] }),
      ),
    "diagnostics.logs[1]",
    /already listed at diagnostics.logs\[0\]/,
  ],
  [
    "an unknown metric category",
    (nm) => new EntraRedisCache(nm, cache({ workspaceId: WORKSPACE_ID, metrics: ["Transactions"] })),
    "diagnostics.metrics[0]",
    /use "AllMetrics"/,
  ],
  [
    "no category at all",
    (nm) => new EntraRedisCache(nm, cache({ workspaceId: WORKSPACE_ID, logs: [], metrics: [] })),
    "diagnostics",
    /selects no category/,
  ],
  [
    "logs not a list",
    (nm) =>
      new EntraRedisCache(
        nm,
        cache({ workspaceId: WORKSPACE_ID, logs: "ConnectedClientList" as unknown as string[] }),
      ),
    "diagnostics.logs",
    /is not a list/,
  ],
  [
    "a bad setting name",
    (nm) => new EntraRedisCache(nm, cache({ workspaceId: WORKSPACE_ID, name: "my/setting" })),
    "diagnostics.name",
    /is not a valid diagnostic setting name/,
  ],
];

describe("diagnostics: rules (plain values, before anything is registered)", () => {
  for (const [title, build, field, message] of plainCases) {
    test(title, () => {
      const name = next();
      assert.throws(
        () => build(name),
        (err: unknown) => {
          assert.ok(err instanceof EntraRedisInputError, String(err));
          assert.equal(err.field, field);
          assert.match(err.message, message);
          return true;
        },
      );
      assert.deepEqual(children(name), []);
    });
  }
});

describe("diagnostics: rules (Output values, before any child is registered)", () => {
  test("a workspace id Output of another type", async () => {
    reset();
    const name = next();
    const errors = await expectRejections(() => {
      new EntraManagedRedis(name, managed({ workspaceId: later(STORAGE_ID) }));
    });
    assert.ok(errors.length > 0);
    for (const err of errors) {
      assert.ok(err instanceof EntraRedisInputError, err.message);
      assert.match(
        err.message,
        /diagnostics\.workspaceId ".*storageAccounts\/archive" is not a Log Analytics workspace resource id/,
      );
    }
    assert.deepEqual(
      children(name).map((r) => r.type),
      ["azure-redis-entra:index:EntraManagedRedis"],
    );
  });
});
