/**
 * The data of the engine model: the old state of a stack (what `pulumi stack export` holds), the new
 * registrations of a program run (what the mock recorder saw), and the steps Pulumi's engine derives
 * from the two. Plain data, no Pulumi SDK: the CLI (`preview --baseline`), the lifecycle tests and the
 * benchmark share it.
 */

/** Pulumi's marker of a value unknown during a preview (the SDK's `UNKNOWN` sentinel). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The signature key and value of a secret in Pulumi's serialised property values. */
export const SECRET_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** One resource of the old state (a `pulumi stack export` resource, reduced to what the engine reads). */
export interface OldResource {
  urn: string;
  type: string;
  /** Provider id; "" for components. */
  id: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  parent?: string;
  /** Every URN the resource depends on. */
  dependencies: string[];
  protect?: boolean;
  /** Whether the resource was last registered with `deleteBeforeReplace: true`. */
  deleteBeforeReplace?: boolean;
  /** `retainOnDelete`: a delete leaves the cloud resource in place. */
  retainOnDelete?: boolean;
}

/** An alias as the SDK sends it: a whole URN, or a spec the engine completes from the resource. */
export type AliasSpec =
  | { urn: string }
  | {
      name?: string;
      type?: string;
      parentUrn?: string;
      noParent?: boolean;
      project?: string;
      stack?: string;
    };

/** One registration of the new program run. */
export interface Registration {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  parent?: string;
  dependencies: string[];
  aliases: AliasSpec[];
  protect?: boolean;
  /** `deleteBeforeReplace` when the program set it (undefined: the provider decides). */
  deleteBeforeReplace?: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  /** `import` id ("" or undefined when none). */
  importId?: string;
}

/** What the engine does to one resource. */
export type StepOp =
  | "same"
  | "create"
  | "update"
  | "replace" // create-before-delete: the replacement is created here, the old one deleted at the end
  | "delete-replaced" // delete of the old resource of a replacement
  | "delete"
  | "import";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  /** The old URN the resource was found under, when an alias matched. */
  aliasOf?: string;
  /** Changed input keys (update, replace). */
  changed: string[];
  /** Keys forcing a replacement (replace). */
  replaceKeys: string[];
  /** For replacements: whether the old resource is deleted before the new one is created. */
  deleteBeforeReplace?: boolean;
  /** Old inputs (update, replace, delete) and new inputs (create, update, replace). */
  oldInputs?: Record<string, unknown>;
  newInputs?: Record<string, unknown>;
  /** For deletes: the old resource's dependencies (they order the delete phase). */
  dependencies?: string[];
  /** For deletes: `retainOnDelete` (the cloud resource stays). */
  retain?: boolean;
}

/** A diff of one resource by its provider. */
export interface ProviderDiff {
  changed: string[];
  replaceKeys: string[];
  /** The provider's answer to "delete the old one first?" (the program's option overrides it). */
  deleteBeforeReplace: boolean;
}

/** A provider's diff, by resource type (see azure-native-diff.ts). */
export type DiffFn = (
  type: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
) => ProviderDiff;

/** Whether a value holds Pulumi's unknown marker anywhere. */
export function hasUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(hasUnknown);
  return false;
}

/** A secret's plain value (Pulumi's `{ sig, value }` form), or the value itself. */
export function unwrapSecret(v: unknown): unknown {
  if (v !== null && typeof v === "object" && (v as Record<string, unknown>)[SECRET_KEY] === SECRET_SIG) {
    return (v as Record<string, unknown>).value ?? (v as Record<string, unknown>).ciphertext;
  }
  return v;
}
