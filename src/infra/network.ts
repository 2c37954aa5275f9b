/**
 * The network side shared by both components: the public-network decision and the private endpoint
 * with its private DNS zone (docs/azure-facts.md, "Network" and "Azure Managed Redis").
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network/index.js";
import * as privatedns from "@pulumi/azure-native/privatedns/index.js";
import type { InputGate } from "./input-gate.ts";
import type { PrivateEndpointArgs } from "./types.ts";
import {
  checkPrivateDnsZoneId,
  checkSubnetId,
  checkVirtualNetworkId,
  fail,
  type ErrorContext,
} from "./validate.ts";

/** What differs between Azure Cache for Redis and Azure Managed Redis on the private-link side. */
export interface PrivateLinkService {
  /** Private link sub-resource: "redisCache" or "redisEnterprise". */
  groupId: string;
  /** Private DNS zone name: "privatelink.redis.cache.windows.net" or "privatelink.redis.azure.net". */
  zoneName: string;
}

export const CACHE_PRIVATE_LINK: PrivateLinkService = {
  groupId: "redisCache",
  zoneName: "privatelink.redis.cache.windows.net",
};
export const MANAGED_REDIS_PRIVATE_LINK: PrivateLinkService = {
  groupId: "redisEnterprise",
  zoneName: "privatelink.redis.azure.net",
};

/** The network arguments the decision looks at. */
export interface NetworkChoiceArgs {
  privateEndpoint?: PrivateEndpointArgs;
  /** Number of firewall rules, or undefined where the service has none (Managed Redis). */
  firewallRuleCount?: number;
  allowPublicNetworkAccess?: boolean;
}

/**
 * Decides `publicNetworkAccess` (always set explicitly: Azure's documented defaults disagree):
 * - no private endpoint, no firewall rules and no `allowPublicNetworkAccess: true`: error (no network choice);
 * - private endpoint only: "Disabled" (the endpoint is the only way in);
 * - private endpoint plus firewall rules: only with `allowPublicNetworkAccess: true`, which says that
 *   public access stays on, filtered by the rules (rules don't apply to private endpoint traffic);
 * - firewall rules: "Enabled", filtered by the rules; they can't be combined with `allowPublicNetworkAccess: false`;
 * - `allowPublicNetworkAccess: true`: "Enabled".
 */
export function decidePublicNetworkAccess(
  ctx: ErrorContext,
  args: NetworkChoiceArgs,
): "Enabled" | "Disabled" {
  const rules = args.firewallRuleCount ?? 0;
  const hasFirewall = args.firewallRuleCount !== undefined;
  const pe = args.privateEndpoint !== undefined;
  const allow = args.allowPublicNetworkAccess;
  if (!pe && rules === 0 && allow !== true) {
    const choices = hasFirewall
      ? "privateEndpoint (private access), firewallRules (public access from listed IPv4 addresses)"
      : "privateEndpoint (private access)";
    fail(
      ctx,
      "privateEndpoint",
      undefined,
      "is missing and no other network access is chosen",
      `choose ${choices}, or allowPublicNetworkAccess: true to open the endpoint to the internet (Entra ID still required)`,
    );
  }
  if (rules > 0 && allow === false) {
    fail(
      ctx,
      "allowPublicNetworkAccess",
      false,
      "turns public access off while firewallRules are given",
      "firewall rules only filter public access: drop the rules, or set allowPublicNetworkAccess: true (or leave it out)",
    );
  }
  if (pe && rules > 0 && allow !== true) {
    fail(
      ctx,
      "firewallRules",
      `${rules} rule(s)`,
      "are given together with privateEndpoint",
      "firewall rules filter public access only; remove them for a private-only cache, or set allowPublicNetworkAccess: true to keep public access on, filtered by the rules",
    );
  }
  if (pe && allow !== true) return "Disabled";
  return "Enabled";
}

/**
 * Plain checks of `privateEndpoint` and gate checks for its Output ids. Returns the checked ids to
 * hand to the resources.
 */
