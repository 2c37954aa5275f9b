/** Azure Managed Redis clusters: TLS 1.2 or later. */
import * as redisenterprise from "@pulumi/azure-native/redisenterprise/index.js";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { violation } from "./messages.ts";
import { levelOf, RedisPolicyNames, type RedisPolicyOptions } from "./options.ts";
import { tlsAtLeast12 } from "./tls.ts";

/**
 * `azure-native:redisenterprise:RedisEnterprise` `minimumTlsVersion` must be 1.2 or later when set
 * (unset is accepted: Azure Managed Redis no longer accepts TLS 1.0 or 1.1, per the API's own docs).
 */
export function managedRedisClusterTlsPolicy(options: RedisPolicyOptions = {}): ResourceValidationPolicy {
  const name = RedisPolicyNames.ManagedRedisClusterTls;
  return {
    name,
    description: "Azure Managed Redis clusters accept TLS 1.2 or later only.",
    enforcementLevel: levelOf(name, options),
    validateResource: validateResourceOfType(redisenterprise.RedisEnterprise, (cluster, args, report) => {
      if (cluster.minimumTlsVersion !== undefined && !tlsAtLeast12(cluster.minimumTlsVersion)) {
        report(
          violation(
            args,
            "minimumTlsVersion",
            cluster.minimumTlsVersion,
            "asks for a TLS version older than 1.2",
            'set minimumTlsVersion: "1.2"',
          ),
        );
      }
    }),
  };
}
