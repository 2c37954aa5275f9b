/**
 * How assignments are named, in Pulumi and in Azure, so that editing an alias never touches Azure.
 *
 * Until 0.1.0 an assignment was the child `${component}-assignment-${alias}` named `alias` in Azure:
 * renaming an alias (a label to most users) registered a new URN, whose create came before the old
 * one's delete, and Azure refuses a second assignment for one object id ("duplicate entries"); the
 * delete at the end then left the identity without access.
 *
 * Now, while the object id is a plain value, the child is keyed by the object id
 * (`${component}-assignment-${objectId}`) with an alias to the old name, so upgrading finds the same
 * resource; its Azure name is set once, when it is created (the object id for new ones), and ignored
 * afterwards (`ignoreChanges`), so an existing assignment keeps the name it has. An object id given as
 * an Output isn't known when the child is registered: such an assignment keeps the alias-keyed child
 * name, with an alias to the object-id-keyed one (an alias's name may be an Output), so switching between
 * a plain value and an Output of the same identity keeps the resource; renaming its alias is a create
 * and a delete that Azure refuses (README, "Changing a deployed stack": give the object id as a plain
 * value first).
 */
import * as pulumi from "@pulumi/pulumi";

/** Pulumi name, Azure name and resource options of one assignment. */
export interface AssignmentNaming {
  childName: string;
  azureName: pulumi.Input<string>;
  /** Aliases to the names earlier releases gave the child, and the Azure name kept as created. */
  opts: pulumi.CustomResourceOptions;
}

/** The child name earlier releases used (alias-keyed). */
export function legacyAssignmentChildName(component: string, alias: string): string {
  return `${component}-assignment-${alias}`;
}

/**
 * Names one assignment. `azureName(key)` turns the key (object id or alias) into a name Azure accepts
 * for this service; `nameInput` is the input holding the Azure name; `aliases` adds more aliases
 * (e.g. an earlier resource type).
 */
export function nameAssignment(
  component: string,
  alias: string,
  objectId: pulumi.Input<string>,
  azureName: (key: string) => string,
  nameInput: string,
  extraAliases: pulumi.Alias[] = [],
): AssignmentNaming {
  const legacy = legacyAssignmentChildName(component, alias);
  if (typeof objectId !== "string") {
    // The child can't be keyed by a value not known yet; its alias can: the SDK waits for an alias
    // before registering. An object id that was a plain value before thus keeps its resource. In a
    // preview the value may be unknown (a new identity: no old resource to find), and an alias must
    // still resolve to something, so it falls back to the child's own name. `promise()` is the SDK's
    // own (untyped) way to read an Output's value, undefined when unknown.
    const oid = pulumi.output(objectId).apply((o) => o.toLowerCase());
    const read = (oid as unknown as { promise(): Promise<string | undefined> }).promise();
    const keyed = (type?: string): Promise<pulumi.Alias> =>
      read.then((o) => ({
        name: o === undefined ? legacy : `${component}-assignment-${o}`,
        ...(type ? { type } : {}),
      }));
    const types = extraAliases.map((a) => (typeof a.type === "string" ? a.type : undefined));
    return {
      childName: legacy,
      azureName: oid.apply(azureName),
      opts: {
        aliases: [keyed(), ...extraAliases, ...types.map((t) => keyed(t))],
        ignoreChanges: [nameInput],
      },
    };
  }
  const oid = objectId.toLowerCase();
  return {
    childName: `${component}-assignment-${oid}`,
    azureName: azureName(oid),
    opts: {
      aliases: [{ name: legacy }, ...extraAliases, ...extraAliases.map((a) => ({ ...a, name: legacy }))],
      ignoreChanges: [nameInput],
    },
  };
}
