/**
 * Part: data access. The chain that writes custom policies, then assignments, one at a time to the
 * target. The assignments are checked by parts/assignments.ts, the custom policies by
 * parts/custom-policies.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { InputGate } from "../input-gate.ts";
import type { Part, PartScope } from "../part.ts";
import type { CustomPolicyArgs } from "./custom-policies.ts";
import type { CheckedAssignment } from "./assignments.ts";

/**
 * Serialises writes to one cache: each resource created through `next` depends on the one before
 * (and on the gate). Azure processes one policy/assignment update per cache at a time and fails
 * concurrent ones ("busy processing a previous update request", Conflict; see docs/azure-facts.md, "Access policy assignments"),
 * so custom policies go first, then the assignments, one by one.
 */
export class SerialWrites {
  private readonly gate: InputGate;
  private last: pulumi.Resource | undefined;

  constructor(gate: InputGate, after?: pulumi.Resource) {
    this.gate = gate;
    this.last = after;
  }

  /** Creates the next resource; `dependsOn` waits for the previous one and the gate. */
  next<T extends pulumi.Resource>(create: (dependsOn: pulumi.Input<pulumi.Resource>[]) => T): T {
    const resource = create(this.gate.after(...(this.last ? [this.last] : [])));
    this.last = resource;
    return resource;
  }
}

/** Creates the custom policies, then the assignments, each waiting for the write before it. */
export function createAccess({
  plan,
  target,
}: PartScope<{ customPolicies: CustomPolicyArgs[]; assignments: CheckedAssignment[] }>): pulumi.Resource[] {
  const writes = new SerialWrites(plan.gate, target.dataResource);
  const out: pulumi.Resource[] = [];
  const writePolicy = target.access.policy?.bind(target.access);
  for (const policy of plan.customPolicies) {
    if (writePolicy === undefined) break;
    out.push(writes.next((dependsOn) => writePolicy(policy, dependsOn)));
  }
  for (const a of plan.assignments) {
    out.push(writes.next((dependsOn) => target.access.assignment(a, dependsOn)));
  }
  return out;
}

/**
 * The part: data access. Its slice (custom policies, assignments) is planned by each component's
 * check, whose policy rules differ (parts/assignments.ts, parts/custom-policies.ts).
 */
export const accessPart = {
  name: "access",
  create: createAccess,
} satisfies Part<{ customPolicies: CustomPolicyArgs[]; assignments: CheckedAssignment[] }>;
