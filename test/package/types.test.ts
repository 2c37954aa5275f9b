/**
 * An app's types check against the installed package with `skipLibCheck: false`, whichever Redis
 * library it has: ioredis only (azure-redis-entra/client/ioredis), node-redis only
 * (azure-redis-entra/client/node-redis) or both (azure-redis-entra/client), under moduleResolution
 * node16, nodenext and bundler, with the pinned TypeScript and with TypeScript 5.4 (the oldest the
 * README states; installed once into a temp folder from npm).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { installPacked, linkFromRepo, REPO, type InstalledProject } from "./pack.ts";

const run = promisify(execFile);

const OLDEST_TS = "5.4";
// Six compiler runs per app, at once; on a loaded 2-core machine one run can take close to a minute.

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

const RESOLUTIONS = [
  { moduleResolution: "node16", module: "node16" },
  { moduleResolution: "nodenext", module: "nodenext" },
  { moduleResolution: "bundler", module: "esnext" },
];

let project: InstalledProject;
let oldTsc: string;
before(async () => {
  project = await installPacked();
  linkFromRepo(project.dir, ["@types/node"]);
  const tsDir = join(tmpdir(), `are-typescript-${OLDEST_TS}`);
  oldTsc = join(tsDir, "node_modules", "typescript", "bin", "tsc");
  if (!existsSync(oldTsc)) {
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
});
after(() => project?.remove());

async function tsc(compiler: string, dir: string, r: (typeof RESOLUTIONS)[number]): Promise<string> {
  try {
    await run(process.execPath, [
      compiler,
      "--noEmit",
      "--strict",
      "--skipLibCheck",
      "false",
      "--target",
      "es2022",
      "--module",
      r.module,
      "--moduleResolution",
      r.moduleResolution,
      "--types",
      "node",
      join(dir, "app.ts"),
    ]);
    return "";
  } catch (err) {
    return (err as { stdout?: string }).stdout || String(err);
  }
}

for (const [name, app] of Object.entries(APPS)) {
  test(
    `an app with ${name} type-checks (skipLibCheck false) under node16, nodenext and bundler, TypeScript pinned and ${OLDEST_TS}`,
    { timeout: 1_200_000 },
    async (t) => {
      const modules = join(project.dir, "node_modules");
      const linked = app.peers.filter((p) => existsSync(join(REPO, "node_modules", p)));
      linkFromRepo(project.dir, linked);
      t.after(() => {
        for (const p of linked) rmSync(join(modules, p), { force: true });
      });
      const dir = join(project.dir, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
      writeFileSync(join(dir, "app.ts"), app.code);
      const pinned = join(REPO, "node_modules", "typescript", "bin", "tsc");
      // The six runs read the same files and write nothing (--noEmit): they run at once.
      const runs = ([["pinned", pinned] as const, [OLDEST_TS, oldTsc] as const] as const).flatMap(
        ([label, compiler]) =>
          RESOLUTIONS.map(async (r) => {
            const out = await tsc(compiler, dir, r);
            return out ? `TypeScript ${label}, ${r.moduleResolution}:\n${out}` : "";
          }),
      );
      const failures = (await Promise.all(runs)).filter((f) => f !== "");
      assert.deepEqual(failures, []);
    },
  );
}

test("the check can fail: an ioredis-only app importing the combined entry sees node-redis types it lacks", async (t) => {
  linkFromRepo(project.dir, ["ioredis"]);
  t.after(() => rmSync(join(project.dir, "node_modules", "ioredis"), { force: true }));
  const dir = join(project.dir, "combined-without-redis");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  writeFileSync(join(dir, "app.ts"), `export { connectIoredis } from "azure-redis-entra/client";\n`);
  const out = await tsc(join(REPO, "node_modules", "typescript", "bin", "tsc"), dir, RESOLUTIONS[1]);
  assert.match(out, /Cannot find module 'redis'/);
});
