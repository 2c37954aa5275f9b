/**
 * The Azure built-in roles that matter on a cache or cluster, with their role definition ids, from
 * Microsoft's list of built-in roles (docs/azure-facts.md, "Control plane"):
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
 * (General, Monitor and Databases sections). None of them grants data access: that is the data
 * access policy assignments (`assignments`).
 */

/** Which component a role makes sense on. */
export type RoleService = "cache" | "managed";

/** One built-in role. */
export interface BuiltInRole {
  name: string;
  id: string;
  /** Services whose resources the role's actions cover. */
  services: readonly RoleService[];
}

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { name: "Owner", id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", services: ["cache", "managed"] },
  { name: "Contributor", id: "b24988ac-6180-42a0-ab88-20f7382dd24c", services: ["cache", "managed"] },
  { name: "Reader", id: "acdd72a7-3385-48ef-bd42-f606fba81ae7", services: ["cache", "managed"] },
  {
    name: "User Access Administrator",
    id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    services: ["cache", "managed"],
  },
  {
    name: "Role Based Access Control Administrator",
    id: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    services: ["cache", "managed"],
  },
  { name: "Monitoring Reader", id: "43d0d8ad-25c7-4714-9337-8ba259a9fe05", services: ["cache", "managed"] },
  {
    name: "Monitoring Contributor",
    id: "749f88d5-cbae-40b8-bcfc-e573ddc772fa",
    services: ["cache", "managed"],
  },
  { name: "Redis Cache Contributor", id: "e0f68234-74aa-48ed-b826-c38b57376e17", services: ["cache"] },
  {
    name: "Azure Managed Redis Contributor",
    id: "3015e5ed-6856-4ab3-b2f0-b8492aa30ca6",
    services: ["managed"],
  },
  { name: "Azure Managed Redis Reader", id: "f287ba2f-f923-4464-a5bd-721c3951d32d", services: ["managed"] },
];

/** The built-in role `name` means, ignoring case, or undefined. */
export function builtInRoleNamed(name: string): BuiltInRole | undefined {
  const key = name.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.name.toLowerCase() === key);
}
