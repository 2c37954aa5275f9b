/**
 * Part: a management lock on the cache or cluster. Created last, after every other child of the
 * component, so it never blocks the component's own first writes, and (Pulumi deletes in reverse
 * dependency order) deleted first on `pulumi destroy`. What ReadOnly breaks: README.md, "Lock".
 */
import * as authorization from "@pulumi/azure-native/authorization/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { Part, PartScope } from "../part.ts";
import { LockLevel } from "../types.ts";
import { checkOneOf, type ErrorContext } from "../validate.ts";

/** Checks `lock`. */
export function checkLock(ctx: ErrorContext, lock: unknown): LockLevel | undefined {
  if (lock === undefined) return undefined;
  checkOneOf(ctx, "lock", lock, Object.values(LockLevel), "a lock level");
  return lock as LockLevel;
}

/** Azure name of the lock. */
export const LOCK_NAME = "azure-redis-entra";

/** Creates the lock, depending on every child created before it (`children`). */
export function createLock({
  parent,
  plan,
  target,
  children,
}: PartScope<{ lock?: LockLevel }>): pulumi.Resource[] {
  if (plan.lock === undefined) return [];
  return [
    new authorization.ManagementLockByScope(
      `${plan.name}-lock`,
      {
        scope: target.resourceId,
        level: plan.lock,
        lockName: LOCK_NAME,
        notes: `Set by the azure-redis-entra component "${plan.name}"; remove its lock argument (and pulumi up) before changing the resource.`,
      },
      { parent, dependsOn: plan.gate.after(...children) },
    ),
  ];
}

/** The part: `lock`, the last child. */
export const lockPart = {
  name: "lock",
  check: ({ ctx, args }): { lock?: LockLevel } => {
    const lock = checkLock(ctx, args.lock);
    return lock === undefined ? {} : { lock };
  },
  create: createLock,
} satisfies Part<{ lock?: LockLevel }>;
