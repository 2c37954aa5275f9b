/**
 * JSON that reads and writes a `pulumi stack export` without changing a value: numbers whose text a
 * JavaScript number can't hold exactly (an integer above 2^53, `1.0`, `1e2`) keep their source text
 * (JSON.parse's source access and JSON.rawJSON, in V8 since Node.js 21), so the rewritten file says
 * what the export said everywhere the rewrite doesn't touch.
 */

type RawJson = (text: string) => unknown;
type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

const rawJSON = (JSON as unknown as { rawJSON?: RawJson }).rawJSON;

/** A number whose text would change on the way through a JavaScript number. */
export class LossyNumberError extends Error {
  readonly source: string;

  constructor(source: string) {
    super(`the number ${source} can't be kept exactly by this Node.js (no JSON.rawJSON)`);
    this.name = "LossyNumberError";
    this.source = source;
  }
}

/** Parses JSON, keeping the text of every number a JavaScript number would change. */
export function parseExact(text: string): unknown {
  const reviver: Reviver = (_key, value, context) => {
    if (typeof value !== "number" || context?.source === undefined) return value;
    if (String(value) === context.source) return value;
    if (!rawJSON) throw new LossyNumberError(context.source);
    return rawJSON(context.source);
  };
  return JSON.parse(text, reviver);
}

/** Writes JSON as `pulumi stack export` does (four-space indent, a final newline). */
export function stringifyExact(value: unknown): string {
  return JSON.stringify(value, null, 4) + "\n";
}
