/**
 * @peculiar/x509 depends on tsyringe, which refuses to load without a `Reflect.getMetadata`
 * polyfill ("tsyringe requires a reflect polyfill"). This installs the handful of metadata
 * functions tsyringe uses, only when no polyfill (reflect-metadata, core-js, ...) is present,
 * so that the testing kit works without asking users for an extra package.
 */
type Target = object;
const store = new WeakMap<Target, Map<string | symbol | undefined, Map<unknown, unknown>>>();

function table(
  target: Target,
  property: string | symbol | undefined,
  create: boolean,
): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let entries = byProperty.get(property);
  if (!entries && create) {
    entries = new Map();
    byProperty.set(property, entries);
  }
  return entries;
}

/** Installs a minimal Reflect metadata API when none exists. Idempotent. */
export function ensureReflectMetadata(): void {
  const r = Reflect as unknown as Record<string, unknown>;
  if (typeof r.getMetadata === "function") return;
  const getOwnMetadata = (key: unknown, target: Target, property?: string | symbol): unknown =>
    table(target, property, false)?.get(key);
  const getMetadata = (key: unknown, target: Target, property?: string | symbol): unknown => {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
      const entries = table(t, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  };
  const defineMetadata = (key: unknown, value: unknown, target: Target, property?: string | symbol): void => {
    table(target, property, true)?.set(key, value);
  };
  Object.assign(r, {
    getOwnMetadata,
    getMetadata,
    defineMetadata,
    hasOwnMetadata: (key: unknown, target: Target, property?: string | symbol) =>
      table(target, property, false)?.has(key) ?? false,
    hasMetadata: (key: unknown, target: Target, property?: string | symbol) =>
      getMetadata(key, target, property) !== undefined,
    metadata: (key: unknown, value: unknown) => (target: Target, property?: string | symbol) =>
      defineMetadata(key, value, target, property),
  });
}
