/**
 * Part: control-plane role assignments (Azure RBAC) scoped to the cache or cluster. Each gets a
 * deterministic name, a UUID v5 of scope, principal and role, so a re-run (or a second stack declaring
 * the same assignment) finds the same assignment instead of adding a duplicate; its Pulumi name is keyed
 * by principal and role too (roleAssignmentResourceName). Checked like the data assignments: principal ids are GUIDs, and no principal gets the same role twice (plain or Output).
 */
import * as authorization from "@pulumi/azure-native/authorization/index.js";
import * as pulumi from "@pulumi/pulumi";
import { v5 as uuidv5 } from "uuid";
import type { InputGate } from "../input-gate.ts";
import type { Part, PartScope } from "../part.ts";
import { BUILT_IN_ROLES, builtInRoleNamed, type RoleService } from "./roles.ts";
import { GUID, ROLE_DEFINITION_ID } from "../rules/ids.ts";
import { PrincipalType, type RoleAssignmentArgs } from "../types.ts";
import { checkOneOf, fail, type ErrorContext } from "../validate.ts";
import { defined } from "../defined.ts";

/** A role assignment after the checks. */
export interface CheckedRoleAssignment {
  principalId: pulumi.Input<string>;
  /** The role definition's GUID (lower case). */
  roleGuid: string;
  /** A full role definition id given by the user, used as is; otherwise built from the scope's subscription. */
  roleDefinitionId?: string;
  principalType?: PrincipalType;
  description?: string;
  condition?: string;
}

/** Namespace of the assignment names (a UUID v5 of the package's own URL-like key). */
const NAMESPACE = uuidv5("https://github.com/azure-redis-entra/role-assignments", uuidv5.URL);

function resolveRole(
  ctx: ErrorContext,
  field: string,
  role: unknown,
  service: RoleService,
): { roleGuid: string; roleDefinitionId?: string } {
  if (typeof role === "string") {
    const builtIn = builtInRoleNamed(role);
    if (builtIn !== undefined) {
      if (!builtIn.services.includes(service)) {
        const other = service === "cache" ? "Azure Managed Redis" : "Azure Cache for Redis";
        const instead = service === "cache" ? "Redis Cache Contributor" : "Azure Managed Redis Contributor";
        fail(ctx, field, role, `is a role for ${other} resources`, `use "${instead}" (or "Contributor")`);
      }
      return { roleGuid: builtIn.id };
    }
    if (GUID.test(role)) return { roleGuid: role.toLowerCase() };
    const m = ROLE_DEFINITION_ID.exec(role);
    if (m !== null) return { roleGuid: m[1].toLowerCase(), roleDefinitionId: role };
  }
  const names = BUILT_IN_ROLES.filter((r) => r.services.includes(service)).map((r) => JSON.stringify(r.name));
  return fail(
    ctx,
    field,
    role,
    "is not a built-in role name or a role definition id",
    `use one of ${names.join(", ")}, or a role definition id (a GUID or /subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>)`,
  );
}

function checkPrincipalId(ctx: ErrorContext, field: string, value: unknown): void {
  if (typeof value !== "string" || !GUID.test(value))
    fail(
      ctx,
      field,
      value,
      "is not a principal (object) id (a GUID)",
      "give the object id of the user, group, service principal or managed identity, e.g. identity.principalId",
    );
}

