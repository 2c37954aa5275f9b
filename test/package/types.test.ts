/**
 * An app's types check against the installed package with `skipLibCheck: false`, whichever Redis
 * library it has: ioredis only (azure-redis-entra/client/ioredis), node-redis only
 * (azure-redis-entra/client/node-redis) or both (azure-redis-entra/client), under moduleResolution
 * node16, nodenext and bundler, with the pinned TypeScript and with TypeScript 5.4 (the oldest the
 * README states; installed once into a temp folder from npm). The check runs in this process with
 * TypeScript's API (typecheck.ts): the app's and the package's own declaration files' types, every
 * file's syntax, one parse of each declaration file per TypeScript version and resolution.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { installPacked, linkFromRepo, REPO, type InstalledProject } from "./pack.ts";
import { AppChecker, loadTypeScript, type Resolution } from "./typecheck.ts";

const run = promisify(execFile);

const OLDEST_TS = "5.4";

const APPS = {
  ioredis: {
    peers: ["ioredis"],
    code: `import { Redis } from "ioredis";
import { connectIoredis, createEntraAuth, explainRedisAuthError, type EntraTokenCredential } from "azure-redis-entra/client/ioredis";
declare const credential: EntraTokenCredential;
const auth = createEntraAuth({ credential });
const redis: Redis = await connectIoredis(auth, { host: "example.redis.azure.net", port: 10000 });
explainRedisAuthError(new Error("WRONGPASS"), { username: "x" });
await redis.quit();
`,
  },
  "node-redis": {
    peers: ["redis", "@redis/client", "@redis/bloom", "@redis/json", "@redis/search", "@redis/time-series"],
    code: `import { connectNodeRedis, createEntraAuth, type EntraTokenCredential } from "azure-redis-entra/client/node-redis";
declare const credential: EntraTokenCredential;
const auth = createEntraAuth({ credential });
const client = await connectNodeRedis(auth, { socket: { host: "example.redis.azure.net", port: 10000, tls: true } });
const value: string | null = await client.get("k");
void value;
`,
  },
  both: {
    peers: [
      "ioredis",
      "redis",
      "@redis/client",
      "@redis/bloom",
      "@redis/json",
      "@redis/search",
      "@redis/time-series",
    ],
    code: `import { connectIoredis, connectNodeRedis, createEntraAuth, type EntraTokenCredential } from "azure-redis-entra/client";
declare const credential: EntraTokenCredential;
const auth = createEntraAuth({ credential });
await connectIoredis(auth, { host: "h", port: 10000 });
await connectNodeRedis(auth, { socket: { host: "h", port: 10000, tls: true } });
`,
  },
} as const;

const RESOLUTIONS: Resolution[] = [
  { moduleResolution: "node16", module: "node16" },
  { moduleResolution: "nodenext", module: "nodenext" },
  { moduleResolution: "bundler", module: "esnext" },
];

let project: InstalledProject;
/** The pinned TypeScript, then the oldest the README states. */
let checkers: AppChecker[];
before(async () => {
  project = await installPacked();
  linkFromRepo(project.dir, ["@types/node"]);
  const tsDir = join(tmpdir(), `are-typescript-${OLDEST_TS}`);
  if (!existsSync(join(tsDir, "node_modules", "typescript", "package.json"))) {
    await run(
      "npm",
      [
        "install",
        "--prefix",
        tsDir,
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        `typescript@${OLDEST_TS}`,
      ],
      { maxBuffer: 16 << 20 },
    );
  }
  checkers = [new AppChecker(loadTypeScript(REPO)), new AppChecker(loadTypeScript(tsDir))];
  assert.match(checkers[1].version, new RegExp(`^${OLDEST_TS.replace(".", "\\.")}\\.`));
});
after(() => project?.remove());

/** Writes `code` as app.ts of an ES module folder `name` in `root`; returns the file. */
function writeApp(root: string, name: string, code: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  writeFileSync(join(dir, "app.ts"), code);
  return join(dir, "app.ts");
}

