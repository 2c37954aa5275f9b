/**
 * On a Node.js older than a command needs (this machine's own /usr/bin/node is 20, past its end of
 * life and outside engines): `preview` says which version it needs and gives the one command that
 * runs the same command line on Node.js 24 (which the test runs), instead of dying on a Node.js flag;
 * and nothing breaks there for want of a newer Node.js: the built client, testing kit and components
 * import (ESM and CommonJS) and the components declare their children under Pulumi's mocks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES, ROOT } from "../../cli/helpers.ts";
import { ensureBuilt } from "../../package/pack.ts";
import { PROGRAMS } from "../../cli/programs.ts";
import { nodeAtLeast, nodeTooOldMessage, PREVIEW_NODE } from "../../../src/internal/node-support.ts";

/** A Node.js binary older than 22.15 on this machine (PATH, then /usr/bin/node), if any. */
function olderNode(): { path: string; version: string } | undefined {
  const candidates = new Set<string>();
  try {
    for (const p of execFileSync("which", ["-a", "node"], { encoding: "utf8" }).split("\n"))
      if (p) candidates.add(p);
  } catch {
    /* no which */
  }
  candidates.add("/usr/bin/node");
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const r = spawnSync(path, ["-p", "process.version"], { encoding: "utf8" });
    const version = r.stdout?.trim();
    if (version && !nodeAtLeast(version, PREVIEW_NODE.version)) return { path, version };
  }
  return undefined;
}

const old = olderNode();
const skip = old ? false : "no Node.js older than 22.15 on this machine";

test("the version check and its message", () => {
  assert.equal(nodeAtLeast("v20.20.2", "22.15.0"), false);
  assert.equal(nodeAtLeast("v22.15.0", "22.15.0"), true);
  assert.equal(nodeAtLeast("v24.1.0", "22.15.0"), true);
  assert.equal(nodeAtLeast("v22.14.9", "22.15.0"), false);
  const m = nodeTooOldMessage("preview", PREVIEW_NODE, "v20.20.2");
  assert.match(
    m,
    /^preview needs Node\.js 22\.15\.0 or later \(it loads your program through module\.registerHooks\); this is Node\.js 20\.20\.2\./,
  );
  // The one command that runs the same command line on Node.js 24, for how the CLI was installed.
  const line = (root: string, args = ["preview", "."]) =>
    /Run it on Node\.js 24 with: (.*) \(or install Node\.js 22\.15\+, 24 or 26: https:\/\/nodejs\.org\/en\/download\)\.$/.exec(
      nodeTooOldMessage("preview", PREVIEW_NODE, "v20.20.2", args, root),
    )?.[1];
  assert.equal(
    line("/home/u/app/node_modules/azure-redis-entra"),
    "npx -p node@24 azure-redis-entra preview .",
  );
  assert.equal(
    line("/home/u/.npm/_npx/1f2e/node_modules/azure-redis-entra"),
    "npx -p node@24 -p azure-redis-entra azure-redis-entra preview .",
  );
  assert.equal(line("/src/repo/"), "sh /src/repo/scripts/node.sh /src/repo/src/cli/main.ts preview .");
  assert.equal(
    line("/home/u/app/node_modules/azure-redis-entra", ["preview", "my app", "--policy"]),
    "npx -p node@24 azure-redis-entra preview 'my app' --policy",
  );
});

test("on the older Node.js, preview says which version it needs and how to get it", { skip }, async () => {
  await ensureBuilt();
  const r = spawnSync(
    old!.path,
    [join(ROOT, "dist/esm/cli/main.js"), "preview", join(PROGRAMS, "esm-javascript")],
    {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 60_000,
    },
  );
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /error: preview needs Node\.js 22\.15\.0 or later/);
  assert.ok(r.stderr.includes(`this is Node.js ${old!.version.slice(1)}`), r.stderr);
  assert.match(r.stderr, /https:\/\/nodejs\.org\/en\/download/);
  assert.doesNotMatch(r.stderr, /bad option/);
  // The command it gives (this checkout: scripts/node.sh on the sources) runs the preview.
  const command = /Run it on Node\.js 24 with: (.*) \(or install/.exec(r.stderr)?.[1];
  assert.ok(command && command.includes("scripts/node.sh"), r.stderr);
  const again = spawnSync("sh", ["-c", command], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 120_000,
  });
  assert.equal(again.status, 0, again.stdout + again.stderr);
});

test("on the older Node.js, --help and the other commands' help still work", { skip }, async () => {
  await ensureBuilt();
  const r = spawnSync(old!.path, [join(ROOT, "dist/esm/cli/main.js"), "doctor", "--help"], {
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /--credential <kind>/);
});

test(
  "on the older Node.js, demo skips its preview step with the reason and still runs the live step",
  { skip },
  async () => {
    await ensureBuilt();
    const r = spawnSync(
      old!.path,
      [join(ROOT, "dist/esm/cli/main.js"), "demo", "--duration", "4s", "--token-lifetime", "2s"],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 },
    );
    assert.match(r.stdout, /Step 1\/2 skipped: the offline preview needs Node\.js 22\.15\.0 or later/);
    assert.match(
      r.stdout,
      /To run it: run it on Node\.js 24 with: sh \S+scripts\/node\.sh \S+src\/cli\/main\.ts demo --duration 4s --token-lifetime 2s/,
    );
    assert.match(r.stdout, /Step 2\/2: live token rotation/);
    assert.match(r.stdout, /Summary/);
  },
);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * One run of the older Node.js per flavour, shared by the two tests that read it: it loads the built
 * components, client and testing kit (dist/<flavour>) and declares the components' children under
 * Pulumi's mocks (fixtures/node20/components-under-mocks.mjs). Loading Pulumi's SDK and azure-native
 * is most of the cost, on a Node.js without a compile cache.
 */
const flavourRuns = new Map<string, Promise<Run>>();
function underOlderNode(flavour: "esm" | "cjs"): Promise<Run> {
  let run = flavourRuns.get(flavour);
  if (!run) {
    run = (async () => {
      await ensureBuilt();
      const entries = ["index", "client/index", "testing/index"].map((e) =>
        join(ROOT, "dist", flavour, `${e}.js`),
      );
      const child = spawn(old!.path, [join(FIXTURES, "node20", "components-under-mocks.mjs"), ...entries], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
      clearTimeout(timer);
      return { status, stdout, stderr };
    })();
    flavourRuns.set(flavour, run);
  }
  return run;
}

/** The run's last line: `{ node, types, exports }`. */
function report(r: Run): { node: string; types: string[]; exports: number[] } {
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as {
    node: string;
    types: string[];
    exports: number[];
  };
}

for (const flavour of ["esm", "cjs"] as const) {
  test(
    `on the older Node.js, the client, the testing kit and the components (${flavour}) import`,
    { skip },
    async () => {
      const counts = report(await underOlderNode(flavour)).exports;
      assert.equal(counts.length, 3);
      for (const c of counts) assert.ok(c > 0, counts.join(","));
    },
  );

  test(
    `on the older Node.js, the components (${flavour}) declare their children under Pulumi's mocks`,
    { skip },
    async () => {
      const out = report(await underOlderNode(flavour));
      assert.equal(out.node, old!.version);
      assert.ok(out.types.includes("azure-redis-entra:index:EntraRedisCache"));
      assert.ok(out.types.includes("azure-native:redis:Redis"));
      assert.ok(out.types.includes("azure-native:redis:AccessPolicyAssignment"));
    },
  );
}
