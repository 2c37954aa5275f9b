/**
 * Placeholder values the mock runtime returns where Azure would compute them (ids, host names,
 * identities' object ids). Deterministic, obviously fake, and marked as placeholders in the output.
 */
import { createHash } from "node:crypto";

export const PLACEHOLDER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
export const PLACEHOLDER_TENANT = "00000000-0000-0000-0000-000000007e7a";

/** A GUID derived from `seed` (same seed, same GUID), version-4 shaped so validators accept it. */
export function placeholderGuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const lcFirst = (t: string): string => t.charAt(0).toLowerCase() + t.slice(1);

/** ARM resource types (and parent segments) of the types the components and examples use. */
function armPath(type: string, name: string, inputs: Record<string, unknown>): string {
  const [, mod = "x", kind = "Resource"] = type.split(":");
  switch (type) {
    case "azure-native:network:Subnet":
      return `Microsoft.Network/virtualNetworks/${str(inputs.virtualNetworkName) ?? "vnet"}/subnets/${name}`;
    case "azure-native:privatedns:PrivateZone":
    case "azure-native:network:PrivateZone":
      return `Microsoft.Network/privateDnsZones/${name}`;
    case "azure-native:privatedns:VirtualNetworkLink":
    case "azure-native:network:VirtualNetworkLink":
      return `Microsoft.Network/privateDnsZones/${str(inputs.privateZoneName) ?? "zone"}/virtualNetworkLinks/${name}`;
    case "azure-native:network:PrivateDnsZoneGroup":
      return `Microsoft.Network/privateEndpoints/${str(inputs.privateEndpointName) ?? "pe"}/privateDnsZoneGroups/${name}`;
    case "azure-native:redis:Redis":
      return `Microsoft.Cache/redis/${name}`;
    case "azure-native:redisenterprise:RedisEnterprise":
      return `Microsoft.Cache/redisEnterprise/${name}`;
    case "azure-native:redisenterprise:Database":
      return `Microsoft.Cache/redisEnterprise/${str(inputs.clusterName) ?? "cluster"}/databases/${name}`;
    case "azure-native:managedidentity:UserAssignedIdentity":
      return `Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
    case "azure-native:web:AppServicePlan":
      return `Microsoft.Web/serverfarms/${name}`;
    case "azure-native:web:WebApp":
      return `Microsoft.Web/sites/${name}`;
    case "azure-native:operationalinsights:Workspace":
      return `Microsoft.OperationalInsights/workspaces/${name}`;
    case "azure-native:keyvault:Vault":
      return `Microsoft.KeyVault/vaults/${name}`;
    case "azure-native:keyvault:Key":
      return `Microsoft.KeyVault/vaults/${str(inputs.vaultName) ?? "vault"}/keys/${name}`;
  }
  if (mod === "redis" && str(inputs.cacheName))
    return `Microsoft.Cache/redis/${str(inputs.cacheName)}/${lcFirst(kind)}s/${name}`;
  const provider =
    mod === "redis" || mod === "redisenterprise"
      ? "Microsoft.Cache"
      : `Microsoft.${mod.charAt(0).toUpperCase()}${mod.slice(1)}`;
  return `${provider}/${lcFirst(kind)}s/${name}`;
}

/** The physical name azure-native would use: its `<kind>Name`/`name`/`resourceName` input, else the logical name. */
function physicalName(type: string, name: string, inputs: Record<string, unknown>): string {
  const kind = type.split(":")[2] ?? "";
  return str(inputs[`${lcFirst(kind)}Name`]) ?? str(inputs.name) ?? str(inputs.resourceName) ?? name;
}

function armId(type: string, physical: string, inputs: Record<string, unknown>): string {
  if (type === "azure-native:resources:ResourceGroup")
    return `/subscriptions/${PLACEHOLDER_SUBSCRIPTION}/resourceGroups/${physical}`;
  const rg = str(inputs.resourceGroupName) ?? "placeholder-rg";
  return `/subscriptions/${PLACEHOLDER_SUBSCRIPTION}/resourceGroups/${rg}/providers/${armPath(type, physical, inputs)}`;
}

/** Mock state for a new resource: its inputs plus placeholder outputs for well-known types. */
export function placeholderState(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): { id: string; state: Record<string, unknown> } {
  const physical = physicalName(type, name, inputs);
  const id = armId(type, physical, inputs);
  const state: Record<string, unknown> = { ...inputs, name: physical };
  const location = typeof inputs.location === "string" ? inputs.location : "westeurope";
  switch (type) {
    case "azure-native:resources:ResourceGroup":
      state.location = location;
      break;
    case "azure-native:redis:Redis":
      state.hostName = `${physical}.redis.cache.windows.net`;
      state.sslPort = 6380;
      state.port = 6379;
      break;
    case "azure-native:redisenterprise:RedisEnterprise":
      state.hostName = `${physical}.${location}.redis.azure.net`;
      break;
    case "azure-native:redisenterprise:Database":
      state.port = typeof inputs.port === "number" ? inputs.port : 10000;
      break;
    case "azure-native:managedidentity:UserAssignedIdentity":
      state.principalId = placeholderGuid(`principal:${name}`);
      state.clientId = placeholderGuid(`client:${name}`);
      state.tenantId = PLACEHOLDER_TENANT;
      break;
    case "azure-native:keyvault:Key": {
      // Key Vault key identifiers: https://<vault>.vault.azure.net/keys/<name>/<32 hex digits>.
      const keyUri = `https://${str(inputs.vaultName) ?? "vault"}.vault.azure.net/keys/${physical}`;
      state.keyUri = keyUri;
      state.keyUriWithVersion = `${keyUri}/${placeholderGuid(`key-version:${name}`).replaceAll("-", "")}`;
      break;
    }
    case "azure-native:web:WebApp":
      state.defaultHostName = `${physical}.azurewebsites.net`;
      break;
    case "azure-native:app:ContainerApp":
      state.latestRevisionFqdn = `${physical}.placeholder.azurecontainerapps.io`;
      break;
  }
  // The system-assigned identity of a resource that asks for one (e.g. a cache or cluster).
  const identity = inputs.identity as { type?: unknown } | undefined;
  if (typeof identity?.type === "string" && identity.type.includes("SystemAssigned"))
    state.identity = {
      ...identity,
      principalId: placeholderGuid(`principal:${name}`),
      tenantId: PLACEHOLDER_TENANT,
    };
  return { id, state };
}

/** The deploying identity's object id (`currentPrincipal()`, getClientConfig) when none is given. */
export const PLACEHOLDER_DEPLOYER_OBJECT_ID = placeholderGuid("deployer-object");

/**
 * Mock results for provider function calls the components and examples make. `deployerObjectId`
 * (`preview --deployer`): the identity that runs `pulumi up`, as getClientConfig would return it.
 */
export function placeholderCall(
  token: string,
  inputs: Record<string, unknown>,
  deployerObjectId: string = PLACEHOLDER_DEPLOYER_OBJECT_ID,
): Record<string, unknown> {
  if (token === "azure-native:authorization:getClientConfig") {
    return {
      clientId: placeholderGuid("deployer-client"),
      objectId: deployerObjectId,
      subscriptionId: PLACEHOLDER_SUBSCRIPTION,
      tenantId: PLACEHOLDER_TENANT,
    };
  }
  return inputs;
}
