/**
 * Importing the client entry point (from source) loads none of the heavy or optional packages:
 * Pulumi, azure-native, ioredis, redis/@redis, @azure/identity. Checked in a fresh process with a
 * module hook that records every resolved module.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { heavyPackages, loadedModules, packagesIn } from "../package/loaded-packages.ts";

const entry = pathToFileURL(
  resolve(dirname(fileURLToPath(import.meta.url)), "../../src/client/index.ts"),
).href;

test("src/client/index.ts loads no optional peer or Pulumi package", () => {
  const code = `const { registerHooks } = process.getBuiltinModule("node:module"); const seen = [];
    registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push(r.url); return r; } });
    const m = await import(${JSON.stringify(entry)});
    console.log(JSON.stringify({ seen, exports: Object.keys(m) }));`;
  const out = JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" }),
  ) as { seen: string[]; exports: string[] };
  assert.match(out.seen.join("\n"), /src\/client\/entra-auth\.ts/, "the probe saw the client modules load");
  assert.deepEqual(heavyPackages(packagesIn(out.seen)), [], "the client entry loaded heavy packages");
  for (const name of [
    "createEntraAuth",
    "connectIoredis",
    "connectIoredisCluster",
    "connectIoredisSubscriber",
    "nodeRedisCredentials",
    "connectNodeRedis",
    "connectNodeRedisCluster",
    // deprecated aliases of the three above
    "createIoredisSubscriber",
    "createNodeRedisClient",
    "createNodeRedisCluster",
    "explainRedisAuthError",
    "REDIS_TOKEN_SCOPE",
  ]) {
    assert.ok(out.exports.includes(name), `exports ${name}`);
  }
});

test("the probe can fail: it reports redis, @redis/client and ioredis when they load", () => {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  const { packages } = loadedModules(["redis", "ioredis"], "module", root);
  const heavy = heavyPackages(packages);
  for (const name of ["redis", "@redis/client", "ioredis"])
    assert.ok(heavy.includes(name), `${name} not seen`);
});
