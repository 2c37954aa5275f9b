/**
 * The published shape of the package: every entry of the `exports` map resolves for ESM (`import`)
 * and CJS (`require`) consumers, with type declarations next to each, and the client entry point
 * loads neither Pulumi nor azure-native. Runs against dist/, which `npm test` builds first.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { heavyPackages, loadedModules } from "./loaded-packages.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  exports: Record<string, string | Record<string, string | { types: string; default: string }>>;
  bin: Record<string, string>;
  engines: { node: string };
};

function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: 60_000 });
}

const loadedKeys = new Map<string, string[]>();

/**
 * The export names of `specifier` loaded in a fresh process with import() (`module`) or require()
 * (`commonjs`): one process per entry and mode, shared by the load tests and the ESM/CJS comparison.
 */
function keysOf(specifier: string, mode: "module" | "commonjs"): string[] {
  const key = `${mode} ${specifier}`;
  let keys = loadedKeys.get(key);
  if (!keys) {
    const load =
      mode === "module"
        ? `await import(${JSON.stringify(specifier)})`
        : `require(${JSON.stringify(specifier)})`;
    keys = JSON.parse(
      runNode([
        `--input-type=${mode}`,
        "-e",
        `const m = ${load}; console.log(JSON.stringify(Object.keys(m)));`,
      ]),
    ) as string[];
    loadedKeys.set(key, keys);
  }
  return keys;
}

/** Entries whose loading starts a server (the ready policy pack serves Pulumi's analyzer protocol). */
const SERVING = new Set(["./policy/pack"]);

test("dist/ has been built (npm run build)", () => {
  assert.ok(
    existsSync(join(root, "dist/esm/index.js")),
    "dist/esm is missing: run `npm run build` before this test",
  );
  assert.ok(
    existsSync(join(root, "dist/cjs/index.js")),
    "dist/cjs is missing: run `npm run build` before this test",
  );
});

for (const [subpath, target] of Object.entries(pkg.exports)) {
  if (typeof target === "string") continue;
  const specifier = subpath === "." ? "azure-redis-entra" : `azure-redis-entra/${subpath.slice(2)}`;

  test(`${specifier}: every condition points at a built file with types`, () => {
    for (const [condition, files] of Object.entries(target)) {
      if (typeof files === "string") {
        // The plain `default` fallback (read by Pulumi's schema analyzer) must be a built CJS file.
        assert.ok(existsSync(join(root, files)), `${subpath} ${condition}: ${files} missing`);
        continue;
      }
      assert.ok(existsSync(join(root, files.default)), `${subpath} ${condition}: ${files.default} missing`);
      assert.ok(existsSync(join(root, files.types)), `${subpath} ${condition}: ${files.types} missing`);
    }
  });

  const esmTarget = target.import;
  const cjsTarget = target.require;
  if (SERVING.has(subpath)) continue;
  if (esmTarget) {
    test(`${specifier}: loads with import()`, () => {
      assert.ok(keysOf(specifier, "module").length > 0, `${specifier} exports nothing`);
    });
  }
  if (cjsTarget && typeof cjsTarget !== "string") {
    test(`${specifier}: loads with require() from a CommonJS module`, () => {
      assert.ok(keysOf(specifier, "commonjs").length > 0, `${specifier} exports nothing`);
      // The CJS build must really be CommonJS, not ESM loaded through require(esm).
      const file = readFileSync(join(root, cjsTarget.default), "utf8");
      // (`exports.x = ...`, or `__exportStar(require(...), exports)` for a file of re-exports only).
      assert.match(file, /\bexports\b/, `${cjsTarget.default} is not CommonJS output`);
      assert.doesNotMatch(file, /^(import|export) /m, `${cjsTarget.default} has ESM statements`);
    });
  }
}

test("ESM and CJS builds export the same names", () => {
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === "string" || !target.import || !target.require || SERVING.has(subpath)) continue;
    const specifier = subpath === "." ? "azure-redis-entra" : `azure-redis-entra/${subpath.slice(2)}`;
    const esm = keysOf(specifier, "module")
      .filter((k) => k !== "default")
      .sort();
    const cjs = keysOf(specifier, "commonjs")
      .filter((k) => k !== "default" && k !== "__esModule")
      .sort();
    assert.deepEqual(cjs, esm, `${specifier}: CJS and ESM exports differ`);
  }
});

