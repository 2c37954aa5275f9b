/**
 * azure-native's Diff, as a model (pulumi/pulumi-azure-native `provider/pkg/provider/diff.go`
 * calculateDetailedDiff and `provider.go` Diff):
 * - a change of any parameter of the resource's ARM path (resource group, parent names, its own name)
 *   forces a replacement, and so does a body property marked ForceNew (azure-native's hand-kept
 *   `forceNewMap`, `provider/pkg/gen/replacement.go`, or `x-ms-mutability` without "update" in
 *   Azure's REST spec);
 * - a replacement is delete-before-create unless the resource was auto-named with a random suffix
 *   (`__createBeforeDelete`): two resources with one explicit name can't exist side by side.
 * Every rule is cited in docs/azure-facts.md, "How a deployed stack changes".
 *
 * Simplified: inputs are compared as plain JSON (azure-native compares Pulumi property values, and
 * treats `location` case- and space-insensitively, as here); an unknown value (a preview) counts as a
 * change, as the engine shows it.
 */
import { hasUnknown, SECRET_KEY, SECRET_SIG, type ProviderDiff } from "./model.ts";

const SECRET_MARK = "[secret]";
const isSecret = (v: unknown): boolean =>
  v === SECRET_MARK ||
  (v !== null && typeof v === "object" && (v as Record<string, unknown>)[SECRET_KEY] === SECRET_SIG);

/** Inputs forming the ARM path of each type the components register (SDK names). */
export const PATH_INPUTS: Readonly<Record<string, readonly string[]>> = {
  "azure-native:redis:Redis": ["resourceGroupName", "name"],
  "azure-native:redis:AccessPolicy": ["resourceGroupName", "cacheName", "accessPolicyName"],
  "azure-native:redis:AccessPolicyAssignment": [
    "resourceGroupName",
    "cacheName",
    "accessPolicyAssignmentName",
  ],
  "azure-native:redis:FirewallRule": ["resourceGroupName", "cacheName", "ruleName"],
  "azure-native:redis:PatchSchedule": ["resourceGroupName", "name", "default"],
  "azure-native:redis:LinkedServer": ["resourceGroupName", "name", "linkedServerName"],
  "azure-native:redisenterprise:RedisEnterprise": ["resourceGroupName", "clusterName"],
  "azure-native:redisenterprise:Database": ["resourceGroupName", "clusterName", "databaseName"],
  "azure-native:redisenterprise:AccessPolicyAssignment": [
    "resourceGroupName",
    "clusterName",
    "databaseName",
    "accessPolicyAssignmentName",
  ],
  "azure-native:resources:Resource": [
    "resourceGroupName",
    "resourceProviderNamespace",
    "parentResourcePath",
    "resourceType",
    "resourceName",
  ],
  "azure-native:network:PrivateEndpoint": ["resourceGroupName", "privateEndpointName"],
  "azure-native:network:PrivateDnsZoneGroup": [
    "resourceGroupName",
    "privateEndpointName",
    "privateDnsZoneGroupName",
  ],
  "azure-native:privatedns:PrivateZone": ["resourceGroupName", "privateZoneName"],
  "azure-native:privatedns:VirtualNetworkLink": [
    "resourceGroupName",
    "privateZoneName",
    "virtualNetworkLinkName",
  ],
  "azure-native:authorization:RoleAssignment": ["scope", "roleAssignmentName"],
  "azure-native:authorization:ManagementLockByScope": ["scope", "lockName"],
  "azure-native:monitor:DiagnosticSetting": ["resourceUri", "name"],
};

/** Body properties that force a replacement (ForceNew), by type. */
export const FORCE_NEW_INPUTS: Readonly<Record<string, readonly string[]>> = {
  // azure-native forceNewMap: Authorization RoleAssignment principalId, scope; Network PrivateEndpoint subnet.
  "azure-native:authorization:RoleAssignment": ["principalId"],
  "azure-native:network:PrivateEndpoint": ["subnet"],
  // forceNewMap: Resources ResourceGroup location.
  "azure-native:resources:ResourceGroup": ["location"],
  // Azure: a database's clustering policy and port are set at creation only (docs/azure-facts.md).
  "azure-native:redisenterprise:Database": ["clusteringPolicy", "port"],
  // Azure: VNet injection (subnet, static IP) only at creation.
  "azure-native:redis:Redis": ["subnetId", "staticIP"],
};

/** The input keys that, when changed, make azure-native replace a resource of `type`. */
export function replaceKeysOf(type: string): readonly string[] {
  return [...(PATH_INPUTS[type] ?? []), ...(FORCE_NEW_INPUTS[type] ?? [])];
}

/** Whether azure-native names resources of `type` itself when the name input is left out. */
const AUTONAME_INPUT: Readonly<Record<string, string>> = {
  "azure-native:redis:Redis": "name",
  "azure-native:redisenterprise:RedisEnterprise": "clusterName",
  "azure-native:network:PrivateEndpoint": "privateEndpointName",
};

/**
 * A value as compared: a secret (Pulumi's `{ sig, ciphertext }` form in a stack export, "[secret]" in
 * a preview) compares equal to any other secret, since its value can't be read here.
 */
function normalise(key: string, v: unknown): unknown {
  if (isSecret(v)) return SECRET_MARK;
  if (Array.isArray(v)) return v.map((x) => normalise("", x));
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(k, x)]));
  }
  const plain = v;
  if (key === "location" && typeof plain === "string") return plain.replaceAll(" ", "").toLowerCase();
  return plain;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** azure-native's Diff of old and new inputs of a resource of `type`. */
export function azureNativeDiff(
  type: string,
  olds: Record<string, unknown>,
  newInputs: Record<string, unknown>,
  programInputs: Record<string, unknown> = newInputs,
): ProviderDiff {
  // azure-native's Check fills what the program leaves out from the old inputs: the generated name,
  // the location, and (v3) `azureApiVersion` (provider.go applyDefaults, getDefaultName).
  const autoInput = AUTONAME_INPUT[type];
  const news = { ...newInputs };
  // Auto-named resources: azure-native keeps the name it generated (the old input of the resource's
  // own name, `name`/`resourceName`/`<kind>Name`, when the program leaves it out).
  const ownName = (PATH_INPUTS[type] ?? []).at(-1);
  const generated = Object.keys(olds).filter(
    (k) =>
      k === autoInput ||
      k === ownName ||
      (PATH_INPUTS[type] === undefined && /^(name|[a-z][A-Za-z]*Name)$/.test(k)),
  );
  for (const k of [...generated, "location", "azureApiVersion"]) {
    if (news[k] === undefined && olds[k] !== undefined) news[k] = olds[k];
  }
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  const replaceable = new Set(replaceKeysOf(type));
  const changed: string[] = [];
  const replaceKeys: string[] = [];
  for (const k of [...keys].sort()) {
    const o = normalise(k, olds[k]);
    const n = normalise(k, news[k]);
    if (o === undefined && n === undefined) continue;
    if (!hasUnknown(n) && equal(o, n)) continue;
    changed.push(k);
    if (replaceable.has(k)) replaceKeys.push(k);
  }
  // A random auto-name (the name input left out) is the one case azure-native creates before deleting.
  const nameInput = autoInput ?? ownName;
  // Check saw the program's inputs: a name it generated, not one ignoreChanges took from the old ones.
  const autoNamed = nameInput !== undefined && programInputs[nameInput] === undefined;
  return { changed, replaceKeys, deleteBeforeReplace: replaceKeys.length > 0 && !autoNamed };
}
