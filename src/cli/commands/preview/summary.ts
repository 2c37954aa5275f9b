/**
 * The key settings of the resources a preview found, in words (for the tree) and as data (for
 * --json policy checks): Entra on, keys off, TLS, network, assignments and their policies.
 */
import type { PreviewResource } from "../../../internal/pulumi-offline/model.ts";
import {
  cacheAadEnabled,
  cacheAccessKeysDisabled,
  cacheEntraEnabled,
  cacheNonTlsPortEnabled,
  databaseAccessKeysDisabled,
  databasePlaintext,
} from "../../../internal/redis-inputs.ts";

type Inputs = Record<string, unknown>;

function str(v: unknown): string {
  if (v === undefined || v === null) return "(not set)";
  return typeof v === "string" ? v : JSON.stringify(v);
}

function obj(v: unknown): Inputs {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Inputs) : {};
}

/**
 * A Managed Redis assignment with a per-identity access string: the generic resource with the
 * preview API (EntraManagedRedis writes these when a policy isn't "default", or a hand-written one).
 */
export function isManagedAccessStringAssignment(r: PreviewResource): boolean {
  return (
    r.type === "azure-native:resources:Resource" &&
    r.inputs.resourceProviderNamespace === "Microsoft.Cache" &&
    r.inputs.resourceType === "accessPolicyAssignments" &&
    (typeof r.inputs.parentResourcePath === "string"
      ? /^redisEnterprise\//i.test(r.inputs.parentResourcePath)
      : // Not known yet (a dry run against a baseline, the cluster still to be created): an access string says it.
        typeof obj(r.inputs.properties).accessString === "string")
  );
}

