/**
 * One call for the whole model: old state + new registrations → the engine's steps → Azure's
 * verdict. What the lifecycle tests, `preview --baseline` and the benchmark call.
 */
import { runAgainstAzure, type Hazard } from "./azure-model.ts";
import type { OldResource, Registration } from "./model.ts";
import { deriveSteps, type PlannedStep } from "./steps.ts";

export type { Hazard } from "./azure-model.ts";
export type { PlannedStep } from "./steps.ts";

/** Old resources and registrations may carry their per-input dependencies. */
export type WithPropertyDeps<T> = T & { propertyDependencies?: Record<string, string[]> };

export interface UpdatePlan {
  steps: PlannedStep[];
  hazards: Hazard[];
}

/** Plans the update from `olds` to `news` and runs it against the Azure model. */
export function planUpdate(
  olds: readonly WithPropertyDeps<OldResource>[],
  news: readonly WithPropertyDeps<Registration>[],
): UpdatePlan {
  const plan = deriveSteps(olds, news);
  const { hazards } = runAgainstAzure(olds, news, plan);
  return { steps: plan.steps, hazards };
}

/** A registration as the old state records it (what `pulumi up` of that program would leave). */
export function asOldResource(
  r: WithPropertyDeps<Registration>,
  id = r.custom ? `id-of-${r.urn}` : "",
): WithPropertyDeps<OldResource> {
  return {
    urn: r.urn,
    type: r.type,
    id,
    custom: r.custom,
    inputs: r.inputs,
    ...(r.parent ? { parent: r.parent } : {}),
    dependencies: r.dependencies,
    ...(r.protect ? { protect: true } : {}),
    ...(r.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
    ...(r.propertyDependencies ? { propertyDependencies: r.propertyDependencies } : {}),
  };
}

/** One line per step that does something: `op  name (type)  [changed keys]`. */
export function describeSteps(steps: readonly PlannedStep[]): string[] {
  return steps
    .filter((s) => s.op !== "same")
    .map((s) => {
      const name = s.urn.split("::").pop();
      const keys = s.op === "replace" ? s.replaceKeys : s.changed;
      return `${s.op} ${name}${keys.length ? ` [${keys.join(", ")}]` : ""}${s.aliasOf ? ` (was ${s.aliasOf.split("::").pop()})` : ""}`;
    });
}