/** Checks `roleAssignments` for a component on `service`. */
export function checkRoleAssignments(
  ctx: ErrorContext,
  gate: InputGate,
  list: unknown,
  service: RoleService,
): CheckedRoleAssignment[] {
  if (list === undefined) return [];
  if (!Array.isArray(list))
    fail(ctx, "roleAssignments", list, "is not a list", 'give [{ principalId: group.id, role: "Reader" }]');
  const checked = list.map((a: unknown, i): CheckedRoleAssignment => {
    const field = `roleAssignments[${i}]`;
    if (typeof a !== "object" || a === null)
      fail(ctx, field, a, "is not an object", "give { principalId, role, principalType? }");
    const { principalId, role, principalType, description, condition } = a as Partial<RoleAssignmentArgs>;
    if (description !== undefined && (typeof description !== "string" || description.trim() === ""))
      fail(
        ctx,
        `${field}.description`,
        description,
        "is not a non-empty string",
        "give a short text, or leave it out",
      );
    if (condition !== undefined && (typeof condition !== "string" || condition.trim() === ""))
      fail(
        ctx,
        `${field}.condition`,
        condition,
        "is not a non-empty string",
        "give an ABAC condition expression (sent with conditionVersion 2.0), or leave it out",
      );
    if (principalId === undefined)
      fail(ctx, `${field}.principalId`, undefined, "is missing", "give the principal's object id");
    const resolved = resolveRole(ctx, `${field}.role`, role, service);
    if (principalType !== undefined)
      checkOneOf(
        ctx,
        `${field}.principalType`,
        principalType,
        Object.values(PrincipalType),
        "a principal type",
      );
    return {
      principalId: gate.check(principalId, (v) => checkPrincipalId(ctx, `${field}.principalId`, v)),
      ...resolved,
      ...defined({ principalType, description, condition }),
    };
  });
  gate.checkAll(
    checked.map((a) => a.principalId),
    (ids) => {
      const seen = new Map<string, number>();
      ids.forEach((id, i) => {
        const key = `${String(id).toLowerCase()}|${checked[i].roleGuid}`;
        const first = seen.get(key);
        if (first !== undefined)
          fail(
            ctx,
            `roleAssignments[${i}].principalId`,
            id,
            `already has this role from roleAssignments[${first}]`,
            "give each principal each role once (Azure rejects the duplicate)",
          );
        seen.set(key, i);
      });
    },
  );
  return checked;
}

/** The deterministic Azure name of an assignment: UUID v5 of scope, principal and role. */
export function roleAssignmentName(scope: string, principalId: string, roleGuid: string): string {
  return uuidv5(`${scope}|${principalId}|${roleGuid}`.toLowerCase(), NAMESPACE);
}

/**
 * The Pulumi name of an assignment: `<component>-role-<key>`. With a plain principal id the key is
 * 12 hex digits of a UUID v5 of principal and role, so reordering, inserting or removing entries of
 * `roleAssignments` leaves every other assignment's URN alone (no replacement, and no replacement that
 * would collide with the Azure name another entry still holds). An Output principal id isn't known
 * at construction, so its entry is keyed by its position instead.
 */
export function roleAssignmentResourceName(
  component: string,
  index: number,
  principalId: pulumi.Input<string>,
  roleGuid: string,
): string {
  if (typeof principalId !== "string") return `${component}-role-${index}`;
  const key = uuidv5(`${principalId}|${roleGuid}`.toLowerCase(), NAMESPACE).replaceAll("-", "").slice(0, 12);
  return `${component}-role-${key}`;
}

/** Creates one `authorization:RoleAssignment` per checked entry, scoped to the target. */
export function createRoleAssignments({
  parent,
  plan,
  target,
}: PartScope<{ roleAssignments: CheckedRoleAssignment[] }>): pulumi.Resource[] {
  return plan.roleAssignments.map((a, i) => {
    const roleDefinitionId =
      a.roleDefinitionId ??
      target.resourceId.apply(
        (id) =>
          `/subscriptions/${id.split("/")[2]}/providers/Microsoft.Authorization/roleDefinitions/${a.roleGuid}`,
      );
    return new authorization.RoleAssignment(
      roleAssignmentResourceName(plan.name, i, a.principalId, a.roleGuid),
      {
        scope: target.resourceId,
        principalId: a.principalId,
        roleDefinitionId,
        roleAssignmentName: pulumi
          .all([target.resourceId, a.principalId])
          .apply(([scope, principal]) => roleAssignmentName(scope, principal, a.roleGuid)),
        ...defined({ principalType: a.principalType, description: a.description }),
        // Azure needs the version with a condition; 2.0 is the only one it accepts for new conditions.
        ...(a.condition !== undefined ? { condition: a.condition, conditionVersion: "2.0" } : {}),
      },
      { parent, dependsOn: plan.gate.after(...(target.resource ? [target.resource] : [])) },
    );
  });
}

/** The part: `roleAssignments`, control-plane roles on the cache or cluster. */
export const roleAssignmentsPart = {
  name: "role-assignments",
  check: ({ ctx, gate, args, facts }) => ({
    roleAssignments: checkRoleAssignments(ctx, gate, args.roleAssignments, facts.roleService),
  }),
  create: createRoleAssignments,
} satisfies Part<{ roleAssignments: CheckedRoleAssignment[] }, { roleService: RoleService }>;
