/**
 * Construction cost of the components under Pulumi's mock runtime: one EntraRedisCache with 50
 * assignments (half of them Output object ids), 2 custom policies and 50 firewall rules, and one
 * EntraManagedRedis with 50 assignments and a private endpoint; then each again with every ops feature
 * on (diagnostic settings, role assignments, lock, geo-replication, the resource's own managed identity
 * with a user-assigned id from an Output; customer-managed keys on Managed Redis) and as many resources in total (fewer firewall
 * rules or assignments make room for the feature resources), so the per-resource cost of the features
 * is compared like for like. The variants are interleaved in each round. For each: time spent in the
 * constructor (all plain checks), time until every resource registration has finished (Output checks,
 * the serialised dependsOn chain), and the number of resources registered. Several rounds in one
 * process; the first round includes loading @pulumi/azure-native's modules.
 * Run: `node bench/infra-construct.ts [rounds]`.
 */
import { pathToFileURL } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { median } from "./client-helpers.ts";

const SUB = "00000000-0000-0000-0000-000000000000";
let registered = 0;

await pulumi.runtime.setMocks(
  {
    newResource(args) {
      registered++;
      const inputs = args.inputs as Record<string, unknown>;
      const name = (inputs.name ?? inputs.clusterName ?? args.name) as string;
      return {
        id: `/subscriptions/${SUB}/resourceGroups/rg/providers/mock/${args.type.split(":")[2]}/${name}`,
        state: {
          ...inputs,
          name,
          location: "westeurope",
          hostName: `${name}.redis.cache.windows.net`,
          sslPort: 6380,
          port: 10000,
        },
      };
    },
    call(args) {
      return args.inputs as Record<string, unknown>;
    },
  },
  "bench",
  "bench",
  false,
);

const { EntraManagedRedis, EntraRedisCache } = await import("../src/index.ts");
const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;

const SUBNET = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
const VNET = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet`;

function guid(i: number, salt: number): string {
  const hex = (i + salt * 1000).toString(16).padStart(12, "0");
  return `00000000-0000-4000-8000-${hex}`;
}

function assignments(round: number, policy?: string, count = 50) {
  return Array.from({ length: count }, (_, i) => ({
    // Half plain, half Outputs that resolve later (like identities created in the same program).
    objectId: i % 2 === 0 ? guid(i, round) : pulumi.output(Promise.resolve(guid(i, round))),
    alias: `app-${String(i).padStart(2, "0")}`,
    ...(policy !== undefined ? { policy: i % 5 === 0 ? policy : "Data Reader" } : {}),
  }));
}

function firewallRules(count = 50) {
  return Array.from({ length: count }, (_, i) =>
    i % 3 === 0
      ? { cidr: `10.${i}.0.0/16` }
      : i % 3 === 1
        ? { startIp: `203.0.113.${i}` }
        : { name: `range_${i}`, startIp: `198.51.${i}.1`, endIp: `198.51.${i}.200` },
  );
}

export interface ConstructionSample {
  component: string;
  constructorMs: number;
  settledMs: number;
  resources: number;
}

const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs`;

/** Role assignments for the every-feature variants: half built-in names, half plain GUID principals as Outputs. */
function roleAssignments(round: number, count: number) {
  const roles = ["Reader", "Monitoring Reader", "Contributor", "Monitoring Contributor", "Owner"];
  return Array.from({ length: count }, (_, i) => ({
    principalId: i % 2 === 0 ? guid(500 + i, round) : pulumi.output(Promise.resolve(guid(500 + i, round))),
    role: roles[i % roles.length],
    principalType: "ServicePrincipal" as const,
  }));
}

const KEY_URL = "https://bench-vault.vault.azure.net/keys/redis-kek/562a4bb76b524a1493a6afe8e536ee78";

/** Two user-assigned identity ids for the every-feature variants: one plain, one an Output. */
function identityIds(round: number) {
  const id = (n: string) =>
    `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${n}-${round}`;
  return [id("redis"), pulumi.output(Promise.resolve(id("kek")))];
}

async function measure(component: string, build: () => void): Promise<ConstructionSample> {
  const before = registered;
  const t0 = performance.now();
  build();
  const t1 = performance.now();
  await waitForRPCs();
  const t2 = performance.now();
  return { component, constructorMs: t1 - t0, settledMs: t2 - t0, resources: registered - before };
}

