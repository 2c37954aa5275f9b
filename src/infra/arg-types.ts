/**
 * Checks of an argument's type where the component would otherwise coerce it: a boolean given as
 * "false" or 0 (truthy or not, it was read as something else: `highAvailability: "false"` became
 * Enabled), and tag maps (values must be strings; the map is copied into a plain object, so a map
 * without a prototype, `Object.create(null)`, registers instead of stalling Pulumi's serialiser).
 */
import type * as pulumi from "@pulumi/pulumi";
import { kindOf } from "./errors.ts";
import type { InputGate } from "./input-gate.ts";
import { fail, type ErrorContext } from "./validate.ts";

/** Refuses a value that is set but not a boolean (`"false"`, `0`, an Output...). */
export function checkBoolean(ctx: ErrorContext, field: string, value: unknown): void {
  if (value !== undefined && typeof value !== "boolean") {
    fail(
      ctx,
      field,
      value,
      `is ${kindOf(value)}, not a boolean`,
      `give true or false (without quotes), or leave ${field} out`,
    );
  }
}

/** A resource's tags: string values (Outputs of strings checked when they resolve), Azure's names. */
export type Tags = Record<string, pulumi.Input<string>>;

/**
 * Checks `tags` and returns them as a fresh plain object: a map (not a list, string or null), each
 * value a string or an Output of one, and no two names that differ only in case (Azure's tag names
 * are case-insensitive, docs/azure-facts.md: one would silently replace the other).
 */
export function checkTags(ctx: ErrorContext, gate: InputGate, tags: unknown): Tags | undefined {
  if (tags === undefined) return undefined;
  if (typeof tags === "object" && tags !== null && isOutputLike(tags)) {
    // A whole map as an Output (other languages): its entries are checked when it resolves.
    return gate.check(tags as pulumi.Input<Tags>, (resolved) => {
      checkTags(ctx, gate, resolved);
    }) as unknown as Tags;
  }
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    fail(
      ctx,
      "tags",
      tags,
      `is ${kindOf(tags)}, not a map`,
      'give { name: "value", ... } with string values',
    );
  }
  const out: Tags = {};
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(tags)) {
    if (value === undefined) continue;
    const field = `tags.${name}`;
    if (name === "__proto__") {
      // An own "__proto__" key (from JSON.parse) turns into a prototype, not a tag, when copied.
      fail(
        ctx,
        field,
        value,
        "is a tag name a JavaScript map can't carry (it would set the map's prototype)",
        "rename the tag",
      );
    }
    const first = seen.get(name.toLowerCase());
    if (first !== undefined) {
      fail(
        ctx,
        field,
        value,
        `has the same name as tags.${first} apart from case, and Azure's tag names ignore case`,
        "keep one of the two",
      );
    }
    seen.set(name.toLowerCase(), name);
    const checkValue = (v: unknown): void => {
      if (typeof v !== "string")
        fail(
          ctx,
          field,
          v,
          `is ${kindOf(v)}, not a string`,
          "give tag values as strings (e.g. String(value))",
        );
    };
    out[name] = gate.check(value as pulumi.Input<string>, checkValue);
  }
  return out;
}

function isOutputLike(value: object): boolean {
  return (value as { __pulumiOutput?: unknown }).__pulumiOutput === true;
}
