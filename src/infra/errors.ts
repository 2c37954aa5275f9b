/**
 * The one error type for bad component input. Every message is one sentence that names the field,
 * the offending value and the fix, e.g.
 *   EntraRedisCache "cache": assignments[1].alias "my app" is not a valid assignment name; use 3-63
 *   letters, digits or hyphens, starting and ending with a letter or digit.
 * Secret values must never be passed as `value`.
 */
/**
 * Pass as `value` when the message must not show the value, e.g. the value of an unknown argument,
 * which may well be a secret. The message then goes straight from the field to the problem.
 */
export const VALUE_NOT_SHOWN: unique symbol = Symbol("value not shown");

export class EntraRedisInputError extends Error {
  /** Dotted path of the offending argument, e.g. `assignments[1].alias`. */
  readonly field: string;
  /** The offending value as shown in the message (already rendered, never a secret), or "(not shown)". */
  readonly value: string;
  /** What to do about it. */
  readonly fix: string;

  constructor(context: string, field: string, value: unknown, problem: string, fix: string) {
    const hidden = value === VALUE_NOT_SHOWN;
    const shown = hidden ? "" : renderValue(value);
    super(`${context}: ${field}${hidden ? "" : ` ${shown}`} ${problem}; ${fix}`);
    this.name = "EntraRedisInputError";
    this.field = field;
    this.value = hidden ? "(not shown)" : shown;
    this.fix = fix;
    // Pulumi's SDK prefixes `error serializing property "x": ` onto an error that rejects a resource
    // input, mutating the one error object every child shares; the message already names the field,
    // so it stays as written (assignments are ignored rather than thrown on, as the SDK is strict code).
    const message = this.message;
    Object.defineProperty(this, "message", {
      get: () => message,
      set: () => undefined,
      enumerable: false,
      configurable: true,
    });
  }
}

/** Longest rendered value in a message; longer ones are cut (a hostile or pasted value can be huge). */
const RENDERED_MAX = 200;

/**
 * Renders a value for an error message: strings quoted, undefined spelled out, objects as JSON.
 * Whatever the value's shape, what may hold a password is hidden: a Redis ACL password rule (`>pw`,
 * `<pw`) anywhere in any string, from the marker to the next space or quote (`"allkeys>pw"` shows
 * as `"allkeys>***"`, a policy list given to the wrong field too), and 64-hex-digit password hashes
 * (`#…`, `!…`). An Output shows as `(Output)` (its own JSON is a Pulumi warning), a function as
 * `(function)`, a bigint with its `n`; the result is cut at 200 characters.
 */
export function renderValue(value: unknown): string {
  if (value === undefined) return "(not set)";
  if (isOutput(value)) return "(Output)";
  if (typeof value === "function") return "(function)";
  if (typeof value === "bigint") return `${value}n`;
  let text: string;
  try {
    text =
      typeof value === "string"
        ? JSON.stringify(value)
        : (JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
            const original = (this as Record<string, unknown>)[key];
            if (isOutput(original)) return "(Output)";
            if (typeof v === "function") return "(function)";
            if (typeof v === "bigint") return `${v}n`;
            return v;
          }) ?? String(value));
  } catch {
    text = String(value);
  }
  const safe = text
    .replace(/[<>][^\s"]*/g, (m) => `${m[0]}***`)
    .replace(/[#!][0-9a-fA-F]{64}/g, (m) => `${m[0]}***`);
  return safe.length > RENDERED_MAX ? `${safe.slice(0, RENDERED_MAX)}…` : safe;
}

/** A Pulumi Output (duck-typed: this module is imported where @pulumi/pulumi may be absent). */
function isOutput(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { __pulumiOutput?: unknown }).__pulumiOutput === true
  );
}

/**
 * What a value is, for a message about a value of the wrong type: "a string", "a number", "a
 * boolean", "a list", "an object", "an Output", "a function", "null", "not set".
 */
export function kindOf(value: unknown): string {
  if (value === undefined) return "not set";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isOutput(value)) return "an Output";
  switch (typeof value) {
    case "object":
      return "an object";
    case "function":
      return "a function";
    case "bigint":
      return "a bigint";
    case "symbol":
      return "a symbol";
    default:
      return `a ${typeof value}`;
  }
}