for (const [name, app] of Object.entries(APPS)) {
  test(
    `an app with ${name} type-checks (skipLibCheck false) under node16, nodenext and bundler, TypeScript pinned and ${OLDEST_TS}`,
    { timeout: 1_200_000 },
    (t) => {
      const modules = join(project.dir, "node_modules");
      const linked = app.peers.filter((p) => existsSync(join(REPO, "node_modules", p)));
      linkFromRepo(project.dir, linked);
      t.after(() => {
        for (const p of linked) rmSync(join(modules, p), { force: true });
      });
      const file = writeApp(project.dir, name, app.code);
      const failures: string[] = [];
      for (const checker of checkers)
        for (const r of RESOLUTIONS) {
          const { errors, ownFiles } = checker.check(file, r, project.packageDir);
          const label = `TypeScript ${checker.version}, ${r.moduleResolution}`;
          if (errors.length > 0) failures.push(`${label}:\n${errors.join("\n")}`);
          // The package's declaration files were in the program, and checked.
          assert.ok(
            ownFiles.some((f) => /^dist\/(esm|cjs)\/client\//.test(f)),
            `${label}: none of the package's client declarations checked: ${ownFiles.join(", ")}`,
          );
        }
      assert.deepEqual(failures, []);
    },
  );
}

test("the check can fail: an ioredis-only app importing the combined entry sees node-redis types it lacks", (t) => {
  linkFromRepo(project.dir, ["ioredis"]);
  t.after(() => rmSync(join(project.dir, "node_modules", "ioredis"), { force: true }));
  const file = writeApp(
    project.dir,
    "combined-without-redis",
    `export { connectIoredis } from "azure-redis-entra/client";\n`,
  );
  const { errors } = checkers[0].check(file, RESOLUTIONS[1], project.packageDir);
  // Reported inside the package's declarations (the app's one line is fine): what skipLibCheck false shows.
  const missing = errors.filter((e) => /Cannot find module 'redis'/.test(e));
  assert.ok(missing.length > 0, errors.join("\n"));
  for (const e of missing) assert.ok(e.startsWith(join(project.packageDir, "dist", "/")), e);
});

test("the check can fail: a type error inside one of the package's declaration files, not reached from the app's lines", (t) => {
  // A copy of the installed project whose azure-redis-entra has a broken .d.ts (its other packages linked).
  const root = mkdtempSync(join(tmpdir(), "are-broken-types-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const modules = join(root, "node_modules");
  mkdirSync(modules);
  linkFromRepo(project.dir, ["ioredis"]);
  t.after(() => rmSync(join(project.dir, "node_modules", "ioredis"), { force: true }));
  for (const entry of readdirSync(join(project.dir, "node_modules"))) {
    if (entry !== "azure-redis-entra" && !entry.startsWith("."))
      symlinkSync(join(project.dir, "node_modules", entry), join(modules, entry), "dir");
  }
  const packageDir = join(modules, "azure-redis-entra");
  cpSync(project.packageDir, packageDir, { recursive: true });
  const broken = join("dist", "esm", "client", "clock.d.ts");
  appendFileSync(
    join(packageDir, broken),
    "export declare const brokenForTheTest: NoSuchTypeInTheDeclarations;\n",
  );
  const file = writeApp(root, "app", APPS.ioredis.code);
  for (const checker of checkers) {
    const { errors, ownFiles } = checker.check(file, RESOLUTIONS[1], packageDir);
    assert.ok(ownFiles.includes(broken), `${checker.version}: ${broken} not in the program`);
    assert.deepEqual(
      errors.map((e) => e.replace(/:\d+:\d+ - /, " - ")),
      [`${join(packageDir, broken)} - error TS2304: Cannot find name 'NoSuchTypeInTheDeclarations'.`],
      `TypeScript ${checker.version}`,
    );
  }
});
