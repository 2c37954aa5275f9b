/**
 * The network decision shared by both components: whether public network access is on, and what
 * differs between the services on the private-link side (docs/azure-facts.md, "Network" and "Azure
 * Managed Redis"). The private endpoint itself is a part: parts/private-endpoint.ts.
 */
import type { PrivateEndpointArgs } from "./types.ts";
import { fail, type ErrorContext } from "./validate.ts";

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
