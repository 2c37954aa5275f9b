/**
 * Reading azure-native Redis inputs (or a cache's state) as Azure reads them: the one place the
 * policy pack, the preview's summary and the components' existing-cache check learn whether a
 * setting is on. Azure's `redisConfiguration` values are strings, and Azure takes "true" in any case
 * ("True", "TRUE"); the settings outside it are booleans or enum strings. Each function reads only
 * its own property: under `pulumi preview` the policy pack's inputs stop a policy at the first
 * unknown value it touches. Imports nothing (the policy pack's entry and the CLI load it).
 */

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * A cache's (`azure-native:redis:Redis`) `redisConfiguration.aadEnabled` as given (or under Azure's
 * own key, `aad-enabled`), for messages.
 */
export function cacheAadEnabled(inputs: object): unknown {
  const config = record(record(inputs).redisConfiguration);
  return config.aadEnabled ?? config["aad-enabled"];
}

/** Microsoft Entra ID authentication on: the cache's `aadEnabled` is "true" in any case. */
export function cacheEntraEnabled(inputs: object): boolean {
  return String(cacheAadEnabled(inputs)).toLowerCase() === "true";
}

/** The cache's `disableAccessKeyAuthentication: true`: its access keys no longer sign in. */
export function cacheAccessKeysDisabled(inputs: object): boolean {
  return record(inputs).disableAccessKeyAuthentication === true;
}

/** The cache's `enableNonSslPort: true`: port 6379 open without TLS (Azure's default is off). */
export function cacheNonTlsPortEnabled(inputs: object): boolean {
  return record(inputs).enableNonSslPort === true;
}

/** An enum string as Azure reads it (ARM takes enum values in any case), or undefined when not a string. */
function enumValue(v: unknown): string | undefined {
  return typeof v === "string" ? v.toLowerCase() : undefined;
}

/**
 * A Managed Redis database's (`azure-native:redisenterprise:Database`) `accessKeysAuthentication:
 * "Disabled"` (in any case): its access keys no longer sign in.
 */
export function databaseAccessKeysDisabled(inputs: object): boolean {
  return enumValue(record(inputs).accessKeysAuthentication) === "disabled";
}

/**
 * A Managed Redis database that lets clients connect without TLS: `clientProtocol` given and not
 * "Encrypted" (in any case). Left out, Azure's default is "Encrypted".
 */
export function databasePlaintext(inputs: object): boolean {
  const protocol = record(inputs).clientProtocol;
  return protocol !== undefined && enumValue(protocol) !== "encrypted";
}
