/**
 * The quick start's stack as 0.1.0 left it had every identity been "default" (typed Managed Redis
 * assignments), and README's hand mapping of it ("Changing a deployed stack"): used by
 * test/cli/preview-baseline.test.ts (the mapped state plans no replacement) and by the upgrade-state
 * tests (the command's output is exactly the mapped state).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers.ts";
import { ACCESS_STRING_API_VERSION } from "../../../src/infra/managed-redis/access-api.ts";

export const FIXTURES = join(ROOT, "test/cli/fixtures/baseline");
export const TYPED = "azure-native:redisenterprise:AccessPolicyAssignment";
export const GENERIC = "azure-native:resources:Resource";

export interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  deletedWith?: string;
  aliases?: string[];
  [field: string]: unknown;
}

export interface ExportedState {
  version: number;
  deployment: { resources: ExportedResource[]; pending_operations?: unknown[]; [field: string]: unknown };
}

/** The 0.1.0 fixture with its assignments as the typed resource (URNs, inputs, references). */
export function typedState(): ExportedState {
  const state = JSON.parse(readFileSync(join(FIXTURES, "quickstart-0.1.0.json"), "utf8")) as ExportedState;
  const rename = (u: string) =>
    u.includes(`$${GENERIC}::redis-assignment-`) ? u.replace(`$${GENERIC}::`, `$${TYPED}::`) : u;
  for (const r of state.deployment.resources) {
    r.dependencies = (r.dependencies ?? []).map(rename);
    for (const deps of Object.values(r.propertyDependencies ?? {}))
      deps.splice(0, deps.length, ...deps.map(rename));
  }
  for (const r of state.deployment.resources) {
    if (r.type !== GENERIC) continue;
    const p = r.inputs.properties as { user: unknown };
    const path = String(r.inputs.parentResourcePath).split("/");
    r.urn = rename(r.urn);
    r.type = TYPED;
    r.inputs = {
      resourceGroupName: r.inputs.resourceGroupName,
      clusterName: path[1],
      databaseName: path[3],
      accessPolicyAssignmentName: r.inputs.resourceName,
      accessPolicyName: "default",
      user: p.user,
    };
  }
  return state;
}

/** README's mapping, by hand: each typed assignment → the generic resource, references renamed. */
export function handMapped(state: ExportedState): ExportedState {
  const generic = (u: string) => (u.includes(`$${TYPED}::`) ? u.replace(`$${TYPED}::`, `$${GENERIC}::`) : u);
  for (const r of state.deployment.resources) {
    r.dependencies = (r.dependencies ?? []).map(generic);
    for (const deps of Object.values(r.propertyDependencies ?? {}))
      deps.splice(0, deps.length, ...deps.map(generic));
  }
  for (const r of state.deployment.resources) {
    if (r.type !== TYPED) continue;
    const i = r.inputs;
    r.urn = generic(r.urn);
    r.type = GENERIC;
    r.inputs = {
      resourceGroupName: i.resourceGroupName,
      resourceProviderNamespace: "Microsoft.Cache",
      parentResourcePath: `redisEnterprise/${String(i.clusterName)}/databases/${String(i.databaseName)}`,
      resourceType: "accessPolicyAssignments",
      resourceName: i.accessPolicyAssignmentName,
      apiVersion: ACCESS_STRING_API_VERSION,
      properties: { accessPolicyName: "default", user: i.user },
    };
  }
  return state;
}
