/**
 * src/internal is what several faces share; it sits below them: nothing in it imports the CLI
 * (src/cli), so the offline Pulumi host (src/internal/pulumi-offline) stands apart from the commands
 * that use it. Read from the import graph scripts/circular.ts builds.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { importGraph } from "../../scripts/circular.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const internal = join(root, "src", "internal") + sep;
const cli = join(root, "src", "cli") + sep;

test("nothing under src/internal imports src/cli", () => {
  const graph = importGraph(join(root, "src"));
  const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => [from, to] as const));
  const rel = (f: string): string => relative(root, f);
  const upward = edges.filter(([from, to]) => from.startsWith(internal) && to.startsWith(cli));
  assert.deepEqual(
    upward.map(([from, to]) => `${rel(from)} → ${rel(to)}`),
    [],
  );
  // The graph sees edges between the two (the CLI's imports of the host), so the check can fail.
  assert.ok(edges.some(([from, to]) => from.startsWith(cli) && to.startsWith(internal)));
});
