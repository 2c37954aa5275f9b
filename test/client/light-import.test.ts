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
  const loaded = out.seen.join("\n");
  assert.match(loaded, /src\/client\/entra-auth\.ts/, "the probe saw the client modules load");
  for (const heavy of ["@pulumi/", "ioredis", "@redis/", "/redis/", "@azure/identity", "@azure/msal"]) {
    assert.ok(!loaded.includes(`node_modules/${heavy}`), `loaded ${heavy}`);
  }
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
