/** Azure Cache for Redis: TLS 1.2 or later only, no plain-text port. */
import * as redis from "@pulumi/azure-native/redis/index.js";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { cacheNonTlsPortEnabled } from "../internal/redis-inputs.ts";
import { violation } from "./messages.ts";
import { levelOf, RedisPolicyNames, type RedisPolicyOptions } from "./options.ts";
import { tlsAtLeast12 } from "./tls.ts";

/** `azure-native:redis:Redis` must set `minimumTlsVersion` to 1.2 (or later) and keep `enableNonSslPort` off. */
export function cacheTlsOnlyPolicy(options: RedisPolicyOptions = {}): ResourceValidationPolicy {
  const name = RedisPolicyNames.CacheTlsOnly;
  return {
    name,
    description:
      "Azure Cache for Redis is reachable over TLS 1.2 or later only: Entra ID tokens are bearer credentials.",
    enforcementLevel: levelOf(name, options),
    validateResource: validateResourceOfType(redis.Redis, (cache, args, report) => {
      if (!tlsAtLeast12(cache.minimumTlsVersion)) {
        report(
          violation(
            args,
            "minimumTlsVersion",
            cache.minimumTlsVersion,
            cache.minimumTlsVersion === undefined
              ? "is not set, so the cache accepts whatever Azure's default allows"
              : "lets clients connect with a TLS version older than 1.2",
            'set minimumTlsVersion: "1.2"',
          ),
        );
      }
      // Azure's default is off (REST spec: enableNonSslPort defaults to false).
      if (cacheNonTlsPortEnabled(cache)) {
        report(
          violation(
            args,
            "enableNonSslPort",
            cache.enableNonSslPort,
            "opens port 6379 without TLS, where tokens and data would cross the network in clear text",
            "set enableNonSslPort: false (or leave it out) and connect on port 6380",
          ),
        );
      }
    }),
  };
}
