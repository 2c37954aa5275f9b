/** azure-redis-entra/testing: a local Azure-style Entra gateway in front of a real redis-server. */
export {};
