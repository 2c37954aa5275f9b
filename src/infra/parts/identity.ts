/**
 * Part: the managed identity of the cache or cluster itself (`identity`). It creates no resource of
 * its own: the target sends it as azure-native's `identity` (`type` None / SystemAssigned /
 * UserAssigned / "SystemAssigned, UserAssigned", `userAssignedIdentities` the list of ids) on
 * `redis:Redis` or `redisenterprise:RedisEnterprise`, and the component exports the system-assigned
 * principal id as `identityPrincipalId`. The features that need an identity check for it here:
 * persistence with managed identity (Azure Cache for Redis) and customer-managed keys (Managed Redis,
 * parts/encryption.ts).
 *
 * User-assigned identity ids are ARM ids of Microsoft.ManagedIdentity/userAssignedIdentities, each
 * once (compared case-insensitively, as ARM does), checked when plain and when an Output resolves.
 */
import type * as pulumi from "@pulumi/pulumi";
import { USER_ASSIGNED_IDENTITY_ID } from "../rules/ids.ts";
import type { InputGate } from "../input-gate.ts";
import type { ManagedIdentityArgs } from "../types.ts";
import { fail, type ErrorContext } from "../validate.ts";

/** The checked identity of the cache or cluster. */
export interface IdentityPlan {
  systemAssigned: boolean;
  /** The user-assigned identity ids, in the order given (Outputs checked when they resolve). */
  userAssignedIdentityIds: pulumi.Input<string>[];
}

/** azure-native's `identity` input of redis:Redis and redisenterprise:RedisEnterprise. */
export interface IdentityInput {
  type: "SystemAssigned" | "UserAssigned" | "SystemAssigned, UserAssigned";
  userAssignedIdentities?: pulumi.Input<string>[];
}

const EXAMPLE_ID =
  "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>";

/** Fails unless `value` is the ARM id of a user-assigned identity. */
export function checkUserAssignedIdentityId(ctx: ErrorContext, field: string, value: unknown): void {
  if (typeof value !== "string" || !USER_ASSIGNED_IDENTITY_ID.test(value))
    fail(
      ctx,
      field,
      value,
      "is not the resource id of a user-assigned managed identity",
      `give ${EXAMPLE_ID}, e.g. identity.id of a managedidentity.UserAssignedIdentity (not its principalId or clientId)`,
    );
}

/** Checks `identity`. */
export function checkIdentity(
  ctx: ErrorContext,
  gate: InputGate,
  identity: unknown,
): IdentityPlan | undefined {
  if (identity === undefined) return undefined;
  if (typeof identity !== "object" || identity === null || Array.isArray(identity))
    fail(
      ctx,
      "identity",
      identity,
      "is not an object",
      "give { systemAssigned: true } and/or { userAssignedIdentityIds: [identity.id] }",
    );
  const { systemAssigned, userAssignedIdentityIds: list } = identity as ManagedIdentityArgs;
  if (systemAssigned !== undefined && typeof systemAssigned !== "boolean")
    fail(ctx, "identity.systemAssigned", systemAssigned, "is not a boolean", "use true or false");
  if (list !== undefined && !Array.isArray(list))
    fail(
      ctx,
      "identity.userAssignedIdentityIds",
      list,
      "is not a list",
      `give a list of resource ids, e.g. [identity.id] (${EXAMPLE_ID})`,
    );
  const ids = (list ?? []).map((id, i) => {
    const field = `identity.userAssignedIdentityIds[${i}]`;
    if (id === undefined || id === null) fail(ctx, field, id, "is missing", `give ${EXAMPLE_ID}`);
    return gate.check(id, (v) => checkUserAssignedIdentityId(ctx, field, v));
  });
  if (systemAssigned !== true && ids.length === 0)
    fail(
      ctx,
      "identity",
      identity,
      "turns on no identity",
      "set systemAssigned: true, or list userAssignedIdentityIds, or leave identity out",
    );
  gate.checkAll(ids, (resolved) => {
    const seen = new Map<string, number>();
    resolved.forEach((id, i) => {
      const key = String(id).toLowerCase();
      const first = seen.get(key);
      if (first !== undefined)
        fail(
          ctx,
          `identity.userAssignedIdentityIds[${i}]`,
          id,
          `is already listed as identity.userAssignedIdentityIds[${first}]`,
          "list each identity once (ARM ids are compared without case)",
        );
      seen.set(key, i);
    });
  });
  return { systemAssigned: systemAssigned === true, userAssignedIdentityIds: ids };
}

/** The `identity` input for the cache or cluster, or undefined when none is asked for. */
export function identityInput(plan: IdentityPlan | undefined): IdentityInput | undefined {
  if (plan === undefined) return undefined;
  const user = plan.userAssignedIdentityIds.length > 0;
  return {
    type: plan.systemAssigned ? (user ? "SystemAssigned, UserAssigned" : "SystemAssigned") : "UserAssigned",
    ...(user ? { userAssignedIdentities: plan.userAssignedIdentityIds } : {}),
  };
}

/** The system-assigned principal id, from the resource's `identity` output (undefined without one). */
export function principalIdOf(
  identity: pulumi.Output<{ principalId?: string } | undefined>,
): pulumi.Output<string | undefined> {
  return identity.apply((i) => i?.principalId);
}

/**
 * Azure Cache for Redis persistence (RDB or AOF) written with the cache's managed identity
 * (`redisConfiguration.preferredDataPersistenceAuthMethod: "ManagedIdentity"`) needs an identity on
 * the cache: the system-assigned one when it is on, else the first user-assigned one (Azure's rule,
 * docs/azure-facts.md). Checked when the value is plain and when an Output resolves.
 */
export function checkPersistenceIdentity(
  ctx: ErrorContext,
  gate: InputGate,
  redisConfiguration: { [key: string]: pulumi.Input<string> } | undefined,
  identity: IdentityPlan | undefined,
): void {
  const method = redisConfiguration?.preferredDataPersistenceAuthMethod;
  if (method === undefined || identity !== undefined) return;
  void gate.check(method, (v) => {
    if (v === "ManagedIdentity")
      fail(
        ctx,
        "redisConfiguration.preferredDataPersistenceAuthMethod",
        v,
        "writes persistence with the cache's managed identity, but the cache has none",
        'add identity: { systemAssigned: true } (or userAssignedIdentityIds) and give that identity "Storage Blob Data Contributor" on the storage account, or use "SAS"',
      );
  });
}
