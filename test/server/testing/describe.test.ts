/** describeLocalEntraRedis: endpoints, CA path and snippets for `azure-redis-entra local`, never a token. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describeLocalEntraRedis, startLocalEntraRedis } from "../../../src/testing/index.ts";
import { OID, SCOPE } from "./helpers.ts";

const run = promisify(execFile);

test("describeLocalEntraRedis gives host, port, CA path and snippets without a token", async () => {
  const gw = await startLocalEntraRedis({ tokenLifetimeMs: 120_000 });
  try {
    await gw.assign(OID, "Data Owner");
    const token = (await gw.credential(OID).getToken(SCOPE))!.token;
    const d = describeLocalEntraRedis(gw, OID);
    assert.equal(d.host, "127.0.0.1");
    assert.equal(d.port, gw.port);
    assert.equal(d.cluster, false);
    assert.equal(d.tokenLifetimeMs, 120_000);
    assert.ok(existsSync(d.caPath));
    assert.equal(readFileSync(d.caPath, "utf8"), gw.ca);
    assert.match(d.snippet, /connectIoredis\(auth/);
    assert.match(d.redisCli, new RegExp(`--user ${OID} PING$`));
    assert.doesNotMatch(d.redisCli, /--pass|\$TOKEN/, "redis-cli reads the token from REDISCLI_AUTH");
    // The line runs as given once REDISCLI_AUTH holds a token (no --pass, so no redis-cli warning).
    const cli = await run("sh", ["-c", d.redisCli], { env: { ...process.env, REDISCLI_AUTH: token } });
    assert.equal(cli.stdout.trim(), "PONG");
    assert.doesNotMatch(cli.stderr, /Warning/);
    assert.ok(!JSON.stringify(d).includes(token));
    assert.doesNotMatch(JSON.stringify(d), /eyJ/);
  } finally {
    await gw.stop();
  }
});
