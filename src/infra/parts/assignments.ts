/**
 * Data access, the check: the identities' assignments (aliases, policies, object ids), each policy
 * resolved to the name to write. The chain that writes them is parts/access.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { InputGate } from "../input-gate.ts";
import type { CustomPolicyArgs } from "./custom-policies.ts";
import { builtInPolicyNamed } from "../policies.ts";
import type { AssignmentArgs } from "../types.ts";
import {
  checkAliases,
  checkAssignmentList,
  checkDistinctObjectIds,
  checkObjectId,
  fail,
  type ErrorContext,
} from "../validate.ts";

/** An assignment after the checks: its policy resolved, its object id checked (now or when known). */
export interface CheckedAssignment {
  alias: string;
  objectId: pulumi.Input<string>;
  policy: string;
}

/**
 * Resolves `assignments[i].policy` to the policy name to write, or throws. `undefined` means the
 * service's default.
 */
export type PolicyResolver = (policy: string | undefined, field: string) => string;

/**
 * The policy resolver both components use: a built-in policy (any case, given back in Azure's
 * spelling), a custom policy by its exact name, the component's own extra names (Managed Redis's
 * "default"), or an error listing what the identity may be given. `undefined` gives `fallback`.
 */
export function policyResolver(
  ctx: ErrorContext,
  customPolicies: readonly CustomPolicyArgs[],
  fallback: string,
  extra: readonly string[] = [],
): PolicyResolver {
  const custom = new Set(customPolicies.map((p) => p.name));
  return (policy, field) => {
    if (policy === undefined) return fallback;
    if (typeof policy === "string") {
      if (extra.includes(policy)) return policy;
      const builtIn = builtInPolicyNamed(policy);
      if (builtIn !== undefined) return builtIn;
      if (custom.has(policy)) return policy;
    }
    const known = [...extra, "Data Owner", "Data Contributor", "Data Reader", ...custom].map((p) =>
      JSON.stringify(p),
    );
    return fail(
      ctx,
      field,
      policy,
      "is not a built-in or custom access policy",
      `use one of ${known.join(", ")}, or declare it in customPolicies`,
    );
  };
}

/**
 * Checks `assignments`: at least one, aliases valid and unique, policies known (by `resolvePolicy`),
 * object ids GUIDs and distinct. Object ids that are Outputs are checked through `gate`.
 */
export function checkAssignments(
  ctx: ErrorContext,
  gate: InputGate,
  assignments: unknown,
  resolvePolicy: PolicyResolver,
): CheckedAssignment[] {
  checkAssignmentList(ctx, assignments);
  assignments.forEach((a, i) => {
    if (typeof a !== "object" || a === null)
      fail(ctx, `assignments[${i}]`, a, "is not an object", "give { objectId, alias, policy? }");
  });
  const list = assignments as AssignmentArgs[];
  checkAliases(
    ctx,
    list.map((a) => a.alias),
  );
  const checked = list.map((a, i) => ({
    alias: a.alias,
    policy: resolvePolicy(a.policy, `assignments[${i}].policy`),
    objectId: gate.check(a.objectId, (v) => checkObjectId(ctx, `assignments[${i}].objectId`, v)),
  }));
  gate.checkAll(
    checked.map((a) => a.objectId),
    (ids) =>
      checkDistinctObjectIds(
        ctx,
        ids.map((value, i) => ({ field: `assignments[${i}].objectId`, value })),
      ),
  );
  return checked;
}
