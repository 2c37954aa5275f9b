import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization/index.js";

/**
 * Object id of the identity running the deployment (`az login` user, service principal or managed
 * identity), from azure-native's `authorization.getClientConfig`. Handy for smoke tests: assign it
 * `BuiltInPolicies.DataReader` and connect from the machine that deployed.
 *
 * @example
 *   assignments: [{ objectId: currentPrincipal(), alias: "deployer", policy: BuiltInPolicies.DataReader }]
 */
export function currentPrincipal(opts?: pulumi.InvokeOutputOptions): pulumi.Output<string> {
  return authorization.getClientConfigOutput(opts).apply((config) => config.objectId);
}
