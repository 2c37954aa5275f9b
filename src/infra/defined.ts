/**
 * `defined({ zones, tags })`: the given fields without those whose value is undefined, so an optional
 * input is left out of a resource's inputs (or a plan) instead of being sent as `undefined`. Stands
 * in for the `...(x !== undefined ? { x } : {})` spreads.
 */
export function defined<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: { [key: string]: unknown } = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
