/**
 * Existing Azure Cache for Redis instances: the checks that must pass before EntraRedisCache manages
 * policies, assignments and network rules of a cache it didn't create (docs/existing-cache.md).
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  cacheAccessKeysDisabled,
  cacheEntraEnabled,
  cacheNonTlsPortEnabled,
} from "../../internal/redis-inputs.ts";
import { isRedis4 } from "../rules/sizing.ts";
import { fail, type ErrorContext } from "../validate.ts";

/** An existing cache to bring Entra assignments, policies and network rules to. */
export interface ExistingCacheArgs {
  /** Name of the existing Azure Cache for Redis. */
  name: string;
  /** Resource group of the existing cache (new resources such as a private endpoint go to `resourceGroupName`). */
  resourceGroupName: pulumi.Input<string>;
}

/** The fields of `redis.getRedis` the checks read. Nothing else (no keys) is ever read. */
export interface ExistingCacheState {
  name: string;
  redisConfiguration?: { aadEnabled?: string };
  redisVersion?: string;
  enableNonSslPort?: boolean;
  publicNetworkAccess?: string;
  disableAccessKeyAuthentication?: boolean;
  minimumTlsVersion?: string;
}

/**
 * Fails, with the exact fix, when the cache can't be used with Entra ID: Entra authentication off,
 * Redis 4, or the non-TLS port open (Entra tokens are only accepted over TLS, and an open non-TLS port
 * is a way around it). `resourceGroup` is shown in the az CLI commands.
 */
export function checkExistingCache(
  ctx: ErrorContext,
  state: ExistingCacheState,
  resourceGroup: string,
): void {
  const cli = `az redis update --name ${state.name} --resource-group ${resourceGroup}`;
  const field = "existingCache.name";
  const version = state.redisVersion ?? "";
  if (isRedis4(version)) {
    fail(
      ctx,
      field,
      state.name,
      `runs Redis ${version}, which has no ACLs and so no Entra ID authentication`,
      `upgrade it to Redis 6 first (\`${cli} --set redisVersion=6\`, or portal: Advanced settings > Redis version > 6; the upgrade can't be undone), then run pulumi up again`,
    );
  }
  if (cacheNonTlsPortEnabled(state)) {
    fail(
      ctx,
      field,
      state.name,
      "allows non-TLS connections on port 6379",
      `turn the non-TLS port off (\`${cli} --set enableNonSslPort=false\`, or portal: Advanced settings > Non-TLS port > Disabled) after moving clients to port 6380, then run pulumi up again`,
    );
  }
  if (!cacheEntraEnabled(state)) {
    fail(
      ctx,
      field,
      state.name,
      "has Microsoft Entra authentication turned off",
      `turn it on first (\`${cli} --set redisConfiguration.aad-enabled=true\`, or portal: Authentication > Microsoft Entra Authentication > Enable; the nodes restart and it can take up to 30 minutes), then run pulumi up again`,
    );
  }
}

/** Whether an existing cache still accepts access keys (worth a warning, not an error). */
export function existingCacheKeysEnabled(state: ExistingCacheState): boolean {
  return !cacheAccessKeysDisabled(state);
}
