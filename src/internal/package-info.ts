/** Where this package lives and its version, derived from this module's own URL (src or dist). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** True when running from the TypeScript sources (src/), false from dist/esm. */
export const FROM_SOURCE = import.meta.url.endsWith(".ts");

/** The directory holding index.ts (src/) or index.js (dist/esm/). */
export const ENTRY_DIR_URL = new URL("../", import.meta.url);

/** The package root (the directory with package.json). */
export const PACKAGE_ROOT = fileURLToPath(new URL(FROM_SOURCE ? "../../" : "../../../", import.meta.url));

/** File extension of this package's own modules as they run now. */
export const MODULE_EXT = FROM_SOURCE ? ".ts" : ".js";

/** URL of one of the package's entry points: "" (the components), "client" or "testing". */
export function entryUrl(subpath: "" | "client" | "testing"): string {
  return new URL(`${subpath ? subpath + "/" : ""}index${MODULE_EXT}`, ENTRY_DIR_URL).href;
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** The package version from package.json. */
export const PACKAGE_VERSION = readVersion();

/** The repository (package.json `repository`); docs links in the CLI's output point there. */
export const REPOSITORY_URL = "https://github.com/azure-redis-entra/azure-redis-entra";

/** The web address of one of the docs, e.g. `docsUrl("cli.md")`. */
export function docsUrl(file: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/${file}`;
}
