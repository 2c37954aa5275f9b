/**
 * azure-redis-entra: Pulumi components for password-free (Microsoft Entra ID) Redis on Azure.
 * The client runtime lives in `azure-redis-entra/client` and never loads this entry point.
 */
export { REDIS_TOKEN_SCOPE } from "./version.ts";
export { EntraRedisInputError } from "./infra/errors.ts";
