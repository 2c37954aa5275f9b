/**
 * Token scope for both Azure Cache for Redis and Azure Managed Redis
 * (docs/azure-facts.md, "Tokens and clients"). Shared by the components and the client.
 */
export const REDIS_TOKEN_SCOPE = "https://redis.azure.com/.default";
