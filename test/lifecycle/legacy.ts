/**
 * The state an earlier release (0.1.0) of this package left, from a program's registrations today:
 * assignments keyed and named by alias. Managed Redis: every assignment the typed
 * `redisenterprise:AccessPolicyAssignment` when all are "default", otherwise the generic resource.
 */
import type { Registration } from "../../src/internal/engine-steps/model.ts";
import { parseUrn } from "../../src/internal/engine-steps/urn.ts";

const CACHE_ASSIGNMENT = "azure-native:redis:AccessPolicyAssignment";
const GENERIC = "azure-native:resources:Resource";
const TYPED = "azure-native:redisenterprise:AccessPolicyAssignment";

function rename(regs: Registration[], from: string, to: Registration): Registration[] {
  return regs.map((r) =>
    r.urn === from
      ? to
      : {
          ...r,
          dependencies: r.dependencies.map((u) => (u === from ? to.urn : u)),
        },
  );
}

/**
 * Today's registrations as 0.1.0 registered them. Managed Redis assignments don't carry their alias
 * in Azure: `aliases` maps object ids to them (children keyed by alias already need none).
 */
export function released010(aliases: Record<string, string> = {}): (regs: Registration[]) => Registration[] {
  return (regs) => asReleased010(regs, aliases);
}

/** Today's registrations as 0.1.0 registered them (see released010). */
export function asReleased010(regs: Registration[], aliases: Record<string, string> = {}): Registration[] {
  let out = regs;
  for (const r of regs) {
    const u = parseUrn(r.urn);
    const component = u.name.slice(0, u.name.lastIndexOf("-assignment-"));
    if (r.type === CACHE_ASSIGNMENT) {
      const alias = String(r.inputs.objectIdAlias);
      const name = `${component}-assignment-${alias}`;
      out = rename(out, r.urn, {
        ...r,
        name,
        urn: r.urn.replace(/::[^:]*$/, `::${name}`),
        inputs: { ...r.inputs, accessPolicyAssignmentName: alias },
        aliases: [],
        ignoreChanges: [],
      });
    }
  }
  const managed = regs.filter((r) => r.type === GENERIC && r.name.includes("-assignment-"));
  const allDefault = managed.every(
    (r) => (r.inputs.properties as Record<string, unknown>).accessString === undefined,
  );
  for (const r of managed) {
    const props = r.inputs.properties as Record<string, unknown>;
    const u = parseUrn(r.urn);
    const cut = u.name.lastIndexOf("-assignment-");
    const component = u.name.slice(0, cut);
    const key = u.name.slice(cut + "-assignment-".length);
    const alias = aliases[key] ?? key;
    const name = `${component}-assignment-${alias}`;
    const azureName = alias.replaceAll("-", "");
    const base = { ...r, name, aliases: [], ignoreChanges: [] };
    const parent = String(r.inputs.parentResourcePath ?? "").split("/");
    out = rename(
      out,
      r.urn,
      allDefault
        ? {
            ...base,
            type: TYPED,
            urn: r.urn.replace(/\$azure-native:resources:Resource::[^:]*$/, `$${TYPED}::${name}`),
            inputs: {
              resourceGroupName: r.inputs.resourceGroupName,
              clusterName: parent[1],
              databaseName: parent[3],
              accessPolicyAssignmentName: azureName,
              accessPolicyName: "default",
              user: props.user,
            },
          }
        : {
            ...base,
            urn: r.urn.replace(/::[^:]*$/, `::${name}`),
            inputs: {
              ...r.inputs,
              resourceName: azureName,
              properties: { ...props, objectIdAlias: undefined },
            },
          },
    );
  }
  return out;
}

/**
 * A 0.1.0 state whose typed Managed Redis assignments were rewritten by hand (README, "Changing a
 * deployed stack": `pulumi stack export`, edit, `pulumi stack import`) into the generic resource the
 * component registers now: each keeps its URN's name and its Azure name (`resourceName`), and takes
 * the generic type and the inputs `preview --json` shows for it. Nothing else changes.
 */
export function editedFrom010(
  aliases: Record<string, string> = {},
): (regs: Registration[]) => Registration[] {
  return (regs) => {
    let out = asReleased010(regs, aliases);
    for (const typed of out.filter((r) => r.type === TYPED)) {
      const oid = String((typed.inputs.user as Record<string, unknown>).objectId);
      const now = regs.find(
        (r) =>
          r.type === GENERIC &&
          ((r.inputs.properties as Record<string, unknown> | undefined)?.user as Record<string, unknown>)
            ?.objectId === oid,
      )!;
      out = rename(out, typed.urn, {
        ...typed,
        type: GENERIC,
        urn: typed.urn.replace(`$${TYPED}::`, `$${GENERIC}::`),
        inputs: { ...now.inputs, resourceName: typed.inputs.accessPolicyAssignmentName },
      });
    }
    return out;
  };
}
