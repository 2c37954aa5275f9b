/**
 * The second half of both components: the parts (parts/index.ts), in order, on the target, then the
 * outputs.
 */
import type * as pulumi from "@pulumi/pulumi";
import { componentOutputs, type ComponentOutputs } from "./outputs.ts";
import { PARTS } from "./parts/index.ts";
import type { CommonPlan } from "./plan.ts";
import type { Target } from "./target.ts";

/** Runs every part's create on the target, in the order of parts/index.ts, and returns the common outputs. */
export function finish(parent: pulumi.ComponentResource, plan: CommonPlan, target: Target): ComponentOutputs {
  const children: pulumi.Resource[] = [...target.resources];
  for (const part of PARTS) {
    // A part that only sets the target's settings (partSettings) has no create.
    if ("create" in part) children.push(...part.create({ parent, plan, target, children: [...children] }));
  }
  return componentOutputs(plan, target);
}
