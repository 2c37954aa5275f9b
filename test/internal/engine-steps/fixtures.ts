/** Small hand-written stacks for the engine model's tests. */
import type { OldResource, Registration } from "../../../src/internal/engine-steps/model.ts";
import { createUrn } from "../../../src/internal/engine-steps/urn.ts";

export const COMPONENT = "azure-redis-entra:index:EntraRedisCache";
export const urn = (name: string, type: string, parent?: string) => createUrn(name, type, parent, "p", "s");
export const C = urn("c", COMPONENT);

/** A registration with defaults. */
export function reg(
  name: string,
  type: string,
  inputs: Record<string, unknown>,
  more: Partial<Registration> = {},
): Registration {
  return {
    urn: urn(name, type, more.parent ?? C),
    type,
    name,
    custom: type !== COMPONENT,
    inputs,
    parent: C,
    dependencies: [],
    aliases: [],
    ignoreChanges: [],
    replaceOnChanges: [],
    ...more,
  };
}

export function old(r: Registration, more: Partial<OldResource> = {}): OldResource {
  return {
    urn: r.urn,
    type: r.type,
    id: r.custom ? `id-${r.name}` : "",
    custom: r.custom,
    inputs: r.inputs,
    ...(r.parent ? { parent: r.parent } : {}),
    dependencies: r.dependencies,
    ...more,
  };
}

export const component = (): Registration => ({
  ...reg("c", COMPONENT, {}),
  urn: C,
  parent: undefined,
  custom: false,
});

export const cache = (inputs: Record<string, unknown> = {}): Registration =>
  reg("c-redis", "azure-native:redis:Redis", { resourceGroupName: "rg", name: "cache1", ...inputs });

export const assignment = (
  name: string,
  oid: string,
  azureName: string,
  more: Partial<Registration> = {},
): Registration =>
  reg(
    name,
    "azure-native:redis:AccessPolicyAssignment",
    {
      resourceGroupName: "rg",
      cacheName: "cache1",
      accessPolicyAssignmentName: azureName,
      accessPolicyName: "Data Reader",
      objectId: oid,
      objectIdAlias: azureName,
    },
    {
      dependencies: [cache().urn],
      propertyDependencies: { cacheName: [cache().urn] },
      ...more,
    } as Partial<Registration>,
  );