/** Runs `rounds` rounds; returns every sample. */
export async function measureConstruction(rounds = 5): Promise<ConstructionSample[]> {
  const out: ConstructionSample[] = [];
  for (let r = 1; r <= rounds; r++) {
    out.push(
      await measure("EntraRedisCache (50 assignments, 2 policies, 50 firewall rules)", () => {
        new EntraRedisCache(`cache${r}`, {
          resourceGroupName: "rg",
          customPolicies: [
            { name: "Readers Plus", permissions: "+@read +@connection -keys ~app:*" },
            { name: "Writers", permissions: "+@write +@read ~jobs:*" },
          ],
          assignments: assignments(r, "Readers Plus"),
          firewallRules: firewallRules(),
        });
      }),
    );
    out.push(
      await measure(
        "EntraRedisCache, every feature (50 assignments, 2 policies, 37 rules, diagnostics, 10 roles, geo link, lock, identity)",
        () => {
          new EntraRedisCache(`cacheall${r}`, {
            resourceGroupName: "rg",
            sku: "Premium",
            customPolicies: [
              { name: "Readers Plus", permissions: "+@read +@connection -keys ~app:*" },
              { name: "Writers", permissions: "+@write +@read ~jobs:*" },
            ],
            assignments: assignments(r + 200, "Readers Plus"),
            firewallRules: firewallRules(37),
            diagnostics: { workspaceId: WORKSPACE },
            roleAssignments: roleAssignments(r, 10),
            geoReplication: {
              linkedCacheId: pulumi.output(
                Promise.resolve(
                  `/subscriptions/${SUB}/resourceGroups/dr/providers/Microsoft.Cache/Redis/dr${r}`,
                ),
              ),
              linkedCacheLocation: "northeurope",
            },
            lock: "CanNotDelete",
            identity: { systemAssigned: true, userAssignedIdentityIds: identityIds(r) },
          });
        },
      ),
    );
    out.push(
      await measure("EntraManagedRedis (50 assignments, private endpoint)", () => {
        new EntraManagedRedis(`managed${r}`, {
          resourceGroupName: "rg",
          assignments: assignments(r + 100),
          privateEndpoint: { subnetId: SUBNET, virtualNetworkId: VNET },
        });
      }),
    );
    out.push(
      await measure(
        "EntraManagedRedis, every feature (42 assignments, private endpoint, 2 diagnostics, 5 roles, geo group, lock, identity, CMK)",
        () => {
          new EntraManagedRedis(`managedall${r}`, {
            resourceGroupName: "rg",
            sku: "Balanced_B3",
            assignments: assignments(r + 300, undefined, 42),
            privateEndpoint: { subnetId: SUBNET, virtualNetworkId: VNET },
            diagnostics: { workspaceId: WORKSPACE },
            roleAssignments: roleAssignments(r + 300, 5),
            geoReplication: {
              groupNickname: "bench-geo",
              linkedDatabaseIds: [
                `/subscriptions/${SUB}/resourceGroups/dr/providers/Microsoft.Cache/redisEnterprise/dr${r}/databases/default`,
                pulumi.output(
                  Promise.resolve(
                    `/subscriptions/${SUB}/resourceGroups/dr2/providers/Microsoft.Cache/redisEnterprise/dr${r}/databases/default`,
                  ),
                ),
              ],
            },
            lock: "ReadOnly",
            identity: { systemAssigned: true, userAssignedIdentityIds: identityIds(r + 300) },
            encryption: { keyUrl: KEY_URL, userAssignedIdentityId: identityIds(r + 300)[1] },
          });
        },
      ),
    );
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rounds = Number(process.argv[2] ?? 5);
  const samples = await measureConstruction(rounds);
  const names = [...new Set(samples.map((s) => s.component))];
  console.log(
    `component construction under Pulumi mocks, ${rounds} rounds (round 1 includes module loading)`,
  );
  console.table(
    names.map((component) => {
      const all = samples.filter((s) => s.component === component);
      const warm = all.slice(1).length > 0 ? all.slice(1) : all;
      return {
        component,
        resources: all[0].resources,
        "first: constructor ms": Number(all[0].constructorMs.toFixed(1)),
        "first: all registered ms": Number(all[0].settledMs.toFixed(1)),
        "median: constructor ms": Number(median(warm.map((s) => s.constructorMs)).toFixed(1)),
        "median: all registered ms": Number(median(warm.map((s) => s.settledMs)).toFixed(1)),
      };
    }),
  );
}
