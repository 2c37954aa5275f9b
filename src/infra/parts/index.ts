/**
 * Every part (plan.ts), in order: both components check the parts that have a check in this order,
 * and create every part's resources in it (the registration order a reader of the preview sees;
 * dependencies between parts are explicit `dependsOn`, never this order alone). The plan's slices
 * and the facts the components give their parts are derived from this list.
 */
import type { ArgShape } from "../unknown-args.ts";
import type { ComponentKind, Part, PartCheckInput, PartRefusal, PartSettings, PlanBase } from "../part.ts";
import { accessPart } from "./access.ts";
import { diagnosticsPart } from "./diagnostics.ts";
import { firewallPart } from "./firewall.ts";
import { geoReplicationPart } from "./geo-replication.ts";
import { keyspaceNotificationsPart } from "./keyspace-notifications.ts";
import { lockPart } from "./lock.ts";
import { migrationPart } from "./migration.ts";
import { patchSchedulePart } from "./patch-schedule.ts";
import { privateEndpointPart } from "./private-endpoint.ts";
import { roleAssignmentsPart } from "./role-assignments.ts";

export const PARTS = [
  firewallPart,
  accessPart,
  privateEndpointPart,
  diagnosticsPart,
  roleAssignmentsPart,
  patchSchedulePart,
  // A setting of the cache (redisConfiguration), sent with it: no resource of its own.
  keyspaceNotificationsPart,
  // A write to the cache like the access chain: after every child before it.
  geoReplicationPart,
  // Azure's migration (Managed Redis): after every identity has its access and the rest is configured.
  migrationPart,
  // Last: it depends on every other child.
  lockPart,
] as const;

type AnyPart = (typeof PARTS)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
type SliceOf<P> = P extends { create(scope: { plan: infer Plan }): unknown }
  ? Plan
  : P extends { settings(plan: infer Plan): unknown }
    ? Plan
    : never;
type CheckedSliceOf<P> = P extends { check(input: never): infer S } ? S : never;
type FactsOf<P> = P extends { check(input: PartCheckInput<infer F>): unknown } ? F : never;

/** Every part's slice of the plan. */
export type PartSlices = UnionToIntersection<SliceOf<AnyPart>>;
/** The slices the parts' own checks plan (the others come from the components' checks). */
export type CheckedSlices = UnionToIntersection<CheckedSliceOf<AnyPart>>;
/** What a component tells its parts' checks (its private-link service, diagnostic scopes, role service). */
export type PartFacts = UnionToIntersection<FactsOf<AnyPart>>;

/** Runs the check of every part that has one, in order, and returns their slices together. */
export function checkParts(input: PartCheckInput<PartFacts>): CheckedSlices {
  const slices: object[] = [];
  for (const part of PARTS as readonly Part<object, PartFacts>[]) {
    if (part.check !== undefined) slices.push(part.check(input));
  }
  return Object.assign({}, ...slices) as CheckedSlices;
}

/** Every part's settings for the target (partSettings of part.ts), merged; later parts win a clash. */
export function partSettings(plan: PlanBase & PartSlices): Required<PartSettings> {
  const redisConfiguration: NonNullable<PartSettings["redisConfiguration"]> = {};
  for (const part of PARTS as readonly Part<object, PartFacts>[]) {
    Object.assign(redisConfiguration, part.settings?.(plan).redisConfiguration);
  }
  return { redisConfiguration };
}

/** The component's top-level shape with every part's refusal for it (part.ts, `refusedOn`) added. */
export function withPartRefusals(kind: ComponentKind, shape: ArgShape): ArgShape {
  const refused: Record<string, PartRefusal> = Object.create(null) as Record<string, PartRefusal>;
  for (const part of PARTS as readonly Part<object, PartFacts>[]) {
    for (const [argument, byComponent] of Object.entries(part.refusedOn ?? {})) {
      const refusal = byComponent[kind];
      if (refusal !== undefined) refused[argument] = refusal;
    }
  }
  return { ...shape, refused: { ...refused, ...shape.refused } };
}
