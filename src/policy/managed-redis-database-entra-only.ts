/** Azure Managed Redis databases: TLS-encrypted protocol and access keys off. */
import * as redisenterprise from "@pulumi/azure-native/redisenterprise/index.js";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { databaseAccessKeysDisabled, databasePlaintext } from "../internal/redis-inputs.ts";
import { violation } from "./messages.ts";
import { levelOf, RedisPolicyNames, type RedisPolicyOptions } from "./options.ts";

/**
 * `azure-native:redisenterprise:Database` must keep `clientProtocol` "Encrypted" (Azure's default
 * when unset) and set `accessKeysAuthentication: "Disabled"`.
 */
export function managedRedisDatabaseEntraOnlyPolicy(
  options: RedisPolicyOptions = {},
): ResourceValidationPolicy {
  const name = RedisPolicyNames.ManagedRedisDatabaseEntraOnly;
  return {
    name,
    description:
      "Azure Managed Redis databases accept Microsoft Entra ID tokens over TLS only: Encrypted protocol, access keys off.",
    enforcementLevel: levelOf(name, options),
    validateResource: validateResourceOfType(redisenterprise.Database, (db, args, report) => {
      if (databasePlaintext(db)) {
        report(
          violation(
            args,
            "clientProtocol",
            db.clientProtocol,
            "lets clients connect without TLS, where tokens and data would cross the network in clear text",
            'set clientProtocol: "Encrypted"',
          ),
        );
      }
      if (!databaseAccessKeysDisabled(db)) {
        report(
          violation(
            args,
            "accessKeysAuthentication",
            db.accessKeysAuthentication,
            db.accessKeysAuthentication === undefined
              ? "is not set, so the access keys may keep working next to Entra ID"
              : "keeps the access keys working: a leaked key is a password that never expires and names no identity",
            'set accessKeysAuthentication: "Disabled" once every client uses Entra ID (EntraManagedRedis does by default; turning keys off drops every connection)',
          ),
        );
      }
    }),
  };
}
