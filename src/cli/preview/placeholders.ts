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

function armId(type: string, name: string, inputs: Record<string, unknown>): string {
  const [, mod = "x", kind = "Resource"] = type.split(":");
  const rg = typeof inputs.resourceGroupName === "string" ? inputs.resourceGroupName : "placeholder-rg";
  const provider = `Microsoft.${mod.charAt(0).toUpperCase()}${mod.slice(1)}`;
  if (type === "azure-native:resources:ResourceGroup") return `/subscriptions/${PLACEHOLDER_SUBSCRIPTION}/resourceGroups/${name}`;
  return `/subscriptions/${PLACEHOLDER_SUBSCRIPTION}/resourceGroups/${rg}/providers/${provider}/${kind}/${name}`;
}

/** Mock state for a new resource: its inputs plus placeholder outputs for well-known types. */
export function placeholderState(type: string, name: string, inputs: Record<string, unknown>): { id: string; state: Record<string, unknown> } {
  const physical = typeof inputs.name === "string" ? inputs.name : (typeof inputs.resourceGroupName === "string" && type.endsWith(":ResourceGroup") ? inputs.resourceGroupName : name);
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
    case "azure-native:web:WebApp":
      state.defaultHostName = `${physical}.azurewebsites.net`;
      break;
    case "azure-native:app:ContainerApp":
      state.latestRevisionFqdn = `${physical}.placeholder.azurecontainerapps.io`;
      break;
  }
  return { id, state };
}

/** Mock results for provider function calls the components and examples make. */
export function placeholderCall(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  if (token === "azure-native:authorization:getClientConfig") {
    return {
      clientId: placeholderGuid("deployer-client"),
      objectId: placeholderGuid("deployer-object"),
      subscriptionId: PLACEHOLDER_SUBSCRIPTION,
      tenantId: PLACEHOLDER_TENANT,
    };
  }
  return inputs;
}
