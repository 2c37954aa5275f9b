/**
 * What each program of the corpus (test/cli/programs/) must preview to, shared by the tests that
 * preview it from the repository, from an installed copy and through an npx-like run.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { CliRun } from "./helpers.ts";

export const PROGRAMS = fileURLToPath(new URL("./programs/", import.meta.url));

/** The parts of `preview --json` these tests read. */
export interface PreviewDoc {
  ok: boolean;
  program: string;
  loader: { moduleKind: "esm" | "cjs"; typescript: string };
  packages: { name: string; version: string; path: string; from: "program" | "azure-redis-entra" }[];
  resources: { type: string; name: string; parent?: string }[];
  outputs: Record<string, unknown>;
  errors: { name: string; message: string }[];
}

/** A corpus program that previews cleanly, and what its preview shows. */
export interface CorpusProgram {
  moduleKind: "esm" | "cjs";
  component: string;
  /** An output and the value it must have. */
  output: [string, unknown];
  typescript: RegExp;
}

export const CORPUS: Record<string, CorpusProgram> = {
  "azure-typescript": {
    moduleKind: "cjs",
    component: "azure-redis-entra:index:EntraRedisCache",
    output: ["resourceGroupName", "tmpl-rg"],
    typescript: /compiled by TypeScript/,
  },
  "azure-javascript": {
    moduleKind: "cjs",
    component: "azure-redis-entra:index:EntraManagedRedis",
    output: ["redisPort", 10000],
    typescript: /./,
  },
  "esm-typescript": {
    moduleKind: "esm",
    component: "azure-redis-entra:index:EntraRedisCache",
    output: ["redisHost", "esm-ts-cache-redis.redis.cache.windows.net"],
    typescript: /Node\.js/,
  },
  "esm-javascript": {
    moduleKind: "esm",
    component: "azure-redis-entra:index:EntraManagedRedis",
    output: ["redisPort", 10000],
    typescript: /./,
  },
  "ts-enum": {
    moduleKind: "esm",
    component: "azure-redis-entra:index:EntraRedisCache",
    output: ["tier", "Standard"],
    typescript: /--experimental-transform-types/,
  },
};

/** Parses a preview's --json output (failing with the run's output when it is not JSON). */
export function previewDoc(r: CliRun): PreviewDoc {
  try {
    return JSON.parse(r.stdout) as PreviewDoc;
  } catch {
    assert.fail(`preview printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

/** Checks a clean preview of corpus program `name`. */
export function checkCorpusPreview(name: string, r: CliRun): PreviewDoc {
  const expected = CORPUS[name];
  const doc = previewDoc(r);
  assert.deepEqual(doc.errors, [], r.stderr);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(doc.ok, true);
  assert.equal(doc.loader.moduleKind, expected.moduleKind);
  assert.match(doc.loader.typescript, expected.typescript);
  const component = doc.resources.find((x) => x.type === expected.component);
  assert.ok(component, `${expected.component} in ${doc.resources.map((x) => x.type).join(", ")}`);
  assert.ok(
    doc.resources.some((x) => x.parent?.endsWith(`::${component.name}`)),
    "the component's children are registered under it",
  );
  assert.deepEqual(doc.outputs[expected.output[0]], expected.output[1]);
  // One Pulumi SDK: every shared package was resolved once, and @pulumi/pulumi is among them.
  const names = doc.packages.map((p) => p.name);
  assert.ok(names.includes("@pulumi/pulumi"), names.join(", "));
  assert.equal(new Set(names).size, names.length);
  return doc;
}
