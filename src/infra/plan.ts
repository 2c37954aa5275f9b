/**
 * The one shape both components share (EntraRedisCache, EntraManagedRedis). Data flows one way:
 *
 *   args ──check──▶ plan ──create──▶ target ──parts──▶ outputs
 *
 * 1. check (`<component>/check.ts`): every argument is checked once and resolved into a plan. Plain
 *    values are checked now and throw EntraRedisInputError; Output values register a check on the
 *    plan's InputGate. Nothing is created. A new argument adds its check here (or in its part's file).
 * 2. target (`<component>/create.ts`, the Target of target.ts): the thing the parts attach to: a
 *    new cache, a new Managed Redis cluster with its database, or an existing cache looked up. It
 *    gives the resource id, name, host, port, cluster flag and the resource to depend on, plus how to
 *    write data access to it.
 * 3. parts (`parts/*.ts`, run in order by finish.ts): one feature a file, each with its own check
 *    (args slice → plan slice) and create (PartScope of part.ts: its plan slice + target →
 *    resources). A part that isn't asked for creates nothing. Files a part alone uses sit beside it
 *    in parts/ (firewall-rules.ts, custom-policies.ts, roles.ts). A few parts have no resource of their own and shape the target instead:
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
import type { CheckedAssignment } from "./parts/assignments.ts";
import type { DiagnosticSettingPlan } from "./parts/diagnostics.ts";
import type { IdentityPlan } from "./parts/identity.ts";
import type { CheckedCacheGeoReplication } from "./parts/geo-replication.ts";
import type { CheckedRoleAssignment } from "./parts/role-assignments.ts";
import type { CustomPolicyArgs } from "./parts/custom-policies.ts";
import type { PrivateLinkService } from "./network.ts";
import type { ResolvedFirewallRule } from "./parts/firewall-rules.ts";
import type { PlanBase } from "./part.ts";
import type { MigrationPlan } from "./parts/migration.ts";
import type { LockLevel, PatchScheduleEntryArgs, PrivateEndpointArgs } from "./types.ts";

/** What both components' checks produce, whatever the target. */
export interface CommonPlan extends PlanBase {
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
  /** Azure's migration of a cache into this instance (Azure Managed Redis only), after every other write. */
  migration?: MigrationPlan;
}
