/**
 * The preview child's lazy TypeScript shim (src/internal/pulumi-offline/lazy-typescript.ts): it still
 * recognises the shim of the installed @pulumi/pulumi (else the speed-up silently stops), loads
 * TypeScript only on first use, the way the SDK's own shim finds it, and exposes the same module.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { isEagerShim, LAZY_SHIM } from "../../src/internal/pulumi-offline/lazy-typescript.ts";
import { ROOT } from "./helpers.ts";

const requireHere = createRequire(join(ROOT, "package.json"));
const shimFile = join(dirname(requireHere.resolve("@pulumi/pulumi/package.json")), "typescript-shim.js");

/** Evaluates the lazy shim as a CommonJS module in `dir`, with `require` counted. */
function lazyShim(load: (id: string) => unknown): { exports: Record<string, unknown>; requires: string[] } {
  const requires: string[] = [];
  const module = { exports: {} as Record<string, unknown> };
  const counted = (id: string): unknown => {
    if (id !== "path") requires.push(id);
    return load(id);
  };
  new Function("require", "module", "__dirname", LAZY_SHIM)(counted, module, dirname(shimFile));
  return { exports: module.exports, requires };
}

test("the installed @pulumi/pulumi's typescript-shim.js is the eager shim the preview makes lazy", () => {
  assert.ok(isEagerShim(pathToFileURL(shimFile).href, readFileSync(shimFile, "utf8")));
  assert.ok(!isEagerShim(pathToFileURL(shimFile).href, "module.exports = {};\n"));
  assert.ok(!isEagerShim("file:///elsewhere/typescript-shim.js", readFileSync(shimFile, "utf8")));
});

test("the lazy shim loads TypeScript on first use, and then is that module", () => {
  const ts = requireHere("typescript") as { version: string; SyntaxKind: Record<string, number> };
  const shim = lazyShim((id) => requireHere(id));
  assert.deepEqual(shim.requires, [], "nothing loaded before the first use");
  assert.equal(shim.exports.version, ts.version);
  assert.deepEqual(shim.requires, ["typescript"]);
  assert.equal(shim.exports.SyntaxKind, ts.SyntaxKind);
  assert.equal(typeof shim.exports.createSourceFile, "function");
  assert.ok("isClassDeclaration" in shim.exports);
  assert.ok(Object.keys(shim.exports).includes("createProgram"));
  assert.deepEqual(shim.requires, ["typescript"], "loaded once");
});

test("without a typescript to require, the lazy shim falls back to the copy the SDK vendors", () => {
  const vendored = { version: "3.8.3" };
  const shim = lazyShim((id) => {
    if (id === "typescript") throw new Error("Cannot find module 'typescript'");
    if (id === "path") return requireHere("node:path");
    return vendored;
  });
  assert.equal(shim.exports.version, "3.8.3");
  assert.deepEqual(shim.requires, [
    "typescript",
    join(dirname(shimFile), "vendor", "typescript@3.8.3", "typescript.js"),
  ]);
});
