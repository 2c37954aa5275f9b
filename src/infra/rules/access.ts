/**
 * Azure's rules for data access: access keys, custom access policies (names, permissions), and the
 * assignments of identities (names, which the components take from aliases; policies; object ids;
 * Managed Redis access strings).
 */
import * as managedEnums from "@pulumi/azure-native/types/enums/redisenterprise/index.js";
import {
  ACCESS_POLICY,
  CACHE_ASSIGNMENT,
  CACHE_RG,
  DATABASE,
  GENERIC_RESOURCE,
  MANAGED_ASSIGNMENT,
  REDIS,
  anyString,
  cachePath,
  enumValues,
  isString,
  matches,
  oneOf,
  type RuleSubject,
} from "./rule.ts";
import { checkAclPermissions } from "../acl-permissions.ts";
import { GUID } from "./ids.ts";
import {
  isAccessPolicyName,
  isAlias,
  ACCESS_POLICY_NAME_PATTERN,
  MANAGED_ASSIGNMENT_NAME_PATTERN,
} from "./names.ts";

/** Data access. */
export const ACCESS_RULES: RuleSubject = {
  title: "Data access",
  constraints: [
    {
      id: "cache.disableAccessKeyAuthentication",
      args: "accessKeyAuthentication (sent negated)",
      rule: "a boolean",
      spec: {
        file: "cache",
        pointer: "/definitions/RedisCommonProperties/properties/disableAccessKeyAuthentication",
      },
      accepts: (v) => typeof v === "boolean",
      sends: [{ type: REDIS, path: "disableAccessKeyAuthentication" }],
    },
    {
      id: "managed.accessKeysAuthentication",
      args: "accessKeyAuthentication (sent as Enabled/Disabled)",
      rule: `one of azure-native's AccessKeysAuthentication: ${enumValues(managedEnums.AccessKeysAuthentication).join(", ")}`,
      spec: {
        file: "managed",
        pointer: "/definitions/DatabaseProperties/properties/accessKeysAuthentication/enum",
      },
      accepts: oneOf(enumValues(managedEnums.AccessKeysAuthentication)),
      sends: [{ type: DATABASE, path: "accessKeysAuthentication" }],
    },
    {
      id: "cache.accessPolicy.name",
      args: "customPolicies[i].name",
      rule: "3-63 letters, digits, hyphens or spaces, starting and ending with a letter or digit",
      spec: {
        file: "cache",
        pointer: cachePath(`${CACHE_RG}/{cacheName}/accessPolicies/{accessPolicyName}`, 4, "pattern"),
      },
      accepts: isAccessPolicyName,
      sends: [{ type: ACCESS_POLICY, path: "accessPolicyName" }],
    },
    {
      id: "cache.accessPolicy.permissions",
      args: "customPolicies[i].permissions",
      rule: "a Redis ACL rule string",
      spec: {
        file: "cache",
        pointer: "/definitions/RedisCacheAccessPolicyProperties/properties/permissions",
      },
      accepts: anyString,
      stricter:
        "the spec types it as a string; the component parses it as Redis 6 ACL rules (acl-permissions.ts)",
      sends: [{ type: ACCESS_POLICY, path: "permissions" }],
    },
    {
      id: "cache.assignment.name",
      args: "assignments[i].alias",
      rule: "3-63 letters, digits or hyphens, starting and ending with a letter or digit",
      spec: {
        file: "cache",
        pointer: cachePath(
          `${CACHE_RG}/{cacheName}/accessPolicyAssignments/{accessPolicyAssignmentName}`,
          4,
          "pattern",
        ),
      },
      accepts: isAlias,
      sends: [
        { type: CACHE_ASSIGNMENT, path: "accessPolicyAssignmentName" },
        { type: CACHE_ASSIGNMENT, path: "objectIdAlias" },
      ],
    },
    {
      id: "cache.assignment.accessPolicyName",
      args: "assignments[i].policy",
      rule: "a policy name: letters, digits, hyphens or spaces, starting and ending with a letter or digit",
      spec: {
        file: "cache",
        pointer:
          "/definitions/RedisCacheAccessPolicyAssignmentProperties/properties/accessPolicyName/pattern",
      },
      accepts: matches(ACCESS_POLICY_NAME_PATTERN),
      stricter: "only the built-in policies and the component's customPolicies are accepted",
      sends: [{ type: CACHE_ASSIGNMENT, path: "accessPolicyName" }],
    },
    {
      id: "cache.assignment.objectId",
      args: "assignments[i].objectId",
      rule: "an Entra object id (a GUID)",
      spec: {
        file: "cache",
        pointer: "/definitions/RedisCacheAccessPolicyAssignmentProperties/properties/objectId",
      },
      accepts: matches(GUID),
      stricter:
        "the spec types it as a string; object ids are GUIDs, and a resource id or group path is a mistake",
      sends: [{ type: CACHE_ASSIGNMENT, path: "objectId" }],
    },
    {
      id: "managed.assignment.name",
      args: "assignments[i].objectId (hyphens dropped; the alias for assignments created by 0.1.0)",
      rule: "1-60 letters or digits",
      spec: { file: "managed", pointer: "/parameters/AccessPolicyAssignmentNameParameter/pattern" },
      accepts: matches(MANAGED_ASSIGNMENT_NAME_PATTERN),
      sends: [
        { type: MANAGED_ASSIGNMENT, path: "accessPolicyAssignmentName" },
        { type: GENERIC_RESOURCE, path: "resourceName" },
      ],
    },
    {
      id: "managed.assignment.accessPolicyName",
      args: 'assignments[i].policy (sent as "default")',
      rule: 'the policy name pattern; deprecated since 2026-05-01-preview (and in 2026-09-01), where it always reads "default"',
      spec: {
        file: "managed",
        pointer: "/definitions/AccessPolicyAssignmentProperties/properties/accessPolicyName",
      },
      accepts: (v) => v === "default",
      sends: [
        { type: MANAGED_ASSIGNMENT, path: "accessPolicyName" },
        { type: GENERIC_RESOURCE, path: "properties.accessPolicyName" },
      ],
    },
    {
      id: "managed.assignment.accessString",
      args: "assignments[i].policy (built-in, or customPolicies[j].permissions)",
      rule: "a Redis ACL permission string; Azure's default `+@all ~*`",
      spec: {
        file: "managedAccess",
        pointer: "/definitions/AccessPolicyAssignmentProperties/properties/accessString",
      },
      accepts: (v) => isString(v) && checkAclPermissions(v).ok,
      stricter:
        "the spec types it as a string and reports bad syntax only after deployment (`provisioningError` `InvalidAccessString`); the component checks it with the ACL checker first",
      sends: [{ type: GENERIC_RESOURCE, path: "properties.accessString" }],
    },
    {
      id: "managed.assignment.objectId",
      args: "assignments[i].objectId",
      rule: "an Entra object id (a GUID)",
      spec: {
        file: "managed",
        pointer: "/definitions/AccessPolicyAssignmentProperties/properties/user/properties/objectId",
      },
      accepts: matches(GUID),
      stricter: "the spec types it as a string; object ids are GUIDs",
      sends: [
        { type: MANAGED_ASSIGNMENT, path: "user.objectId" },
        { type: GENERIC_RESOURCE, path: "properties.user.objectId" },
      ],
    },
  ],
};
