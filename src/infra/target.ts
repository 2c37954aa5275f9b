/**
 * What the parts attach to (plan.ts): a new cache, a new Managed Redis cluster with its database, or
 * an existing cache looked up, each made by its component's `<component>/create.ts`, with the way data
 * access is written to it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CheckedAssignment } from "./parts/assignments.ts";
import type { CustomPolicyArgs } from "./parts/custom-policies.ts";

/**
 * Writes data access (custom policies, assignments) to one target. Each call creates one resource
 * with the given `dependsOn` (the serialised chain: Azure takes one such write per cache at a time).
 */
export interface AccessWriter {
  /** Creates a custom access policy; absent where the service has no policy resource. */
  policy?(policy: CustomPolicyArgs, dependsOn: pulumi.Input<pulumi.Resource>[]): pulumi.Resource;
  /** Creates the assignment of one identity. */
  assignment(assignment: CheckedAssignment, dependsOn: pulumi.Input<pulumi.Resource>[]): pulumi.Resource;
}

/** What the parts attach to: a new cache, a new cluster and database, or an existing cache. */
export interface Target {
  /** Azure resource id of the cache or cluster (the scope of private endpoint, lock, role assignments). */
  resourceId: pulumi.Output<string>;
  /** Azure name of the cache or cluster. */
  resourceName: pulumi.Output<string>;
  /** Resource group the cache or cluster is in (an existing cache's may differ from the plan's). */
  resourceGroupName: pulumi.Input<string>;
  /** Region of the cache or cluster. */
  location: pulumi.Input<string>;
  /** Host name the apps connect to. */
  hostName: pulumi.Output<string>;
  /** TLS port the apps connect to. */
  port: pulumi.Output<number>;
  /** Whether the endpoint is a Redis OSS cluster (the client must be cluster-aware). */
  cluster: pulumi.Input<boolean>;
  /** Principal id of the cache's or cluster's system-assigned identity; undefined without one. */
  identityPrincipalId: pulumi.Output<string | undefined>;
  /** The resource that must exist before anything is attached to it; undefined for a looked-up cache. */
  resource?: pulumi.Resource;
  /** The resource the data-access writes follow (the cache; the database on Managed Redis). */
  dataResource?: pulumi.Resource;
  /** How to write policies and assignments to this target. */
  access: AccessWriter;
  /**
   * Resources a part can be scoped to, by key: "cache"; or "cluster" and "database" (diagnostic
   * settings differ per resource type). `resource` is undefined for a looked-up cache.
   */
  scopes: { [key: string]: { id: pulumi.Output<string>; resource?: pulumi.Resource } };
  /** The resources the target itself created (none for a looked-up cache). */
  resources: pulumi.Resource[];
}
