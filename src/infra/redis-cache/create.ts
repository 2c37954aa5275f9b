/**
 * EntraRedisCache's target: the new cache, or the existing cache looked up and checked. Either way
 * the parts get the same Target (parts never ask which).
 */
import * as pulumi from "@pulumi/pulumi";
import * as redis from "@pulumi/azure-native/redis/index.js";
import { checkExistingCache, existingCacheKeysEnabled } from "./existing-cache.ts";
import { checkExistingCacheGeo } from "../parts/geo-replication.ts";
import { identityInput, principalIdOf } from "../parts/identity.ts";
import type { AccessWriter, Target } from "../target.ts";
import { withSecretConfiguration } from "../secret-inputs.ts";
import { fail } from "../validate.ts";
import { nameAssignment } from "../assignment-names.ts";
import type { CachePlan, ExistingCachePlan, NewCachePlan } from "./check.ts";
import { defined } from "../defined.ts";
import { partSettings } from "../parts/index.ts";
import { dataProtection } from "../protect-data.ts";

/** Creates (or looks up) the cache the plan describes. */
export function createCacheTarget(parent: pulumi.ComponentResource, plan: CachePlan): Target {
  return plan.cache.kind === "new"
    ? newCache(parent, plan, plan.cache)
    : existingCache(parent, plan, plan.cache);
}

function newCache(parent: pulumi.ComponentResource, plan: CachePlan, c: NewCachePlan): Target {
  const premium = c.sku === "Premium";
  const cache = new redis.Redis(
    plan.childNames.target.childName,
    {
      resourceGroupName: plan.resourceGroupName,
      ...defined({ location: plan.location, name: c.cacheName, tags: plan.tags }),
      sku: { name: c.sku, family: premium ? "P" : "C", capacity: c.capacity },
      redisVersion: c.redisVersion,
      ...defined({
        zones: c.zones,
        zonalAllocationPolicy: c.zonalAllocationPolicy,
        updateChannel: c.updateChannel,
        replicasPerPrimary: c.replicasPerPrimary,
        shardCount: c.shardCount,
      }),
      // The user's extra settings, then the parts' (keyspace notifications; a clash is refused by the
      // part's check), then Entra ID on, always (a string: the API's `aad-enabled`). Storage connection
      // strings registered as secrets, even when given as plain strings.
      redisConfiguration: {
        ...withSecretConfiguration(c.redisConfiguration ?? {}),
        ...partSettings(plan).redisConfiguration,
        aadEnabled: "true",
      },
      disableAccessKeyAuthentication: !c.accessKeyAuthentication,
      enableNonSslPort: false,
      minimumTlsVersion: "1.2",
      publicNetworkAccess: c.publicNetworkAccess,
      ...(plan.identity !== undefined ? { identity: identityInput(plan.identity) } : {}),
    },
    // The cache holds the data: Pulumi refuses to replace or delete it unless protectData is false.
    { parent, dependsOn: plan.gate.after(), ...dataProtection(plan.protectData) },
  );
  const resourceGroupName = plan.resourceGroupName;
  return {
    resourceId: cache.id,
    resourceName: cache.name,
    resourceGroupName,
    location: cache.location,
    hostName: cache.hostName,
    port: cache.sslPort,
    cluster: premium && (c.shardCount ?? 0) >= 1,
    identityPrincipalId: principalIdOf(cache.identity),
    resource: cache,
    dataResource: cache,
    access: cacheAccess(parent, plan, resourceGroupName, cache.name),
    scopes: { cache: { id: cache.id, resource: cache } },
    resources: [cache],
  };
}

function existingCache(parent: pulumi.ComponentResource, plan: CachePlan, c: ExistingCachePlan): Target {
  const { ctx, firewallRules } = plan;
  const state = redis.getRedisOutput({ name: c.name, resourceGroupName: c.resourceGroupName }, { parent });
  const checked = pulumi.all([state, c.resourceGroupName]).apply(([s, rg]) => {
    checkExistingCache(ctx, s, rg);
    if (plan.geoReplicationLink !== undefined) checkExistingCacheGeo(ctx, s);
    if (firewallRules.length > 0 && s.publicNetworkAccess === "Disabled") {
      fail(
        ctx,
        "firewallRules",
        `${firewallRules.length} rule(s)`,
        `have no effect: public network access is Disabled on cache "${s.name}"`,
        "remove them (private endpoint traffic isn't filtered by firewall rules), or enable public network access on the cache first",
      );
    }
    if (existingCacheKeysEnabled(s)) {
      void pulumi.log.warn(
        `${ctx}: cache "${s.name}" still accepts access keys; once every client uses Entra ID, turn them off: az redis update --name ${s.name} --resource-group ${rg} --set disableAccessKeyAuthentication=true`,
        parent,
      );
    }
    return s;
  });
  // The looked-up cache is checked before any child is registered, like an Output argument.
  plan.gate.add(checked);
  const resourceName = checked.apply((s) => s.name);
  const resourceId = checked.apply((s) => s.id);
  return {
    resourceId,
    resourceName,
    resourceGroupName: c.resourceGroupName,
    location: checked.apply((s) => s.location),
    hostName: checked.apply((s) => s.hostName),
    port: checked.apply((s) => s.sslPort),
    cluster: checked.apply((s) => (s.shardCount ?? 0) >= 1),
    // The existing cache's own system-assigned identity, if it has one (the component doesn't change it).
    identityPrincipalId: checked.apply((s) => s.identity?.principalId),
    access: cacheAccess(parent, plan, c.resourceGroupName, resourceName),
    scopes: { cache: { id: resourceId } },
    resources: [],
  };
}

/** Custom policies and assignments on an Azure Cache for Redis. */
function cacheAccess(
  parent: pulumi.ComponentResource,
  plan: CachePlan,
  resourceGroupName: pulumi.Input<string>,
  cacheName: pulumi.Input<string>,
): AccessWriter {
  return {
    policy: (policy, dependsOn) =>
      new redis.AccessPolicy(
        `${plan.name}-policy-${policy.name}`,
        { resourceGroupName, cacheName, accessPolicyName: policy.name, permissions: policy.permissions },
        { parent, dependsOn },
      ),
    assignment: (a, dependsOn) => {
      // Keyed by object id, so an alias rename is an in-place update (assignment-names.ts).
      const naming = nameAssignment(
        plan.name,
        a.alias,
        a.objectId,
        (key) => key,
        "accessPolicyAssignmentName",
      );
      return new redis.AccessPolicyAssignment(
        naming.childName,
        {
          resourceGroupName,
          cacheName,
          accessPolicyAssignmentName: naming.azureName,
          accessPolicyName: a.policy,
          objectId: a.objectId,
          objectIdAlias: a.alias,
        },
        { parent, dependsOn, ...naming.opts },
      );
    },
  };
}
