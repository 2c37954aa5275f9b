/**
 * The outputs both components export, under the same names: the Azure resource id and name, the
 * host and TLS port, the token scope, the assigned object ids, the per-alias connections and the
 * principal id of the resource's system-assigned identity. Each
 * component adds its own extras (e.g. EntraManagedRedis's `databaseId`) next to these.
 */
import * as pulumi from "@pulumi/pulumi";
import { REDIS_TOKEN_SCOPE } from "../internal/token-scope.ts";
import type { CheckedAssignment } from "./parts/assignments.ts";
import type { InputGate } from "./input-gate.ts";
import type { CommonPlan } from "./plan.ts";
import type { Target } from "./target.ts";
import type { RedisConnection } from "./types.ts";

/** The outputs common to EntraRedisCache and EntraManagedRedis. */
export interface ComponentOutputs {
  resourceId: pulumi.Output<string>;
  resourceName: pulumi.Output<string>;
  hostName: pulumi.Output<string>;
  port: pulumi.Output<number>;
  tokenScope: pulumi.Output<string>;
  objectIds: pulumi.Output<string[]>;
  connections: pulumi.Output<{ [alias: string]: RedisConnection }>;
  identityPrincipalId: pulumi.Output<string | undefined>;
}

/** The common outputs of a finished component. */
export function componentOutputs(plan: CommonPlan, target: Target): ComponentOutputs {
  return {
    resourceId: target.resourceId,
    resourceName: target.resourceName,
    hostName: target.hostName,
    port: target.port,
    tokenScope: pulumi.output(REDIS_TOKEN_SCOPE),
    objectIds: objectIdsOutput(plan.assignments, plan.gate),
    connections: connectionsOutput(plan.assignments, plan.gate, target.hostName, target.port, target.cluster),
    identityPrincipalId: target.identityPrincipalId,
  };
}

/** The `objectIds` output: every assigned object id, in assignment order. */
export function objectIdsOutput(assignments: CheckedAssignment[], gate: InputGate): pulumi.Output<string[]> {
  return pulumi.all([gate.ready(), pulumi.all(assignments.map((a) => a.objectId))]).apply(([, ids]) => ids);
}

/** The `connections` output: alias to what the application needs to connect. */
export function connectionsOutput(
  assignments: CheckedAssignment[],
  gate: InputGate,
  host: pulumi.Input<string>,
  port: pulumi.Input<number>,
  cluster: pulumi.Input<boolean>,
): pulumi.Output<{ [alias: string]: RedisConnection }> {
  return pulumi
    .all([gate.ready(), host, port, cluster, pulumi.all(assignments.map((a) => a.objectId))])
    .apply(([, h, p, c, ids]) => {
      const out: { [alias: string]: RedisConnection } = {};
      assignments.forEach((a, i) => {
        out[a.alias] = {
          host: h,
          port: p,
          username: ids[i],
          policy: a.policy,
          tokenScope: REDIS_TOKEN_SCOPE,
          cluster: c,
        };
      });
      return out;
    });
}
