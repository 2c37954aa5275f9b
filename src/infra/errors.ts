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

/** Renders a value for an error message: strings quoted, undefined spelled out, objects as JSON. */
export function renderValue(value: unknown): string {
  if (value === undefined) return "(not set)";
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
