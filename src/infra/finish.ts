/**
 * The second half of both components: the parts, in order, on the target, then the outputs. The
 * order is the registration order (and so the order a reader of the preview sees); dependencies
 * between parts are explicit `dependsOn`, never this order alone.
 */
import type * as pulumi from "@pulumi/pulumi";
import { componentOutputs, type ComponentOutputs } from "./outputs.ts";
import { createAccess } from "./parts/access.ts";
import { createDiagnostics } from "./parts/diagnostics.ts";
import { createFirewallRules } from "./parts/firewall.ts";
import { createGeoReplication } from "./parts/geo-replication.ts";
import { createLock } from "./parts/lock.ts";
import { createMigration } from "./parts/migration.ts";
import { createPatchSchedule } from "./parts/patch-schedule.ts";
import { createPrivateEndpoint } from "./parts/private-endpoint.ts";
import { createRoleAssignments } from "./parts/role-assignments.ts";
import type { PartScope } from "./part.ts";
import type { CommonPlan } from "./plan.ts";
import type { Target } from "./target.ts";

/** A part: creates its resources (none when the plan doesn't ask for it) and returns them. */
export type Part = (scope: PartScope<CommonPlan>) => pulumi.Resource[];

/** Every part, in registration order. The lock is last: it depends on every other child. */
export const PARTS: readonly Part[] = [
  createFirewallRules,
  createAccess,
  createPrivateEndpoint,
  createDiagnostics,
  createRoleAssignments,
  createPatchSchedule,
  // A write to the cache like the access chain: after every child before it. The lock stays last.
  createGeoReplication,
  // Azure's migration (Managed Redis): after every identity has its access and the rest is configured.
  createMigration,
  createLock,
];

/** Runs every part on the target and returns the common outputs. */
export function finish(parent: pulumi.ComponentResource, plan: CommonPlan, target: Target): ComponentOutputs {
  const children: pulumi.Resource[] = [...target.resources];
  for (const part of PARTS) children.push(...part({ parent, plan, target, children: [...children] }));
  return componentOutputs(plan, target);
}
