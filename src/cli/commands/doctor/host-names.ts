/**
 * Which Azure service a host name belongs to, for every doctor step that asks (the default port, the
 * endpoint step): one list, so they can't disagree. Case and a trailing dot (a fully qualified DNS
 * name) don't matter; a private-link name (`<name>.privatelink.redis.cache.windows.net`) is its
 * service's. Azure Cache for Redis: `<name>.redis.cache.windows.net` and the sovereign clouds'
 * `.chinacloudapi.cn` / `.usgovcloudapi.net`. Azure Managed Redis: `<name>.<region>.redis.azure.net`
 * (`.cn`, `.us`), and the retired Enterprise tiers' `<name>.<region>.redisenterprise.cache.azure.net`,
 * which also serve TLS on 10000.
 */

/** The service behind an Azure host name. */
export type AzureRedisService = "cache" | "managed";

const CACHE = /\.redis\.cache\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)$/;
const MANAGED = /\.(?:redis\.azure\.(?:net|cn|us)|redisenterprise\.cache\.azure\.net)$/;

/** The Azure service a host name names, or undefined (an IP address, a local gateway, another name). */
export function azureServiceOf(host: string): AzureRedisService | undefined {
  const name = host.toLowerCase().replace(/\.$/, "");
  if (CACHE.test(name)) return "cache";
  if (MANAGED.test(name)) return "managed";
  return undefined;
}
