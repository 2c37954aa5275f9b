/**
 * Module resolve hook for run-example.ts: maps the package's own name to its sources, as
 * examples/tsconfig.json's `paths` does for the type check, so an example runs without a build or an
 * npm install of its own.
 */
const root = new URL("../../", import.meta.url);
const mapped: Record<string, string> = {
  "azure-redis-entra": new URL("src/index.ts", root).href,
  "azure-redis-entra/client": new URL("src/client/index.ts", root).href,
};

type Next = (specifier: string, context: unknown) => Promise<unknown>;

export async function resolve(specifier: string, context: unknown, next: Next): Promise<unknown> {
  return next(mapped[specifier] ?? specifier, context);
}
