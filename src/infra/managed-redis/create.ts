/**
 * EntraManagedRedis's target: the cluster and its database "default". The parts attach to the
 * cluster (private endpoint, and the control-plane features); data access is written to the database.
 */
import * as redisenterprise from "@pulumi/azure-native/redisenterprise/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import * as pulumi from "@pulumi/pulumi";
import { encryptionInput } from "../parts/encryption.ts";
import { identityInput, principalIdOf } from "../parts/identity.ts";
import type { AccessWriter, Target } from "../target.ts";
import { MANAGED_REDIS_POLICY } from "../policies.ts";
import {
  ACCESS_POLICY_ASSIGNMENT_TYPE,
  ACCESS_STRING_API_VERSION,
  LEGACY_ASSIGNMENT_TYPE,
} from "./access-api.ts";
import { nameAssignment } from "../assignment-names.ts";
import { managedAssignmentName, type ManagedPlan } from "./check.ts";
import { MANAGED_GEO_IGNORE_CHANGES, managedGeoReplicationInput } from "./geo-replication.ts";
import { defined } from "../defined.ts";
import { dataProtection } from "../protect-data.ts";

/** The Managed Redis target, with the database as its own extra (EntraManagedRedis's `databaseId`). */
export interface ManagedTarget extends Target {
  database: redisenterprise.Database;
}

/** Creates the cluster and database the plan describes. */
export function createManagedTarget(parent: pulumi.ComponentResource, plan: ManagedPlan): ManagedTarget {
  const { name, gate, cluster: c, database: d } = plan;
  const cluster = new redisenterprise.RedisEnterprise(
    plan.childNames.target.childName,
    {
      resourceGroupName: plan.resourceGroupName,
      ...defined({ location: plan.location, clusterName: c.clusterName, tags: plan.tags }),
      sku: { name: c.sku },
      minimumTlsVersion: "1.2",
      highAvailability: c.highAvailability ? "Enabled" : "Disabled",
      ...defined({ zones: c.zones }),
      publicNetworkAccess: c.publicNetworkAccess,
      ...(plan.identity !== undefined ? { identity: identityInput(plan.identity) } : {}),
      ...(c.encryption !== undefined ? { encryption: encryptionInput(c.encryption) } : {}),
    },
    // The cluster and the database hold the data: Pulumi refuses to replace or delete them unless
    // protectData is false.
    { parent, dependsOn: gate.after(), ...dataProtection(plan.protectData) },
  );
  const database = new redisenterprise.Database(
    `${name}-db`,
    {
      resourceGroupName: plan.resourceGroupName,
      clusterName: cluster.name,
      // Azure allows a single database, named "default".
      databaseName: "default",
      clientProtocol: "Encrypted",
      port: 10000,
      clusteringPolicy: d.clusteringPolicy,
      accessKeysAuthentication: d.accessKeyAuthentication ? "Enabled" : "Disabled",
      ...defined({
        evictionPolicy: d.evictionPolicy,
        deferUpgrade: d.deferUpgrade,
        persistence: d.persistence,
        modules: d.modules,
      }),
      ...(d.geoReplication !== undefined
        ? { geoReplication: managedGeoReplicationInput(plan.ctx, d.geoReplication, cluster.id) }
        : {}),
    },
    {
      parent,
      dependsOn: gate.after(cluster),
      ...dataProtection(plan.protectData),
      // Azure adds each member that joins later to every member's linkedDatabases; a refresh would
      // otherwise show that as a change of this create-only property (azurerm manages links apart
      // for the same reason). Membership changes go through Azure's force-link/unlink, not this PUT.
      ...(d.geoReplication !== undefined ? { ignoreChanges: MANAGED_GEO_IGNORE_CHANGES } : {}),
    },
  );
  return {
    resourceId: cluster.id,
    resourceName: cluster.name,
    resourceGroupName: plan.resourceGroupName,
    location: cluster.location,
    hostName: cluster.hostName,
    port: database.port.apply((p) => p ?? 10000),
    cluster: d.clusteringPolicy === "OSSCluster",
    identityPrincipalId: principalIdOf(cluster.identity),
    resource: cluster,
    dataResource: database,
    database,
    access: managedAccess(parent, plan, cluster, database),
    scopes: {
      cluster: { id: cluster.id, resource: cluster },
      database: { id: database.id, resource: database },
    },
    resources: [cluster, database],
  };
}

/**
 * Assignments on the database (Managed Redis has no custom policy resource): every one, whatever its
 * policy, the generic resource at the API of managed-redis/access-api.ts, so a policy change is an
 * in-place update and a change of API version too (issue 18: switching resource types by policy gave
 * every assignment a new URN for the same Azure id). Keyed and named as assignment-names.ts says, with
 * aliases to the names and the typed resource type earlier releases used.
 */
function managedAccess(
  parent: pulumi.ComponentResource,
  plan: ManagedPlan,
  cluster: redisenterprise.RedisEnterprise,
  database: redisenterprise.Database,
): AccessWriter {
  const accessStrings = plan.accessStrings;
  const index = new Map(plan.assignments.map((a, i) => [a.alias, i]));
  return {
    assignment: (a, dependsOn) => {
      const naming = nameAssignment(plan.name, a.alias, a.objectId, managedAssignmentName, "resourceName", [
        { type: LEGACY_ASSIGNMENT_TYPE },
      ]);
      const accessString = accessStrings?.[index.get(a.alias)!];
      return new resources.Resource(
        naming.childName,
        {
          resourceGroupName: plan.resourceGroupName,
          resourceProviderNamespace: ACCESS_POLICY_ASSIGNMENT_TYPE.resourceProviderNamespace,
          parentResourcePath: pulumi
            .all([cluster.name, database.name])
            .apply(([c, d]) => ACCESS_POLICY_ASSIGNMENT_TYPE.parentResourcePath(c, d)),
          resourceType: ACCESS_POLICY_ASSIGNMENT_TYPE.resourceType,
          resourceName: naming.azureName,
          apiVersion: ACCESS_STRING_API_VERSION,
          // As Azure's own request example (configure-access-permissions): accessPolicyName is
          // deprecated in this API but still sent as "default", accessString carries the permissions
          // (left out while every identity has "default": Azure's default is full access, and Flash
          // Optimized SKUs take no access string).
          properties: {
            accessPolicyName: MANAGED_REDIS_POLICY,
            ...defined({ accessString }),
            user: { objectId: a.objectId },
          },
        },
        { parent, dependsOn, ...naming.opts },
      );
    },
  };
}
