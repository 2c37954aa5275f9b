/**
 * The one shape both components share (EntraRedisCache, EntraManagedRedis). Data flows one way:
 *
 *   args ──check──▶ plan ──create──▶ target ──parts──▶ outputs
 *
 * 1. check (`<component>/check.ts`): every argument is checked once and resolved into a plan. Plain
 *    values are checked now and throw EntraRedisInputError; Output values register a check on the
 *    plan's InputGate. Nothing is created. A new argument adds its check here (or in its part's file).
 * 2. target (`<component>/create.ts`): the thing the parts attach to: a new cache, a new Managed
 *    Redis cluster with its database, or an existing cache looked up. It gives the resource id, name,
 *    host, port, cluster flag and the resource to depend on, plus how to write data access to it.
 * 3. parts (`parts/*.ts`, run in order by finish.ts): one feature a file, each with its own check
 *    (args slice → plan slice) and create (plan slice + target → resources). A part that isn't asked
 *    for creates nothing. A few parts have no resource of their own and shape the target instead:
 *    the managed identity (parts/identity.ts) and customer-managed keys (parts/encryption.ts) are
 *    checked into the plan like the others and sent with the cache or cluster by create.ts.
 * 4. outputs (outputs.ts): the same names on both components.
 *
 * Adding a feature: write `parts/<feature>.ts` with `check<Feature>` and `create<Feature>`, add its
 * slice to CommonPlan, call its check from both check.ts files, and list it in finish.ts.
 * Checks over the raw arguments as a whole (unknown keys: check-start.ts; Azure REST spec constraints) run first in
 * `check<Component>Args`, before the per-field checks. How data access is written to a target (typed
 * resources, or the generic `resources:Resource` for a preview API) is the target's AccessWriter, in
 * `<component>/create.ts`; the chain that orders the writes is parts/access.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CheckedAssignment } from "./parts/access.ts";
import type { DiagnosticSettingPlan } from "./parts/diagnostics.ts";
import type { IdentityPlan } from "./parts/identity.ts";
import type { CheckedCacheGeoReplication } from "./parts/geo-replication.ts";
import type { CheckedRoleAssignment } from "./parts/role-assignments.ts";
import type { CustomPolicyArgs } from "./custom-policies.ts";
import type { InputGate } from "./input-gate.ts";
import type { PrivateLinkService } from "./network.ts";
import type { ResolvedFirewallRule } from "./firewall-rules.ts";
import type { ChildNames } from "./spec-checks.ts";
import type { LockLevel, PatchScheduleEntryArgs, PrivateEndpointArgs } from "./types.ts";
import type { ErrorContext } from "./validate.ts";

/** What both components' checks produce, whatever the target. */
export interface CommonPlan {
  /** Component (Pulumi) name: children are named `${name}-...`. */
  name: string;
  /**
   * Pulumi names of the children azure-native names in Azure (cache or cluster, private endpoint,
   * DNS zone link): `${name}-redis` etc., or derived names when those would give invalid Azure names.
   */
  childNames: ChildNames;
  /** `EntraRedisCache "name"`: the start of every error message. */
  ctx: ErrorContext;
  /** Holds every child until the checks of Output values have passed. */
  gate: InputGate;
  /** Resource group for what the component creates (cache or cluster, private endpoint, DNS zone). */
  resourceGroupName: pulumi.Input<string>;
  /** Region for what the component creates; the target's own region when not given. */
  location?: pulumi.Input<string>;
  /** Tags for what the component creates. */
  tags?: { [key: string]: pulumi.Input<string> };
  /** Custom data access policies, written before the assignments (Azure Cache for Redis). */
  customPolicies: CustomPolicyArgs[];
  /** Checked assignments, their policies resolved. */
  assignments: CheckedAssignment[];
  /** Checked IPv4 firewall rules (Azure Cache for Redis; always empty on Managed Redis). */
  firewallRules: ResolvedFirewallRule[];
  /** Checked private endpoint, if asked for. */
  privateEndpoint?: PrivateEndpointArgs;
  /** The service's private-link sub-resource and DNS zone. */
  privateLink: PrivateLinkService;
  /** Diagnostic settings to create, one per scope that gets a category. */
  diagnostics: DiagnosticSettingPlan[];
  /** Control-plane role assignments on the cache or cluster. */
  roleAssignments: CheckedRoleAssignment[];
  /** Patch schedule windows of the cache (Azure Cache for Redis only; empty: no schedule resource). */
  patchSchedule: PatchScheduleEntryArgs[];
  /**
   * Passive geo-replication link to a geo-secondary (Azure Cache for Redis only; Managed Redis's
   * active geo-replication is a property of its database, in ManagedDatabasePlan).
   */
  geoReplicationLink?: CheckedCacheGeoReplication;
  /** Management lock on the cache or cluster, created after every other child. */
  lock?: LockLevel;
  /** Managed identity of the cache or cluster itself, sent with the target (no resource of its own). */
  identity?: IdentityPlan;
}

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

/** What every part gets: the component (parent of every child), the plan and the target. */
export interface PartScope<P extends CommonPlan = CommonPlan> {
  parent: pulumi.ComponentResource;
  plan: P;
  target: Target;
  /** Every child created so far (the target's and the earlier parts'), in registration order. */
  children: readonly pulumi.Resource[];
}
