/**
 * The transition matrix of EntraManagedRedis: everyday edits of a deployed cluster and database, each
 * a version 1 and a version 2 of the same program (both directions where the edit has one).
 */
import { EntraManagedRedis, type EntraManagedRedisArgs } from "../../src/index.ts";
import { later, MANAGED_ZONE_ID, OID1, OID2, OID3, RG, SUB, SUBNET_ID, VNET_ID } from "../infra/mocks.ts";
import type { Transition } from "./harness.ts";
import { editedFrom010, released010 } from "./legacy.ts";
import type { Registration } from "../../src/internal/engine-steps/model.ts";

/** The state a release writing assignments at the preview API 2026-05-01-preview left. */
function atPreviewApi(regs: Registration[]): Registration[] {
  return regs.map((r) =>
    r.type === "azure-native:resources:Resource" && r.name.includes("-assignment-")
      ? { ...r, inputs: { ...r.inputs, apiVersion: "2026-05-01-preview" } }
      : r,
  );
}

const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs`;
const UAI = `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.ManagedIdentity/userAssignedIdentities/kek`;
const KEY = "https://contosovault.vault.azure.net/keys/contosokek/562a4bb76b524a1493a6afe8e536ee78";
const API = { objectId: OID1, alias: "api" };
const WORKER = { objectId: OID2, alias: "worker" };
const READ_REPORTS = { name: "read-reports", permissions: "+@read ~reports:*" };

const base = (): EntraManagedRedisArgs => ({
  resourceGroupName: RG,
  location: "westeurope",
  sku: "Balanced_B3",
  assignments: [API, WORKER],
  allowPublicNetworkAccess: true,
});

const managed =
  (edit: (a: EntraManagedRedisArgs) => EntraManagedRedisArgs = (a) => a) =>
  () =>
    new EntraManagedRedis("m", edit(base()));
const withAssignments = (...assignments: NonNullable<EntraManagedRedisArgs["assignments"]>) =>
  managed((a) => ({ ...a, assignments }));

/** No policy given: Data Contributor since 0.2.0, as on Azure Cache for Redis. */
const BASE = managed();
/** Every identity "default" (full access, no access string): what a policy left out meant before 0.2.0. */
const ALL_DEFAULT = withAssignments({ ...API, policy: "default" }, { ...WORKER, policy: "default" });
const READER_API = withAssignments({ ...API, policy: "Data Reader" }, WORKER);
const CUSTOM_API = managed((a) => ({
  ...a,
  customPolicies: [READ_REPORTS],
  assignments: [{ ...API, policy: "read-reports" }, WORKER],
}));
const OUTPUT_API = withAssignments({ ...API, objectId: later(OID1) }, WORKER);
const OUTPUT_READER = withAssignments({ ...API, objectId: later(OID1), policy: "Data Reader" }, WORKER);
const PRIVATE = managed((a) => ({
  ...a,
  allowPublicNetworkAccess: undefined,
  privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
}));

export const MANAGED_ROWS: Transition[] = [
  { name: "no edit", v1: BASE, v2: BASE },
  { name: 'policy "default" → built-in', v1: ALL_DEFAULT, v2: READER_API, both: true },
  {
    name: 'no policy: "default" before 0.2.0, Data Contributor since (the new default, in place)',
    v1: ALL_DEFAULT,
    v2: BASE,
    both: true,
  },
  {
    name: "policy built-in → built-in",
    v1: READER_API,
    v2: withAssignments({ ...API, policy: "Data Contributor" }, WORKER),
    both: true,
  },
  { name: 'policy "default" → custom', v1: ALL_DEFAULT, v2: CUSTOM_API, both: true },
  { name: "policy built-in → custom", v1: READER_API, v2: CUSTOM_API, both: true },
  {
    name: "assignments at the preview API 2026-05-01-preview move to the stable 2026-09-01 (in place)",
    v1: READER_API,
    v2: READER_API,
    v1State: atPreviewApi,
  },
  {
    name: 'every identity given a policy other than "default"',
    v1: ALL_DEFAULT,
    v2: withAssignments({ ...API, policy: "Data Reader" }, { ...WORKER, policy: "Data Owner" }),
    both: true,
  },
  {
    name: "custom policy added, not yet used",
    v1: BASE,
    v2: managed((a) => ({ ...a, customPolicies: [READ_REPORTS] })),
    both: true,
  },
  {
    name: "custom policy edited while in use",
    v1: CUSTOM_API,
    v2: managed((a) => ({
      ...a,
      customPolicies: [{ ...READ_REPORTS, permissions: "+@read ~reports:* ~audit:*" }],
      assignments: [{ ...API, policy: "read-reports" }, WORKER],
    })),
    both: true,
  },
  {
    name: "custom policy renamed while in use",
    v1: CUSTOM_API,
    v2: managed((a) => ({
      ...a,
      customPolicies: [{ ...READ_REPORTS, name: "reports-reader" }],
      assignments: [{ ...API, policy: "reports-reader" }, WORKER],
    })),
    both: true,
  },
  { name: "custom policy removed while in use (back to no policy)", v1: CUSTOM_API, v2: BASE },
  { name: "alias renamed", v1: BASE, v2: withAssignments({ ...API, alias: "frontend" }, WORKER), both: true },
  {
    name: "alias renamed while a custom policy is in use",
    v1: CUSTOM_API,
    v2: managed((a) => ({
      ...a,
      customPolicies: [READ_REPORTS],
      assignments: [{ ...API, alias: "frontend", policy: "read-reports" }, WORKER],
    })),
    both: true,
  },
  { name: "list reordered", v1: BASE, v2: withAssignments(WORKER, API), both: true },
  {
    name: "identity added",
    v1: BASE,
    v2: withAssignments(API, WORKER, { objectId: OID3, alias: "jobs" }),
    both: true,
  },
  {
    name: "identity added with a custom policy",
    v1: BASE,
    v2: managed((a) => ({
      ...a,
      customPolicies: [READ_REPORTS],
      assignments: [API, WORKER, { objectId: OID3, alias: "jobs", policy: "read-reports" }],
    })),
    both: true,
  },
  {
    name: "identity swapped behind an alias",
    v1: BASE,
    v2: withAssignments(API, { ...WORKER, objectId: OID3 }),
    both: true,
  },
  { name: "object id given as an Output", v1: BASE, v2: OUTPUT_API, both: true },
  { name: "private endpoint added (public access off)", v1: BASE, v2: PRIVATE, both: true },
  {
    name: "private DNS zone created → given",
    v1: PRIVATE,
    v2: managed((a) => ({
      ...a,
      allowPublicNetworkAccess: undefined,
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: MANAGED_ZONE_ID },
    })),
    both: true,
  },
  {
    name: "diagnostics added",
    v1: BASE,
    v2: managed((a) => ({ ...a, diagnostics: { workspaceId: WORKSPACE } })),
    both: true,
  },
  {
    name: "role assignment added",
    v1: BASE,
    v2: managed((a) => ({ ...a, roleAssignments: [{ principalId: OID3, role: "Reader" }] })),
    both: true,
  },
  { name: "lock added", v1: BASE, v2: managed((a) => ({ ...a, lock: "CanNotDelete" })), both: true },
  {
    name: "policy changed under a CanNotDelete lock",
    v1: managed((a) => ({ ...a, lock: "CanNotDelete" })),
    v2: managed((a) => ({
      ...a,
      lock: "CanNotDelete",
      assignments: [{ ...API, policy: "Data Reader" }, WORKER],
    })),
    both: true,
  },
  {
    name: "identity removed under a CanNotDelete lock",
    v1: managed((a) => ({ ...a, lock: "CanNotDelete" })),
    v2: managed((a) => ({ ...a, lock: "CanNotDelete", assignments: [API] })),
    knownHazard: /CanNotDelete lock/,
  },
  {
    name: "access keys off → on",
    v1: BASE,
    v2: managed((a) => ({ ...a, accessKeyAuthentication: true })),
    both: true,
  },
  {
    name: "user-assigned identity added",
    v1: BASE,
    v2: managed((a) => ({ ...a, identity: { userAssignedIdentityIds: [UAI] } })),
    both: true,
  },
  {
    name: "customer-managed key added",
    v1: managed((a) => ({ ...a, identity: { userAssignedIdentityIds: [UAI] } })),
    v2: managed((a) => ({
      ...a,
      identity: { userAssignedIdentityIds: [UAI] },
      encryption: { keyUrl: KEY, userAssignedIdentityId: UAI },
    })),
    both: true,
  },
  { name: "tags added", v1: BASE, v2: managed((a) => ({ ...a, tags: { env: "prod" } })), both: true },
  { name: "SKU scaled up", v1: BASE, v2: managed((a) => ({ ...a, sku: "Balanced_B5" })), both: true },
  {
    name: "eviction policy changed",
    v1: BASE,
    v2: managed((a) => ({ ...a, evictionPolicy: "AllKeysLRU" })),
    both: true,
  },
  {
    name: "geo-replication linked (group created with the database)",
    v1: managed((a) => ({ ...a, geoReplication: { groupNickname: "orders-geo" } })),
    v2: managed((a) => ({
      ...a,
      geoReplication: {
        groupNickname: "orders-geo",
        linkedDatabaseIds: [
          `/subscriptions/${SUB}/resourceGroups/rg-north/providers/Microsoft.Cache/redisEnterprise/north/databases/default`,
        ],
      },
    })),
  },
  {
    // A replacement (a new, empty database): refused by name unless protectData: false (protect-rows.ts).
    name: "clustering policy changed: refused, the database is protected (protectData)",
    v1: BASE,
    v2: managed((a) => ({ ...a, clusteringPolicy: "EnterpriseCluster" })),
    knownHazard: /unable to replace resource \S+::m-db as it is currently marked for protection/,
  },
];

/** Upgrading a stack an earlier release deployed (legacy.ts). */
export const MANAGED_UPGRADE_ROWS: Transition[] = [
  {
    name: 'upgrade from 0.1.0 with a policy other than "default" (generic resources)',
    v1: CUSTOM_API,
    v2: CUSTOM_API,
    v1State: released010({ [OID1]: API.alias, [OID2]: WORKER.alias }),
  },
  {
    name: 'upgrade from 0.1.0 with every identity "default" (typed resources: replaced, delete first)',
    v1: ALL_DEFAULT,
    v2: BASE,
    v1State: released010({ [OID1]: API.alias, [OID2]: WORKER.alias }),
    knownHazard: /loses its access/,
  },
  {
    // The safe path (README): no Pulumi option moves a resource between the typed and the generic
    // type without a replacement, so the state is rewritten by hand first; then nothing happens in Azure.
    name: 'upgrade from 0.1.0 with every identity "default", the state rewritten to the generic resource first',
    v1: ALL_DEFAULT,
    v2: ALL_DEFAULT,
    v1State: editedFrom010({ [OID1]: API.alias, [OID2]: WORKER.alias }),
    steps: [],
  },
  {
    name: 'upgrade from 0.1.0 with every identity "default", state rewritten, then a policy change: in place',
    v1: ALL_DEFAULT,
    v2: BASE,
    v1State: editedFrom010({ [OID1]: API.alias, [OID2]: WORKER.alias }),
  },
  {
    name: "upgrade from 0.1.0 with an object id given as an Output",
    v1: OUTPUT_READER,
    v2: OUTPUT_READER,
    v1State: released010({ [OID1]: API.alias, [OID2]: WORKER.alias }),
  },
];
