/** Azure Cache for Redis: Microsoft Entra ID on and access keys off. */
import * as redis from "@pulumi/azure-native/redis/index.js";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { cacheAadEnabled, cacheAccessKeysDisabled, cacheEntraEnabled } from "../internal/redis-inputs.ts";
import { violation } from "./messages.ts";
import { levelOf, RedisPolicyNames, type RedisPolicyOptions } from "./options.ts";

/** `azure-native:redis:Redis` must have `redisConfiguration.aadEnabled: "true"` and `disableAccessKeyAuthentication: true`. */
export function cacheEntraOnlyPolicy(options: RedisPolicyOptions = {}): ResourceValidationPolicy {
  const name = RedisPolicyNames.CacheEntraOnly;
  return {
    name,
    description:
      "Azure Cache for Redis accepts Microsoft Entra ID tokens only: Entra ID authentication on, access keys off.",
    enforcementLevel: levelOf(name, options),
    validateResource: validateResourceOfType(redis.Redis, (cache, args, report) => {
      if (!cacheEntraEnabled(cache)) {
        report(
          violation(
            args,
            "redisConfiguration.aadEnabled",
            cacheAadEnabled(cache),
            "leaves Microsoft Entra ID authentication off, so no identity can sign in with a token",
            'set redisConfiguration.aadEnabled: "true" (a string), or declare the cache with EntraRedisCache',
          ),
        );
      }
      if (!cacheAccessKeysDisabled(cache)) {
        report(
          violation(
            args,
            "disableAccessKeyAuthentication",
            cache.disableAccessKeyAuthentication,
            "keeps the access keys working: a leaked key is a password that never expires and names no identity",
            "set disableAccessKeyAuthentication: true once every client uses Entra ID (EntraRedisCache does by default)",
          ),
        );
      }
    }),
  };
}
