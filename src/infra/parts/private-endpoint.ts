/**
 * Part: a private endpoint to the target and the private DNS zone that makes its host name resolve
 * to it (an existing zone, or a new one linked to a VNet). Whether public access stays on is decided
 * with the other network arguments, in network.ts.
 */
import * as network from "@pulumi/azure-native/network/index.js";
import * as privatedns from "@pulumi/azure-native/privatedns/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { InputGate } from "../input-gate.ts";
import type { PrivateLinkService } from "../network.ts";
import type { Part, PartScope } from "../part.ts";
import type { PrivateEndpointArgs } from "../types.ts";
import {
  checkPrivateDnsZoneId,
  checkSubnetId,
  checkVirtualNetworkId,
  fail,
  type ErrorContext,
} from "../validate.ts";
import { defined } from "../defined.ts";

/**
 * Plain checks of `privateEndpoint` and gate checks for its Output ids. Returns the checked ids to
 * hand to the resources, or undefined when no private endpoint is asked for.
 */
export function checkPrivateEndpoint(
  ctx: ErrorContext,
  gate: InputGate,
  pe: PrivateEndpointArgs | undefined,
  service: PrivateLinkService,
): PrivateEndpointArgs | undefined {
  if (pe === undefined) return undefined;
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

/**
 * Creates the private endpoint (`${name}-pe`, or the derived name of `plan.childNames`), its DNS
 * zone group (`${name}-pe-dns`) and, without `privateDnsZoneId`, the private DNS zone
 * (`${name}-dns-zone`, location "global") linked to `virtualNetworkId` (`${name}-dns-link`, or derived). New resources go to the plan's resource group, in the
 * plan's location or else the target's.
 */
export function createPrivateEndpoint({
  parent,
  plan,
  target,
}: PartScope<PrivateEndpointSlice>): pulumi.Resource[] {
  const args = plan.privateEndpoint;
  if (args === undefined) return [];
  const { name, gate, privateLink: service, resourceGroupName, childNames } = plan;
  const tags = plan.tags !== undefined ? { tags: plan.tags } : {};
  const endpointName = childNames.privateEndpoint.childName;
  const endpoint = new network.PrivateEndpoint(
    endpointName,
    {
      resourceGroupName,
      location: plan.location ?? target.location,
      subnet: { id: args.subnetId },
      privateLinkServiceConnections: [
        { name: endpointName, privateLinkServiceId: target.resourceId, groupIds: [service.groupId] },
      ],
      ...tags,
    },
    { parent, dependsOn: gate.after(...(target.resource ? [target.resource] : [])) },
  );
  const created: pulumi.Resource[] = [endpoint];
  let link: privatedns.VirtualNetworkLink | undefined;
  let zoneId: pulumi.Input<string>;
  if (args.privateDnsZoneId !== undefined) {
    zoneId = args.privateDnsZoneId;
  } else {
    const zone = new privatedns.PrivateZone(
      `${name}-dns-zone`,
      { resourceGroupName, location: "global", privateZoneName: service.zoneName, ...tags },
      { parent, dependsOn: gate.after() },
    );
    link = new privatedns.VirtualNetworkLink(
      childNames.dnsLink.childName,
      {
        resourceGroupName,
        privateZoneName: zone.name,
        location: "global",
        virtualNetwork: { id: args.virtualNetworkId! },
        registrationEnabled: false,
        ...tags,
      },
      { parent, dependsOn: gate.after() },
    );
    zoneId = zone.id;
    created.push(zone, link);
  }
  const zoneGroup = new network.PrivateDnsZoneGroup(
    `${name}-pe-dns`,
    {
      resourceGroupName,
      privateEndpointName: endpoint.name,
      privateDnsZoneGroupName: "default",
      privateDnsZoneConfigs: [{ name: service.zoneName.replaceAll(".", "-"), privateDnsZoneId: zoneId }],
    },
    { parent, dependsOn: gate.after(...(link ? [link] : [])) },
  );
  created.push(zoneGroup);
  return created;
}

/** The part's slice: the checked endpoint, and the service's private-link sub-resource and DNS zone. */
export interface PrivateEndpointSlice {
  privateEndpoint?: PrivateEndpointArgs;
  privateLink: PrivateLinkService;
}

/** The part: `privateEndpoint`, with its DNS zone group (and zone and VNet link when asked). */
export const privateEndpointPart = {
  name: "private-endpoint",
  check: ({ ctx, gate, args, facts }): PrivateEndpointSlice => {
    const privateEndpoint = checkPrivateEndpoint(
      ctx,
      gate,
      args.privateEndpoint as PrivateEndpointArgs | undefined,
      facts.privateLink,
    );
    return {
      ...defined({ privateEndpoint }),
      privateLink: facts.privateLink,
    };
  },
  create: createPrivateEndpoint,
} satisfies Part<PrivateEndpointSlice, { privateLink: PrivateLinkService }>;