test("the client entry point loads neither Pulumi, azure-native, Redis clients nor @azure/identity", () => {
  for (const mode of ["module", "commonjs"] as const) {
    const { urls, packages } = loadedModules(["azure-redis-entra/client"], mode, root);
    assert.match(
      urls.join("\n"),
      /dist\/(esm|cjs)\/client\/index\.js/,
      `${mode}: the probe did not see the client entry load`,
    );
    assert.deepEqual(heavyPackages(packages), [], `${mode}: azure-redis-entra/client loaded heavy packages`);
  }
  // The same probe on a module that does load them sees them (so the check above can fail).
  const control = heavyPackages(loadedModules(["redis", "ioredis"], "commonjs", root).packages);
  for (const name of ["redis", "@redis/client", "ioredis"])
    assert.ok(control.includes(name), `${name} not seen`);
});

test("azure-redis-entra/policy/pack starts serving the pack, from ESM and from CJS", async () => {
  // As Pulumi runs a policy pack: the pack program prints the port of its analyzer server and keeps
  // serving. PolicyPack reads the version from the working directory's package.json (ours).
  const cases = {
    module: `await import("azure-redis-entra/policy/pack");`,
    commonjs: `require("azure-redis-entra/policy/pack");`,
  };
  for (const [mode, code] of Object.entries(cases)) {
    const child = spawn(process.execPath, [`--input-type=${mode}`, "-e", code], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const port = await new Promise<string>((resolvePort, reject) => {
        let out = "";
        let err = "";
        const timer = setTimeout(
          () => reject(new Error(`${mode}: no port within 60s; stderr: ${err}`)),
          60_000,
        );
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          out += chunk;
          const m = /^(\d+)\s*$/m.exec(out);
          if (m) {
            clearTimeout(timer);
            resolvePort(m[1]);
          }
        });
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
        child.on("exit", (c) => {
          clearTimeout(timer);
          reject(new Error(`${mode}: exited (${c}) without serving; stderr: ${err}`));
        });
      });
      assert.ok(Number(port) > 0, `${mode}: printed port ${port}`);
    } finally {
      child.kill();
    }
  }
});

test("azure-redis-entra/policy loads @pulumi/policy but no Redis client or Azure SDK, and serves nothing", () => {
  for (const mode of ["module", "commonjs"] as const) {
    // The probe returns only when the process exits: a pack served on import would keep it running.
    const { packages } = loadedModules(["azure-redis-entra/policy"], mode, root);
    assert.ok(packages.has("@pulumi/policy"), `${mode}: @pulumi/policy not loaded`);
    const clients = [...packages].filter(
      (p) => p.startsWith("@redis/") || p.startsWith("@azure/") || ["ioredis", "redis"].includes(p),
    );
    assert.deepEqual(clients, [], `${mode}: azure-redis-entra/policy loaded client packages`);
  }
});

test("bin and engines are publish-ready; the CI matrix runs each Node.js line engines allows", () => {
  // The Node.js lines supported on 2026-12-07 (nodejs/Release schedule.json: 20 ended 2026-04-30;
  // 22 and 24 in maintenance, 26 active LTS; 23 and 25 ended), from 22.15 (module.registerHooks,
  // which preview needs), said once: here, README's "Node.js versions" and .ci/run's matrix.
  assert.equal(pkg.engines.node, "^22.15.0 || ^24.0.0 || >=26.0.0");
  const ci = readFileSync(join(root, ".ci/run"), "utf8");
  const matrix = /for version in ([^;]+); do/.exec(ci)?.[1].trim().split(/\s+/);
  assert.deepEqual(matrix, ["22.15.0", "24", "26"], "the CI matrix: the floor of each engines range");
  const bin = pkg.bin["azure-redis-entra"];
  assert.ok(bin && existsSync(join(root, bin)), "bin azure-redis-entra must point at a built file");
  assert.match(readFileSync(join(root, bin), "utf8"), /^#!\/usr\/bin\/env node/);
});
