/**
 * Pulumi's SDK loads TypeScript's compiler (9 MB) as it loads: its closure serializer
 * (`runtime/closure/`, which only `pulumi.runtime.serializeFunction`, dynamic providers and callback
 * functions use) requires `typescript-shim.js` at the top of a module the SDK's index always loads.
 * A preview rarely serializes a function, so in the preview child the shim loads TypeScript on first
 * use instead: the same module, found the same way (the program's `typescript`, else the copy the SDK
 * vendors), the same exports. A shim that is not the one this expects is left as it is.
 */
import * as nodeModule from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The shim as @pulumi/pulumi ships it (3.x): require("typescript"), else the vendored copy. */
const EAGER =
  /^\s*module\.exports = require\("typescript"\);\s*\}\s*catch \(error\) \{\s*const typescriptRequire = path\.join\(__dirname, "vendor", "typescript@3\.8\.3", "typescript\.js"\);\s*module\.exports = require\(typescriptRequire\);\s*\}/m;

/** The same lookup, on the first use of any of the module's exports. */
export const LAZY_SHIM = `"use strict";
const path = require("path");
let ts;
function load() {
  if (ts === undefined) {
    try {
      ts = require("typescript");
    } catch (error) {
      ts = require(path.join(__dirname, "vendor", "typescript@3.8.3", "typescript.js"));
    }
  }
  return ts;
}
module.exports = new Proxy({}, {
  get: (_, key) => Reflect.get(load(), key),
  has: (_, key) => Reflect.has(load(), key),
  set: (_, key, value) => Reflect.set(load(), key, value),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const d = Reflect.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});
`;

/** True for @pulumi/pulumi's typescript-shim.js with the eager body above. */
export function isEagerShim(url: string, source: string): boolean {
  return /\/@pulumi\/pulumi\/typescript-shim\.js$/.test(url) && EAGER.test(source);
}

/** Installs the load hook that makes @pulumi/pulumi's TypeScript shim lazy. */
export function installLazyTypeScriptShim(): void {
  nodeModule.registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith("file:") || !url.endsWith("/typescript-shim.js")) return nextLoad(url, context);
      const source = readFileSync(fileURLToPath(url), "utf8");
      if (!isEagerShim(url, source)) return nextLoad(url, context);
      return { format: "commonjs", source: LAZY_SHIM, shortCircuit: true };
    },
  });
}
