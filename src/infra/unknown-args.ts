/**
 * Unknown arguments are refused, with the right name suggested. JavaScript, YAML, Python, Go and
 * .NET programs have no TypeScript compiler between them and the component: a misspelled optional
 * argument (`polciy: "Data Reader"`) would otherwise be dropped silently, and the default it falls
 * back to may grant more than was asked for. The check runs in the component, so it protects every
 * language the plugin serves.
 *
 * Shapes are declared once per args interface with `argShape<T>()`, whose parameter type lists every
 * key of T and nothing else: a field added to the interface and not to its shape (or the reverse)
 * fails the typecheck, so the allowed keys can't drift from the TypeScript types.
 */
import * as pulumi from "@pulumi/pulumi";
import { distance } from "fastest-levenshtein";
import { EntraRedisInputError, VALUE_NOT_SHOWN } from "./errors.ts";

/** What one argument holds: a plain value, a free-form map, or a nested shape (one, or a list of). */
export type ArgField = "value" | "map" | { readonly object: ArgShape } | { readonly list: ArgShape };

/** A key that is deliberately not an argument, with the explanation to give instead. */
export interface RefusedArg {
  problem: string;
  fix: string;
}

/** The keys of one args interface. */
export interface ArgShape {
  readonly fields: Readonly<Record<string, ArgField>>;
  /** Keys of the other component (or common mistakes) and the key to use here instead. */
  readonly seeAlso: Readonly<Record<string, string>>;
  /** Keys refused with their own explanation (e.g. firewallRules on Managed Redis). */
  readonly refused: Readonly<Record<string, RefusedArg>>;
}

/**
 * Declares the shape of `T`: `fields` must name every key of T (optional ones included) and no other.
 */
export function argShape<T>(
  fields: { readonly [K in keyof Required<T>]: ArgField },
  extra: { seeAlso?: Record<string, string>; refused?: Record<string, RefusedArg> } = {},
): ArgShape {
  return { fields, seeAlso: extra.seeAlso ?? {}, refused: extra.refused ?? {} };
}

/** An unknown key found in the arguments. */
export interface UnknownArgument {
  /** Dotted path of the key, e.g. `assignments[0].polciy`. */
  field: string;
  problem: string;
  fix: string;
}

/** Keys known at `path`, for the fix when nothing is close. */
function listKnown(keys: string[]): string {
  return keys.map((k) => JSON.stringify(k)).join(", ");
}

const normalise = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, "");

/**
 * The known key `key` was most likely meant to be: the same key in another case or with `_`/`-`
 * (a Python or YAML habit), else the nearest by edit distance within a third of its length (at
 * least 2 edits), else undefined.
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const n = normalise(key);
  const same = known.find((k) => normalise(k) === n);
  if (same !== undefined) return same;
  const limit = Math.max(2, Math.floor(key.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(n, normalise(k));
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** Whether a value can't be looked into yet (an Output or a Promise). */
function unresolved(value: unknown): boolean {
  return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** Checks a value that resolves later; given by the caller (the component's input gate). */
export type Defer = (value: unknown, recheck: (resolved: unknown) => void) => void;

/**
 * Finds the first unknown key in `value` (an object of `shape`) and below it. Keys whose value is
 * `undefined` are ignored (they set nothing). Nested values that are Outputs or Promises are handed
 * to `defer` with a check to run once they resolve; the check throws through `report`.
 */
export function findUnknownArgument(
  shape: ArgShape,
  value: unknown,
  component: string,
  path: string,
  defer: Defer,
  report: (found: UnknownArgument) => never,
): UnknownArgument | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value) || unresolved(value)) {
    return undefined;
  }
  const known = Object.keys(shape.fields);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    const field = path === "" ? key : `${path}.${key}`;
    const spec = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
    if (spec === undefined) {
      const refused = Object.hasOwn(shape.refused, key) ? shape.refused[key] : undefined;
      if (refused !== undefined) return { field, ...refused };
      const instead = Object.hasOwn(shape.seeAlso, key) ? shape.seeAlso[key] : suggestKey(key, known);
      return {
        field,
        problem: `is not an argument of ${component}`,
        fix:
          instead !== undefined
            ? `did you mean ${JSON.stringify(instead)}?`
            : `the arguments${path === "" ? "" : ` of ${path}`} are ${listKnown(known)}`,
      };
    }
    if (spec === "value" || spec === "map") continue;
    const check = (resolved: unknown): UnknownArgument | undefined =>
      "object" in spec
        ? findUnknownArgument(spec.object, resolved, component, field, defer, report)
        : findInList(spec.list, resolved, component, field, defer, report);
    if (unresolved(v)) {
      defer(v, (resolved) => {
        const found = check(resolved);
        if (found !== undefined) report(found);
      });
      continue;
    }
    const found = check(v);
    if (found !== undefined) return found;
  }
  return undefined;
}

function findInList(
  shape: ArgShape,
  list: unknown,
  component: string,
  path: string,
  defer: Defer,
  report: (found: UnknownArgument) => never,
): UnknownArgument | undefined {
  if (!Array.isArray(list)) return undefined;
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    const field = `${path}[${i}]`;
    if (unresolved(item)) {
      defer(item, (resolved) => {
        const found = findUnknownArgument(shape, resolved, component, field, defer, report);
        if (found !== undefined) report(found);
      });
      continue;
    }
    const found = findUnknownArgument(shape, item, component, field, defer, report);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Throws an EntraRedisInputError for the first unknown key in `args` (plain values now; values
 * inside Outputs through `defer`), e.g.
 *   EntraRedisCache "cache": assignments[0].polciy is not an argument of EntraRedisCache; did you mean "policy"?
 * The unknown key's value is never shown: it may be a secret.
 */
export function checkKnownArguments(
  ctx: string,
  component: string,
  shape: ArgShape,
  args: unknown,
  defer: Defer,
): void {
  const report = (found: UnknownArgument): never => {
    throw new EntraRedisInputError(ctx, found.field, VALUE_NOT_SHOWN, found.problem, found.fix);
  };
  const found = findUnknownArgument(shape, args, component, "", defer, report);
  if (found !== undefined) report(found);
}
