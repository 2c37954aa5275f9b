/**
 * docs/azure-constraints.md is generated from src/infra/rules/ by scripts/azure-constraints.ts: the
 * committed page must equal the script's output, and the output has a row for every rule with its
 * spec pointer and whether the component is stricter. The script is run as a user runs it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AZURE_CONSTRAINTS } from "../../src/infra/rules/index.ts";
import { CACHE_CONFIG_READ_ONLY, CACHE_CONFIG_RULES } from "../../src/infra/rules/redis-configuration.ts";
import { SPEC_FILES } from "../../src/infra/rules/rule.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function generated(): string {
  const run = spawnSync(process.execPath, [join(root, "scripts/azure-constraints.ts")], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

test("the committed docs/azure-constraints.md is the generated page (node scripts/azure-constraints.ts --write)", () => {
  const committed = readFileSync(join(root, "docs/azure-constraints.md"), "utf8");
  assert.ok(
    committed === generated(),
    "docs/azure-constraints.md is out of date: run node scripts/azure-constraints.ts --write",
  );
});

test("the page has a row for every rule, with its pointer and whether the component is stricter", () => {
  const page = generated();
  for (const file of Object.values(SPEC_FILES)) assert.ok(page.includes(file), `the page names ${file}`);
  const rows = page.split("\n");
  for (const c of AZURE_CONSTRAINTS) {
    const row = rows.filter((line) => line.startsWith(`| \`${c.id}\` `));
    assert.equal(row.length, 1, `one row for ${c.id}`);
    assert.ok(row[0].includes(c.spec.pointer), `the row of ${c.id} names its pointer ${c.spec.pointer}`);
    assert.equal(
      /\| (stricter|looser)/.test(row[0]),
      c.stricter !== undefined,
      `${c.id}: the row says whether the component is stricter`,
    );
  }
  for (const rule of Object.values(CACHE_CONFIG_RULES))
    assert.ok(page.includes(`| \`${rule.apiName}\` `), `the page lists redisConfiguration ${rule.apiName}`);
  for (const key of Object.keys(CACHE_CONFIG_READ_ONLY))
    assert.ok(page.includes(`| \`${key}\` | (none) | read-only`), `the page lists read-only ${key}`);
});
