/**
 * scripts/circular.ts: src/ has no import cycle, and the script finds one when there is (a fixture
 * written to a temporary directory), so the first check can fail. The script is run as a user runs
 * it (scripts/ is outside the TypeScript project).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const script = join(root, "scripts/circular.ts");

/** Writes `files` (path → text) under a new temporary directory; returns it. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "circular-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test("src has no import cycle (node scripts/circular.ts exits 0)", () => {
  const run = spawnSync(process.execPath, [script, "src"], { cwd: root, encoding: "utf8" });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^No import cycles among \d+ files under src\./);
});

test("a cycle through type imports, re-exports and a dynamic import is found, a chain is not", (t) => {
  const dir = fixture({
    "a.ts": 'import type { B } from "./b.ts";\nexport type A = B;\n',
    "b.ts": 'export { c } from "./sub/c.js";\nexport type B = string;\n',
    "sub/c.ts": 'export const c = () => import("../a.ts");\n',
    "chain/x.ts":
      'import { y } from "./y.ts";\nimport "node:fs";\nimport "typescript";\nexport const x = y;\n',
    "chain/y.ts": 'export * from "./index";\nexport const y = 1;\n',
    "chain/index.ts": "export const z = 2;\n",
    "self.ts": 'import * as me from "./self.ts";\nexport const s = me;\n',
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const run = spawnSync(process.execPath, [script, "."], { cwd: dir, encoding: "utf8" });
  assert.equal(run.status, 1, run.stderr);
  const lines = run.stdout.trim().split("\n");
  assert.equal(lines[0], "2 import cycle(s) under .:");
  const cycles = lines.slice(1).map((l) => l.replace(/^\d+\) /, ""));
  assert.deepEqual(cycles, ["a.ts → b.ts → sub/c.ts → a.ts", "self.ts → self.ts"]);
});

test("the script exits 1 on a cycle and 0 without one", (t) => {
  const cyclic = fixture({ "p.ts": 'import "./q.ts";\n', "q.ts": 'import "./p.ts";\n' });
  const acyclic = fixture({ "p.ts": 'import "./q.ts";\n', "q.ts": "export {};\n" });
  t.after(() => {
    rmSync(cyclic, { recursive: true, force: true });
    rmSync(acyclic, { recursive: true, force: true });
  });
  const bad = spawnSync(process.execPath, [script, cyclic], { encoding: "utf8" });
  assert.equal(bad.status, 1, bad.stderr);
  assert.match(bad.stdout, /p\.ts → .*q\.ts → .*p\.ts/);
  const good = spawnSync(process.execPath, [script, acyclic], { encoding: "utf8" });
  assert.equal(good.status, 0, good.stderr);
});