/** Azure's migration of a cache into Managed Redis (`migrations/default`, EntraManagedRedis's migrateFrom). */
export function isManagedRedisMigration(r: PreviewResource): boolean {
  return (
    r.type === "azure-native:resources:Resource" &&
    r.inputs.resourceProviderNamespace === "Microsoft.Cache" &&
    r.inputs.resourceType === "migrations" &&
    // A cluster's child; its name is not known yet in a dry run against a baseline.
    (typeof r.inputs.parentResourcePath !== "string" ||
      /^redisEnterprise\//i.test(r.inputs.parentResourcePath))
  );
}

/** Short, human-readable settings of one resource; empty for types without notable settings. */
export function describeSettings(r: PreviewResource): string[] {
  const i = r.inputs;
  if (isManagedRedisMigration(r)) {
    const p = obj(i.properties);
    return [
      `migrate ${str(p.sourceType)} ${str(p.sourceResourceId)} (API ${str(i.apiVersion)})`,
      `data ${p.skipDataMigration === true ? "left behind (skipDataMigration)" : "copied"}, ${p.switchDns === true ? "the cache's host name SWITCHES to this instance (switchDns)" : "host name not switched (switchDns false)"}${p.forceMigrate === true ? ", warnings ignored (forceMigrate)" : ""}`,
    ];
  }
  if (isManagedAccessStringAssignment(r)) {
    const p = obj(i.properties);
    return [
      `assign access string "${str(p.accessString)}" to objectId ${str(obj(p.user).objectId)} (API ${str(i.apiVersion)})`,
    ];
  }
  switch (r.type) {
    case "azure-native:redis:Redis": {
      const sku = obj(i.sku);
      return [
        `sku ${str(sku.name)} ${str(sku.family)}${str(sku.capacity)}, Redis ${str(i.redisVersion)}`,
        `Entra ${cacheEntraEnabled(i) ? "on" : "OFF"} (aadEnabled=${str(cacheAadEnabled(i))})`,
        `access keys ${cacheAccessKeysDisabled(i) ? "off" : "ON"} (disableAccessKeyAuthentication=${str(i.disableAccessKeyAuthentication)})`,
        `TLS min ${str(i.minimumTlsVersion)}, non-TLS port ${cacheNonTlsPortEnabled(i) ? "ON" : "off"}`,
        `publicNetworkAccess ${str(i.publicNetworkAccess)}`,
        ...(i.shardCount !== undefined ? [`shardCount ${str(i.shardCount)}`] : []),
        ...(i.replicasPerPrimary !== undefined ? [`replicasPerPrimary ${str(i.replicasPerPrimary)}`] : []),
        ...(Array.isArray(i.zones) ? [`zones ${(i.zones as unknown[]).join(",")}`] : []),
        ...identityLines(i),
      ];
    }
    case "azure-native:redis:FirewallRule":
      return [`allow ${str(i.startIP)} - ${str(i.endIP)}`];
    case "azure-native:redis:AccessPolicy":
      return [`custom policy "${str(i.accessPolicyName)}": ${str(i.permissions)}`];
    case "azure-native:redis:AccessPolicyAssignment":
      return [`assign "${str(i.accessPolicyName)}" to ${str(i.objectIdAlias)} (objectId ${str(i.objectId)})`];
    case "azure-native:redisenterprise:RedisEnterprise": {
      const sku = obj(i.sku);
      return [
        `sku ${str(sku.name)}, TLS min ${str(i.minimumTlsVersion)}, highAvailability ${str(i.highAvailability)}`,
        `publicNetworkAccess ${str(i.publicNetworkAccess)}`,
        ...identityLines(i),
        ...(cmkOf(i) !== undefined
          ? [`customer-managed key ${cmkOf(i)!.keyUrl}, read by ${cmkOf(i)!.identity}`]
          : []),
      ];
    }
    case "azure-native:redisenterprise:Database": {
      const geo = i.geoReplication === undefined ? undefined : obj(i.geoReplication);
      const linked = Array.isArray(geo?.linkedDatabases) ? (geo.linkedDatabases as Inputs[]) : [];
      return [
        `access keys ${databaseAccessKeysDisabled(i) ? "off" : "ON"} (accessKeysAuthentication=${str(i.accessKeysAuthentication)})`,
        `clientProtocol ${str(i.clientProtocol)}, clusteringPolicy ${str(i.clusteringPolicy)}, port ${str(i.port)}`,
        ...(geo
          ? [
              `geo-replication group "${str(geo.groupNickname)}", linkedDatabases ${linked.length} (itself included)`,
            ]
          : []),
      ];
    }
    case "azure-native:redis:LinkedServer":
      return [
        `geo-replication link to ${str(i.linkedRedisCacheId)} (${str(i.linkedRedisCacheLocation)}), serverRole ${str(i.serverRole)}`,
      ];
    case "azure-native:redisenterprise:AccessPolicyAssignment":
      return [`assign "${str(i.accessPolicyName)}" to objectId ${str(obj(i.user).objectId)}`];
    case "azure-native:network:PrivateEndpoint": {
      const conns = Array.isArray(i.privateLinkServiceConnections)
        ? (i.privateLinkServiceConnections as Inputs[])
        : [];
      const groups = conns.flatMap((c) => (Array.isArray(c.groupIds) ? (c.groupIds as string[]) : []));
      return [
        `private endpoint in subnet ${str(obj(i.subnet).id)}, groupIds ${groups.join(",") || "(none)"}`,
      ];
    }
    case "azure-native:network:PrivateZone":
    case "azure-native:privatedns:PrivateZone":
      return [`private DNS zone ${str(i.privateZoneName)}`];
    case "azure-native:network:VirtualNetworkLink":
    case "azure-native:privatedns:VirtualNetworkLink":
      return [`links zone ${str(i.privateZoneName)} to VNet ${str(obj(i.virtualNetwork).id)}`];
    case "azure-native:network:PrivateDnsZoneGroup": {
      const cfgs = Array.isArray(i.privateDnsZoneConfigs) ? (i.privateDnsZoneConfigs as Inputs[]) : [];
      return [`DNS zone group: ${cfgs.map((c) => str(c.privateDnsZoneId)).join(", ") || "(none)"}`];
    }
    case "azure-native:monitor:DiagnosticSetting": {
      const cats = (v: unknown) =>
        Array.isArray(v) ? (v as Inputs[]).map((c) => str(c.category ?? c.categoryGroup)).join(",") : "";
      const to = ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId"]
        .filter((k) => i[k] !== undefined)
        .map((k) => k.replace(/Id$/, ""));
      return [
        `diagnostics "${str(i.name)}": logs ${cats(i.logs) || "(none)"}, metrics ${cats(i.metrics) || "(none)"} to ${to.join(", ") || "(no destination)"}`,
      ];
    }
    case "azure-native:authorization:ManagementLockByScope":
      return [`lock ${str(i.level)}`];
    case "azure-native:authorization:RoleAssignment":
      return [
        `role ${str(i.roleDefinitionId).split("/").pop() ?? ""} to ${str(i.principalId)} (${str(i.principalType)})`,
      ];
    default:
      return [];
  }
}

/** The resource's own managed identity, as azure-native's `identity` input (undefined without one). */
function identityOf(i: Inputs): CacheSummary["identity"] {
  if (i.identity === undefined) return undefined;
  const id = obj(i.identity);
  const user = Array.isArray(id.userAssignedIdentities) ? (id.userAssignedIdentities as unknown[]) : [];
  return { type: str(id.type), userAssigned: user.map((u) => str(u)) };
}

function identityLines(i: Inputs): string[] {
  const id = identityOf(i);
  return id
    ? [`identity ${id.type}${id.userAssigned.length > 0 ? `: ${id.userAssigned.join(", ")}` : ""}`]
    : [];
}

/** The cluster's customer-managed key, from azure-native's `encryption` input. */
function cmkOf(i: Inputs): CacheSummary["customerManagedKey"] {
  const cmk = obj(obj(i.encryption).customerManagedKeyEncryption);
  if (cmk.keyEncryptionKeyUrl === undefined) return undefined;
  return {
    keyUrl: str(cmk.keyEncryptionKeyUrl),
    identity: str(obj(cmk.keyEncryptionKeyIdentity).userAssignedIdentityResourceId),
  };
}

/** Machine-readable settings of one cache (Azure Cache for Redis or Azure Managed Redis). */
export interface CacheSummary {
  kind: "Azure Cache for Redis" | "Azure Managed Redis";
  name: string;
  urn: string;
  entraEnabled: boolean;
  accessKeysDisabled: boolean;
  minimumTlsVersion?: string;
  nonTlsPortEnabled?: boolean;
  publicNetworkAccess?: string;
  firewallRules: { name: string; startIp: string; endIp: string }[];
  privateEndpoints: string[];
  customPolicies: { name: string; permissions: string }[];
  /** In registration order; `after` names what each write waits for (policies and assignments). */
  assignments: { name: string; alias?: string; objectId: string; policy: string; after: string[] }[];
  /** Diagnostic settings on the cache (Managed Redis: on the cluster and the database). */
  diagnosticSettings: { name: string; logs: string[]; metrics: string[] }[];
  /** Control-plane role assignments on the cache or cluster. */
  roleAssignments: { name: string; principalId: string; roleDefinitionId: string }[];
  /** Management lock level, if any. */
  lock?: string;
  /**
   * Geo-replication, if any: on Managed Redis the group and every linked database id (itself
   * included); on Azure Cache for Redis the geo-secondary this cache links to.
   */
  geoReplication?: { groupNickname?: string; linked: string[] };
  /** The cache's or cluster's own managed identity: its type and user-assigned ids. */
  identity?: { type: string; userAssigned: string[] };
  /** Customer-managed key encryption (Managed Redis): the key URL and the identity that reads it. */
  customerManagedKey?: { keyUrl: string; identity: string };
}

/** The ops children (diagnostics, role assignments, lock) among a cache's siblings. */
function opsOf(
  group: PreviewResource[],
): Pick<CacheSummary, "diagnosticSettings" | "roleAssignments" | "lock"> {
  const cats = (v: unknown) =>
    Array.isArray(v) ? (v as Inputs[]).map((c) => str(c.category ?? c.categoryGroup)) : [];
  const lock = group.find((x) => x.type === "azure-native:authorization:ManagementLockByScope");
  return {
    diagnosticSettings: group
      .filter((x) => x.type === "azure-native:monitor:DiagnosticSetting")
      .map((x) => ({ name: x.name, logs: cats(x.inputs.logs), metrics: cats(x.inputs.metrics) })),
    roleAssignments: group
      .filter((x) => x.type === "azure-native:authorization:RoleAssignment")
      .map((x) => ({
        name: x.name,
        principalId: str(x.inputs.principalId),
        roleDefinitionId: str(x.inputs.roleDefinitionId),
      })),
    ...(lock ? { lock: str(lock.inputs.level) } : {}),
  };
}

function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Summarises every cache in the preview with the resources that configure it. */
export function summarizeCaches(resources: PreviewResource[]): CacheSummary[] {
  const out: CacheSummary[] = [];
  const chainTypes = /:(AccessPolicy|AccessPolicyAssignment)$/;
  const siblings = (r: PreviewResource): PreviewResource[] =>
    resources.filter((x) => x !== r && x.parent === r.parent);
  const after = (r: PreviewResource): string[] => {
    const byUrn = new Map(resources.map((x) => [x.urn, x]));
    return r.dependencies
      .filter((u) => {
        const d = byUrn.get(u);
        return d !== undefined && (chainTypes.test(d.type) || isManagedAccessStringAssignment(d));
      })
      .map(nameOf);
  };
  for (const r of resources) {
    if (r.type === "azure-native:redis:Redis") {
      const group = r.parent ? siblings(r) : resources;
      out.push({
        kind: "Azure Cache for Redis",
        name: r.name,
        urn: r.urn,
        entraEnabled: cacheEntraEnabled(r.inputs),
        accessKeysDisabled: cacheAccessKeysDisabled(r.inputs),
        minimumTlsVersion: r.inputs.minimumTlsVersion as string | undefined,
        nonTlsPortEnabled: r.inputs.enableNonSslPort as boolean | undefined,
        publicNetworkAccess: r.inputs.publicNetworkAccess as string | undefined,
        firewallRules: group
          .filter((x) => x.type === "azure-native:redis:FirewallRule")
          .map((x) => ({ name: x.name, startIp: str(x.inputs.startIP), endIp: str(x.inputs.endIP) })),
        privateEndpoints: group
          .filter((x) => x.type === "azure-native:network:PrivateEndpoint")
          .map((x) => x.name),
        customPolicies: group
          .filter((x) => x.type === "azure-native:redis:AccessPolicy")
          .map((x) => ({ name: str(x.inputs.accessPolicyName), permissions: str(x.inputs.permissions) })),
        assignments: group
          .filter((x) => x.type === "azure-native:redis:AccessPolicyAssignment")
          .map((x) => ({
            name: x.name,
            alias: x.inputs.objectIdAlias as string | undefined,
            objectId: str(x.inputs.objectId),
            policy: str(x.inputs.accessPolicyName),
            after: after(x),
          })),
        ...opsOf(group),
        ...linkOf(group),
        ...(identityOf(r.inputs) !== undefined ? { identity: identityOf(r.inputs) } : {}),
      });
    }
    if (r.type === "azure-native:redisenterprise:RedisEnterprise") {
      const group = r.parent ? siblings(r) : resources;
      const db = group.find((x) => x.type === "azure-native:redisenterprise:Database");
      out.push({
        kind: "Azure Managed Redis",
        name: r.name,
        urn: r.urn,
        // Managed Redis always accepts Entra tokens; keys are the switch.
        entraEnabled: true,
        accessKeysDisabled: db !== undefined && databaseAccessKeysDisabled(db.inputs),
        minimumTlsVersion: r.inputs.minimumTlsVersion as string | undefined,
        nonTlsPortEnabled: db ? databasePlaintext(db.inputs) : undefined,
        publicNetworkAccess: r.inputs.publicNetworkAccess as string | undefined,
        firewallRules: [],
        privateEndpoints: group
          .filter((x) => x.type === "azure-native:network:PrivateEndpoint")
          .map((x) => x.name),
        customPolicies: [],
        assignments: group
          .filter(
            (x) =>
              x.type === "azure-native:redisenterprise:AccessPolicyAssignment" ||
              isManagedAccessStringAssignment(x),
          )
          .map((x) => {
            const typed = x.type === "azure-native:redisenterprise:AccessPolicyAssignment";
            const p = typed ? x.inputs : obj(x.inputs.properties);
            return {
              name: x.name,
              objectId: str(obj(p.user).objectId),
              // With an access string, the permissions themselves are the policy.
              policy: typed ? str(x.inputs.accessPolicyName) : str(p.accessString),
              after: after(x),
            };
          }),
        ...opsOf(group),
        ...(db?.inputs.geoReplication !== undefined
          ? {
              geoReplication: {
                groupNickname: str(obj(db.inputs.geoReplication).groupNickname),
                linked: ((obj(db.inputs.geoReplication).linkedDatabases as Inputs[] | undefined) ?? []).map(
                  (l) => str(l.id),
                ),
              },
            }
          : {}),
        ...(identityOf(r.inputs) !== undefined ? { identity: identityOf(r.inputs) } : {}),
        ...(cmkOf(r.inputs) !== undefined ? { customerManagedKey: cmkOf(r.inputs) } : {}),
      });
    }
  }
  return out;
}

/** The passive geo-replication link among a cache's siblings. */
function linkOf(group: PreviewResource[]): Pick<CacheSummary, "geoReplication"> {
  const link = group.find((x) => x.type === "azure-native:redis:LinkedServer");
  return link ? { geoReplication: { linked: [str(link.inputs.linkedRedisCacheId)] } } : {};
}
