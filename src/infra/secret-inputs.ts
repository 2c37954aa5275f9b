/**
 * Inputs registered as Pulumi secrets even when the user passed a plain string, so they are
 * encrypted in the state and never printed by `pulumi preview --json` or the CLI: the storage account
 * connection strings of a cache's persistence (`redisConfiguration.rdbStorageConnectionString`,
 * `aofStorageConnectionString0`/`1`), which carry the storage account's key.
 *
 * Neither the REST spec (no `x-ms-secret` on `RedisCommonPropertiesRedisConfiguration`, 2024-11-01)
 * nor azure-native 3.x (its redis and redisenterprise modules wrap no input in `pulumi.secret`)
 * marks them; the spec calls them "the storage account connection string", and a connection string
 * with `AccountKey=` is a password to the storage account (docs/security.md). Managed Redis has no
 * input of this kind: its persistence needs no storage account.
 */
import * as pulumi from "@pulumi/pulumi";

/** `redisConfiguration` keys (azure-native's names) whose values are secrets. */
export const SECRET_CACHE_CONFIGURATION_KEYS: ReadonlySet<string> = new Set([
  "rdbStorageConnectionString",
  "aofStorageConnectionString0",
  "aofStorageConnectionString1",
]);

/** A plain-object copy of `config` with every secret key's value wrapped in `pulumi.secret`. */
export function withSecretConfiguration(
  config: Readonly<Record<string, pulumi.Input<string>>>,
): Record<string, pulumi.Input<string>> {
  const out: Record<string, pulumi.Input<string>> = {};
  for (const [key, value] of Object.entries(config)) {
    out[key] = SECRET_CACHE_CONFIGURATION_KEYS.has(key) ? pulumi.secret(value) : value;
  }
  return out;
}
