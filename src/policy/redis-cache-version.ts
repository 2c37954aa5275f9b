/** Azure Cache for Redis: Redis 6 or later (Redis 4 has no ACLs, so no Entra ID). */
import * as redis from "@pulumi/azure-native/redis/index.js";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { violation } from "./messages.ts";
import { levelOf, RedisPolicyNames, type RedisPolicyOptions } from "./options.ts";

/** True for "latest", unset (Azure's default is "latest") or a major version of 6 or more. */
export function redisVersionAtLeast6(version: unknown): boolean {
  if (version === undefined || version === null) return true;
  if (typeof version !== "string") return false;
  const v = version.trim().toLowerCase();
  if (v === "latest") return true;
  const m = /^(\d+)(\.\d+)?$/.exec(v);
  return m !== null && Number(m[1]) >= 6;
}

/** `azure-native:redis:Redis` must run Redis 6 or later. */
export function cacheVersionPolicy(options: RedisPolicyOptions = {}): ResourceValidationPolicy {
  const name = RedisPolicyNames.CacheVersion;
  return {
    name,
    description: "Azure Cache for Redis runs Redis 6 or later: Redis 4 has no ACLs and so no Entra ID.",
    enforcementLevel: levelOf(name, options),
    validateResource: validateResourceOfType(redis.Redis, (cache, args, report) => {
      if (!redisVersionAtLeast6(cache.redisVersion)) {
        report(
          violation(
            args,
            "redisVersion",
            cache.redisVersion,
            "is older than Redis 6, which has no ACLs, so Microsoft Entra ID can't be turned on",
            'set redisVersion: "6" (or "latest")',
          ),
        );
      }
    }),
  };
}