export function checkPrivateEndpoint(
  ctx: ErrorContext,
  gate: InputGate,
  pe: PrivateEndpointArgs,
  service: PrivateLinkService,
): PrivateEndpointArgs {
  if (typeof pe !== "object" || pe === null) {
    fail(
      ctx,
      "privateEndpoint",
      pe,
      "is not an object",
      "give { subnetId, privateDnsZoneId } or { subnetId, virtualNetworkId }",
    );
  }
  if (pe.subnetId === undefined) {
    fail(
      ctx,
      "privateEndpoint.subnetId",
      undefined,
      "is missing",
      "give the resource id of the subnet for the private endpoint, e.g. subnet.id",
    );
  }
  if (pe.privateDnsZoneId === undefined && pe.virtualNetworkId === undefined) {
    fail(
      ctx,
      "privateEndpoint.privateDnsZoneId",
      undefined,
      "is missing and so is virtualNetworkId",
      `give the id of an existing ${service.zoneName} zone linked to your VNet, or virtualNetworkId to have the zone created and linked`,
    );
  }
  if (pe.privateDnsZoneId !== undefined && pe.virtualNetworkId !== undefined) {
    fail(
      ctx,
      "privateEndpoint.virtualNetworkId",
      "(given)",
      "is given together with privateDnsZoneId",
      "give privateDnsZoneId for a zone you manage (link it to your VNets yourself), or virtualNetworkId to have the zone created and linked, not both",
    );
  }
  const out: PrivateEndpointArgs = {
    subnetId: gate.check(pe.subnetId, (v) => checkSubnetId(ctx, "privateEndpoint.subnetId", v)),
  };
  if (pe.privateDnsZoneId !== undefined) {
    out.privateDnsZoneId = gate.check(pe.privateDnsZoneId, (v) =>
      checkPrivateDnsZoneId(ctx, "privateEndpoint.privateDnsZoneId", v, service.zoneName),
    );
  }
  if (pe.virtualNetworkId !== undefined) {
    out.virtualNetworkId = gate.check(pe.virtualNetworkId, (v) =>
      checkVirtualNetworkId(ctx, "privateEndpoint.virtualNetworkId", v),
    );
  }
  return out;
}

/** Everything needed to create the private endpoint of one cache or cluster. */
export interface PrivateEndpointPlan {
  /** Component name: children are `${name}-pe`, `${name}-pe-dns`, `${name}-dns-zone`, `${name}-dns-link`. */
  name: string;
  parent: pulumi.Resource;
  gate: InputGate;
  resourceGroupName: pulumi.Input<string>;
  location: pulumi.Input<string>;
  /** The cache's or cluster's resource id. */
  targetId: pulumi.Input<string>;
  /** The resource the endpoint connects to (dependency). */
  target?: pulumi.Resource;
  service: PrivateLinkService;
  /** Checked by checkPrivateEndpoint. */
  args: PrivateEndpointArgs;
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** The resources created for a private endpoint. */
export interface PrivateEndpointResources {
  endpoint: network.PrivateEndpoint;
  zoneGroup: network.PrivateDnsZoneGroup;
  zone?: privatedns.PrivateZone;
  link?: privatedns.VirtualNetworkLink;
}

/**
 * Creates the private endpoint, its DNS zone group and, without `privateDnsZoneId`, the private DNS
 * zone (location "global") linked to `virtualNetworkId`.
 */
export function createPrivateEndpoint(plan: PrivateEndpointPlan): PrivateEndpointResources {
  const { name, parent, gate, service, args } = plan;
  const after = plan.target ? [plan.target] : [];
  const endpoint = new network.PrivateEndpoint(
    `${name}-pe`,
    {
      resourceGroupName: plan.resourceGroupName,
      location: plan.location,
      subnet: { id: args.subnetId },
      privateLinkServiceConnections: [
        { name: `${name}-pe`, privateLinkServiceId: plan.targetId, groupIds: [service.groupId] },
      ],
      ...(plan.tags !== undefined ? { tags: plan.tags } : {}),
    },
    { parent, dependsOn: gate.after(...after) },
  );
  let zone: privatedns.PrivateZone | undefined;
  let link: privatedns.VirtualNetworkLink | undefined;
  let zoneId: pulumi.Input<string>;
  if (args.privateDnsZoneId !== undefined) {
    zoneId = args.privateDnsZoneId;
  } else {
    zone = new privatedns.PrivateZone(
      `${name}-dns-zone`,
      {
        resourceGroupName: plan.resourceGroupName,
        location: "global",
        privateZoneName: service.zoneName,
        ...(plan.tags !== undefined ? { tags: plan.tags } : {}),
      },
      { parent, dependsOn: gate.after() },
    );
    link = new privatedns.VirtualNetworkLink(
      `${name}-dns-link`,
      {
        resourceGroupName: plan.resourceGroupName,
        privateZoneName: zone.name,
        location: "global",
        virtualNetwork: { id: args.virtualNetworkId! },
        registrationEnabled: false,
        ...(plan.tags !== undefined ? { tags: plan.tags } : {}),
      },
      { parent, dependsOn: gate.after() },
    );
    zoneId = zone.id;
  }
  const zoneGroup = new network.PrivateDnsZoneGroup(
    `${name}-pe-dns`,
    {
      resourceGroupName: plan.resourceGroupName,
      privateEndpointName: endpoint.name,
      privateDnsZoneGroupName: "default",
      privateDnsZoneConfigs: [{ name: service.zoneName.replaceAll(".", "-"), privateDnsZoneId: zoneId }],
    },
    { parent, dependsOn: gate.after(...(link ? [link] : [])) },
  );
  return { endpoint, zoneGroup, ...(zone ? { zone } : {}), ...(link ? { link } : {}) };
}
