/**
 * What a part (parts/*.ts, plan.ts) gets when it creates its resources: the component (parent of
 * every child), the plan (the part reads its own slice and the fields every plan has) and the target.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { InputGate } from "./input-gate.ts";
import type { ChildNames } from "./spec-checks.ts";
import type { Target } from "./target.ts";
import type { ErrorContext } from "./validate.ts";

/** The fields every plan has, whatever the component and target. */
export interface PlanBase {
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
}

/**
 * What every part gets: the component (parent of every child), the plan and the target. `S` is the
 * part's slice of the plan (e.g. `{ lock?: LockLevel }`): a part sees that and PlanBase.
 */
export interface PartScope<S = object> {
  parent: pulumi.ComponentResource;
  plan: PlanBase & S;
  target: Target;
  /** Every child created so far (the target's and the earlier parts'), in registration order. */
  children: readonly pulumi.Resource[];
}
