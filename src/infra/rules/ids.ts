/**
 * The shapes of ids Azure takes: Entra object ids (GUIDs) and Azure Resource Manager ids of the
 * resources the components refer to. ARM compares resource types and names without case, so the
 * resource-id patterns ignore it. The rules of rules/*.ts and the checks read these; none of them
 * restates a pattern.
 */

/** A GUID: Entra object ids, subscription ids, role definition names. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Pattern of an Azure resource id with the given provider path after the resource group. */
export function armIdPattern(providerPath: string): RegExp {
  return new RegExp(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/${providerPath}$`, "i");
}

/** A subnet's resource id. */
export const SUBNET_ID = armIdPattern("Microsoft\\.Network/virtualNetworks/[^/]+/subnets/[^/]+");
/** A virtual network's resource id. */
export const VIRTUAL_NETWORK_ID = armIdPattern("Microsoft\\.Network/virtualNetworks/[^/]+");
/** A private DNS zone's resource id; group 1 is the zone name. */
export const PRIVATE_DNS_ZONE_ID = armIdPattern("Microsoft\\.Network/privateDnsZones/([^/]+)");

/** ARM id of a user-assigned identity (ARM compares resource types and names without case). */
export const USER_ASSIGNED_IDENTITY_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;

/** A role definition id at subscription scope; group 1 is the role's GUID. */
export const ROLE_DEFINITION_ID =
  /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * An Azure Managed Redis database id, `/subscriptions/<id>/resourceGroups/<group>/providers/
 * Microsoft.Cache/redisEnterprise/<cluster>/databases/default` (the spec's LinkedDatabase.id is an
 * arm-id of type Microsoft.Cache/redisEnterprise/databases; Azure allows only the database "default").
 * Groups: subscription, resource group, cluster name.
 */
export const MANAGED_DATABASE_ID_PATTERN =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Cache\/redisEnterprise\/([A-Za-z0-9-]{1,60})\/databases\/default$/i;
/**
 * An Azure Cache for Redis id, `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Cache/
 * Redis/<name>` (LinkedServer's linkedRedisCacheId). Groups: subscription, resource group, cache name.
 */
export const CACHE_ID_PATTERN =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Cache\/Redis\/([A-Za-z0-9-]{1,63})$/i;

/**
 * A versioned key identifier in Azure Key Vault or Managed HSM, in any Azure cloud: vault or HSM name
 * (3-24 letters, digits, hyphens), key name (1-127 letters, digits, hyphens), version (32 hex digits).
 */
export const VERSIONED_KEY_URL =
  /^https:\/\/[a-z][a-z0-9-]{1,22}[a-z0-9]\.(vault\.azure\.net|vault\.azure\.cn|vault\.usgovcloudapi\.net|vault\.microsoftazure\.de|managedhsm\.azure\.net|managedhsm\.azure\.cn|managedhsm\.usgovcloudapi\.net)\/keys\/[a-z0-9-]{1,127}\/[0-9a-f]{32}$/i;
