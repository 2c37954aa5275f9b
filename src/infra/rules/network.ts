/**
 * Azure's rules for network and transport: TLS, public network access, the non-TLS port, firewall
 * rule addresses, and the Managed Redis database's protocol and port.
 */
import * as cacheEnums from "@pulumi/azure-native/types/enums/redis/index.js";
import * as managedEnums from "@pulumi/azure-native/types/enums/redisenterprise/index.js";
import {
  CLUSTER,
  DATABASE,
  FIREWALL_RULE,
  REDIS,
  enumValues,
  matches,
  oneOf,
  type RuleSubject,
} from "./rule.ts";

/** An IPv4 address in dotted decimal (Azure Cache for Redis firewall rules are IPv4 only). */
export const IPV4_ADDRESS = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Network and transport. */
export const NETWORK_RULES: RuleSubject = {
  title: "Network and transport",
  constraints: [
    {
      id: "cache.minimumTlsVersion",
      args: "(sent: 1.2)",
      rule: `one of azure-native's redis TlsVersion: ${enumValues(cacheEnums.TlsVersion).join(", ")}`,
      spec: { file: "cache", pointer: "/definitions/TlsVersion/enum" },
      accepts: oneOf(enumValues(cacheEnums.TlsVersion)),
      sends: [{ type: REDIS, path: "minimumTlsVersion" }],
    },
    {
      id: "cache.publicNetworkAccess",
      args: "(sent, from privateEndpoint, firewallRules, allowPublicNetworkAccess)",
      rule: `one of azure-native's redis PublicNetworkAccess: ${enumValues(cacheEnums.PublicNetworkAccess).join(", ")}`,
      spec: { file: "cache", pointer: "/definitions/PublicNetworkAccess/enum" },
      accepts: oneOf(enumValues(cacheEnums.PublicNetworkAccess)),
      sends: [{ type: REDIS, path: "publicNetworkAccess" }],
    },
    {
      id: "cache.enableNonSslPort",
      args: "(sent: false)",
      rule: "false: Entra ID tokens are accepted over TLS only",
      spec: { file: "cache", pointer: "/definitions/RedisCommonProperties/properties/enableNonSslPort" },
      accepts: (v) => v === false,
      stricter: "the spec allows true; the component never opens the non-TLS port",
      sends: [{ type: REDIS, path: "enableNonSslPort" }],
    },
    {
      id: "cache.firewallRule.ip",
      args: "firewallRules[i].startIp, endIp, cidr",
      rule: "an IPv4 address in dotted decimal",
      spec: { file: "cache", pointer: "/definitions/RedisFirewallRuleProperties/properties/startIP" },
      accepts: matches(IPV4_ADDRESS),
      stricter: "the spec types startIP/endIP as strings; Azure Cache for Redis firewall rules are IPv4 only",
      sends: [
        { type: FIREWALL_RULE, path: "startIP" },
        { type: FIREWALL_RULE, path: "endIP" },
      ],
    },
    {
      id: "managed.minimumTlsVersion",
      args: "(sent: 1.2)",
      rule: `one of azure-native's TlsVersion: ${enumValues(managedEnums.TlsVersion).join(", ")} (1.0 and 1.1 obsolete)`,
      spec: { file: "managed", pointer: "/definitions/ClusterProperties/properties/minimumTlsVersion/enum" },
      accepts: oneOf(enumValues(managedEnums.TlsVersion)),
      sends: [{ type: CLUSTER, path: "minimumTlsVersion" }],
    },
    {
      id: "managed.publicNetworkAccess",
      args: "(sent, from privateEndpoint, allowPublicNetworkAccess; required)",
      rule: `one of azure-native's PublicNetworkAccess: ${enumValues(managedEnums.PublicNetworkAccess).join(", ")}`,
      spec: {
        file: "managed",
        pointer: "/definitions/ClusterCreateProperties/properties/publicNetworkAccess/enum",
      },
      accepts: oneOf(enumValues(managedEnums.PublicNetworkAccess)),
      sends: [{ type: CLUSTER, path: "publicNetworkAccess" }],
    },
    {
      id: "managed.clientProtocol",
      args: "(sent: Encrypted)",
      rule: `one of azure-native's Protocol: ${enumValues(managedEnums.Protocol).join(", ")}`,
      spec: { file: "managed", pointer: "/definitions/DatabaseProperties/properties/clientProtocol/enum" },
      accepts: (v) => v === managedEnums.Protocol.Encrypted,
      stricter: "Plaintext is never sent: Entra ID tokens are accepted over TLS only",
      sends: [{ type: DATABASE, path: "clientProtocol" }],
    },
    {
      id: "managed.port",
      args: "(sent: 10000)",
      rule: "an int32 TCP port, set at creation; Azure Managed Redis uses 10000",
      spec: { file: "managed", pointer: "/definitions/DatabaseProperties/properties/port" },
      accepts: (v) => v === 10000,
      sends: [{ type: DATABASE, path: "port" }],
    },
  ],
};
