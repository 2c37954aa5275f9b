/**
 * URNs and aliases as Pulumi's engine builds them (pulumi/pulumi `sdk/go/common/resource/urn.go`
 * CreateURN; `pkg/resource/deploy/step_generator.go` collapseAliasToUrn, inheritedChildAlias,
 * generateAliases).
 */
import type { AliasSpec } from "./model.ts";

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`; the qualified type chains the parents' types. */
export function createUrn(
  name: string,
  type: string,
  parentUrn: string | undefined,
  project: string,
  stack: string,
): string {
  const parentType = parentUrn ? qualifiedType(parentUrn) : "";
  const isStack = parentType === "pulumi:pulumi:Stack";
  const qualified = parentType && !isStack ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The parts of a URN. */
export function parseUrn(urn: string): {
  stack: string;
  project: string;
  qualifiedType: string;
  type: string;
  name: string;
} {
  const m = /^urn:pulumi:([^:]*)::([^:]*)::(.*?)::(.*)$/s.exec(urn);
  if (!m) throw new Error(`not a Pulumi URN: ${urn}`);
  const qualified = m[3];
  const type = qualified.split("$").pop()!;
  return { stack: m[1], project: m[2], qualifiedType: qualified, type, name: m[4] };
}

export function qualifiedType(urn: string): string {
  return parseUrn(urn).qualifiedType;
}

/**
 * Every URN a registration may have had before: its alias specs completed as the engine completes
 * them, plus the aliases it inherits from a parent that was itself found by an alias (`parentAliases`
 * maps a new URN to the old URN it matched).
 */
export function aliasUrns(
  name: string,
  type: string,
  parentUrn: string | undefined,
  aliases: readonly AliasSpec[],
  project: string,
  stack: string,
  parentAliases: ReadonlyMap<string, string>,
): string[] {
  const out: string[] = [];
  const add = (u: string) => {
    if (!out.includes(u)) out.push(u);
  };
  const collapse = (a: AliasSpec): string => {
    if ("urn" in a) return a.urn;
    let parent = a.parentUrn || parentUrn;
    if (a.parentUrn && parentAliases.has(a.parentUrn)) parent = parentAliases.get(a.parentUrn);
    if (a.noParent || (parent && qualifiedType(parent) === "pulumi:pulumi:Stack")) parent = undefined;
    return createUrn(a.name || name, a.type || type, parent, a.project || project, a.stack || stack);
  };
  for (const a of aliases) add(collapse(a));
  const parentOld = parentUrn ? parentAliases.get(parentUrn) : undefined;
  if (parentUrn && parentOld) {
    const inherit = (childType: string, childName: string) => {
      const parentName = parseUrn(parentUrn).name;
      const aliasName = childName.startsWith(parentName)
        ? parseUrn(parentOld).name + childName.slice(parentName.length)
        : childName;
      add(`urn:pulumi:${stack}::${project}::${qualifiedType(parentOld)}$${childType}::${aliasName}`);
    };
    inherit(type, name);
    for (const a of aliases) {
      const u = parseUrn(collapse(a));
      inherit(u.type, u.name);
    }
  }
  return out;
}
