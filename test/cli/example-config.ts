/** Config values each example requires to preview (`--config key=value`), as a user would give them. */
const SUBNET =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe";
const ZONE =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/privateDnsZones/privatelink.redis.cache.windows.net";

export const EXAMPLE_CONFIG: Record<string, string[]> = {
  "firewall-app-service": ['allowedOutbound=["20.1.2.3","20.1.4.0/24"]'],
  "private-link-vnet": [],
  "custom-readonly-policy": [`privateEndpointSubnetId=${SUBNET}`, `privateDnsZoneId=${ZONE}`],
  "managed-redis": [],
  "migrate-to-managed-redis": [],
  "geo-replication": ["premiumCaches=true"],
};
