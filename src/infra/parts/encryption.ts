/**
 * Part: customer-managed key (CMK) encryption of an Azure Managed Redis cluster (`encryption`). Like
 * the identity, it creates no resource of its own: the cluster carries it as azure-native's
 * `encryption.customerManagedKeyEncryption` (`keyEncryptionKeyUrl`, `keyEncryptionKeyIdentity` with
 * `identityType: "userAssignedIdentity"`). Azure Cache for Redis has no CMK (the argument is refused
 * there, arg-shapes.ts).
 *
 * Checked before anything is created, plain values now and Outputs when they resolve: the key URL is
 * a versioned Key Vault or Managed HSM key URL (Azure takes versioned URLs only), the identity is the
 * ARM id of a user-assigned identity (Azure doesn't take the system-assigned one for CMK) and is one
 * of `identity.userAssignedIdentityIds` (docs/azure-facts.md, "Customer-managed keys").
 */
import type * as pulumi from "@pulumi/pulumi";
import { constraint } from "../rules/index.ts";
import type { InputGate } from "../input-gate.ts";
import type { ManagedRedisEncryptionArgs } from "../types.ts";
import { fail, type ErrorContext } from "../validate.ts";
import { checkUserAssignedIdentityId, type IdentityPlan } from "./identity.ts";

/** The checked encryption of the cluster. */
export interface EncryptionPlan {
  keyUrl: pulumi.Input<string>;
  userAssignedIdentityId: pulumi.Input<string>;
}

const KEY_URL_EXAMPLE = "https://<vault>.vault.azure.net/keys/<name>/<version>";

/** A key URL without its version (what the fix suggests adding to). */
const VERSIONLESS = /^https:\/\/[a-z0-9-]+\.(vault|managedhsm)\.[a-z.]+\/keys\/[a-z0-9-]+\/?$/i;

function checkKeyUrl(ctx: ErrorContext, value: unknown): void {
  if (constraint("managed.encryption.keyEncryptionKeyUrl").accepts(value)) return;
  if (typeof value === "string" && VERSIONLESS.test(value))
    fail(
      ctx,
      "encryption.keyUrl",
      value,
      "has no key version: Azure Managed Redis takes a versioned key URL only",
      `append the key version (${KEY_URL_EXAMPLE}), e.g. keyUriWithVersion of an azure-native keyvault.Key`,
    );
  fail(
    ctx,
    "encryption.keyUrl",
    value,
    "is not a versioned Key Vault or Managed HSM key URL",
    `give ${KEY_URL_EXAMPLE} or https://<hsm>.managedhsm.azure.net/keys/<name>/<version> (the key identifier, not the vault URI or the key's resource id)`,
  );
}

/** Checks `encryption` against the checked `identity`. */
export function checkEncryption(
  ctx: ErrorContext,
  gate: InputGate,
  encryption: unknown,
  identity: IdentityPlan | undefined,
): EncryptionPlan | undefined {
  if (encryption === undefined) return undefined;
  if (typeof encryption !== "object" || encryption === null || Array.isArray(encryption))
    fail(
      ctx,
      "encryption",
      encryption,
      "is not an object",
      "give { keyUrl: key.keyUriWithVersion, userAssignedIdentityId: identity.id }",
    );
  const { keyUrl, userAssignedIdentityId } = encryption as Partial<ManagedRedisEncryptionArgs>;
  if (keyUrl === undefined || keyUrl === null)
    fail(ctx, "encryption.keyUrl", keyUrl, "is missing", `give the versioned key URL, ${KEY_URL_EXAMPLE}`);
  if (userAssignedIdentityId === undefined || userAssignedIdentityId === null)
    fail(
      ctx,
      "encryption.userAssignedIdentityId",
      userAssignedIdentityId,
      "is missing",
      "give the resource id of the user-assigned identity that reads the key (Azure Managed Redis doesn't use the system-assigned one for keys)",
    );
  const listed = identity?.userAssignedIdentityIds ?? [];
  if (listed.length === 0)
    fail(
      ctx,
      "encryption.userAssignedIdentityId",
      typeof userAssignedIdentityId === "string" ? userAssignedIdentityId : "(an Output)",
      "is not attached to the cluster: identity.userAssignedIdentityIds is empty",
      "add the same id to identity.userAssignedIdentityIds (Azure reads the key with an identity of the cluster)",
    );
  const url = gate.check(keyUrl, (v) => checkKeyUrl(ctx, v));
  const id = gate.check(userAssignedIdentityId, (v) =>
    checkUserAssignedIdentityId(ctx, "encryption.userAssignedIdentityId", v),
  );
  gate.checkAll([id, ...listed], ([wanted, ...ids]) => {
    const key = String(wanted).toLowerCase();
    if (!ids.some((x) => String(x).toLowerCase() === key))
      fail(
        ctx,
        "encryption.userAssignedIdentityId",
        wanted,
        `is not one of identity.userAssignedIdentityIds (${ids.length} listed)`,
        "add it to identity.userAssignedIdentityIds, or use one of those ids here",
      );
  });
  return { keyUrl: url, userAssignedIdentityId: id };
}

/** azure-native's `encryption` input of redisenterprise:RedisEnterprise. */
export function encryptionInput(plan: EncryptionPlan) {
  return {
    customerManagedKeyEncryption: {
      keyEncryptionKeyUrl: plan.keyUrl,
      keyEncryptionKeyIdentity: {
        identityType: "userAssignedIdentity",
        userAssignedIdentityResourceId: plan.userAssignedIdentityId,
      },
    },
  };
}
