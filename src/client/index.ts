/** azure-redis-entra/client: keeps Redis connections authenticated with Entra ID tokens. */
export { REDIS_TOKEN_SCOPE } from "../version.ts";
