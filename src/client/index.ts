/**
 * azure-redis-entra/client: keeps Redis connections authenticated with Microsoft Entra ID tokens.
 * Light entry point: ioredis, redis and @azure/identity are loaded only when a helper that needs
 * them is called. The union of the per-library entry points (both re-export core.ts, the same
 * bindings).
 */
export * from "./ioredis-entry.ts";
export * from "./node-redis-entry.ts";
