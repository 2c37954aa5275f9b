/**
 * The contract of a part (parts/*.ts; the recipe is in plan.ts): what its check gets (PartCheckInput),
 * what its create gets (PartScope: the component, the plan's fields every plan has plus the part's own
 * slice, the target), and the part object itself (Part).
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

/** What a part's check gets: where errors point, the gate, the arguments and the component's facts. */
export interface PartCheckInput<F extends object = object> {
  /** `EntraRedisCache "name"`: the start of every error message. */
  ctx: ErrorContext;
  /** Holds every child until the checks of Output values have passed. */
  gate: InputGate;
  /**
   * The component's arguments as given (unknown keys already refused): the part reads and checks its
   * own. A key the component refuses is undefined here, so the part plans nothing for it.
   */
  args: { readonly [key: string]: unknown };
  /** What the component tells its parts (e.g. its private-link service): what the part needs. */
  facts: F;
}

/**
 * Settings a part adds to the target itself rather than resources of its own: today the cache's
 * `redisConfiguration` (EntraRedisCache creates the cache with them). Values are Azure's setting
 * names as azure-native spells them (`notifyKeyspaceEvents`).
 */
export interface PartSettings {
  redisConfiguration?: { [key: string]: pulumi.Input<string> };
}

/** Why a component refuses a part's argument, and what to do instead (shown as the error's fix). */
export interface PartRefusal {
  problem: string;
  fix: string;
}

/** The components, by the names their errors start with. */
export type ComponentKind = "EntraRedisCache" | "EntraManagedRedis";

/**
 * One feature of both components (plan.ts): its check (arguments → its slice of the plan) and its
 * create (slice + target → resources). `S` is the slice, `F` the facts its check needs from the
 * component. A part without `check` has its slice planned by the components' checks (its rules
 * differ per component); a part without `create` shapes the target instead of creating resources,
 * through `settings` or, for the few the components send themselves, create.ts.
 */
export interface Part<S extends object = object, F extends object = object> {
  /** The part's name (its file in parts/). */
  readonly name: string;
  check?(input: PartCheckInput<F>): S;
  create?(scope: PartScope<S>): pulumi.Resource[];
  /** What the part sets on the target (the cache's redisConfiguration) for its slice of the plan. */
  settings?(plan: PlanBase & S): PartSettings;
  /**
   * The part's arguments a component doesn't have, and why (argument → component → refusal): the
   * unknown-argument check then refuses the key by name with this explanation instead of "is not an
   * argument" (the argument sits in the other component's args.ts only).
   */
  readonly refusedOn?: {
    readonly [argument: string]: { readonly [K in ComponentKind]?: PartRefusal };
  };
}
