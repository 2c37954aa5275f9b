/**
 * Lifecycle: stop() leaves no process or listening port behind, restartBackend() drops clients and
 * comes back on the same ports with the same users, and a missing redis-server fails clearly.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { spawn } from "node:child_process";
import { startLocalEntraRedis, RedisServerError } from "../../../src/testing/index.ts";
import { OID, RawClient, tokenFor, waitFor } from "./helpers.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** Child pids of this process (from /proc), with their command names. */
function children(): { pid: number; comm: string }[] {
  const out: { pid: number; comm: string }[] = [];
  const path = `/proc/${process.pid}/task/${process.pid}/children`;
  if (!existsSync(path)) return out;
  for (const pid of readFileSync(path, "utf8").trim().split(/\s+/).filter(Boolean).map(Number)) {
    try {
      out.push({ pid, comm: readFileSync(`/proc/${pid}/comm`, "utf8").trim() });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

describe("local gateway: lifecycle", () => {
  test("stop() leaves no process or listening port behind (single and cluster)", async () => {
    const before = new Set(children().map((c) => c.pid));
    for (const options of [{}, { cluster: { shards: 2 } }]) {
      const gw = await startLocalEntraRedis(options);
      await gw.assign(OID, "Data Owner");
      const c = await RawClient.tls(gw);
      assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
      const started = children().filter((x) => !before.has(x.pid));
      assert.ok(
        started.some((x) => x.comm.startsWith("redis-server")),
        "redis-server children running",
      );
      const ports = [...gw.nodes.map((n) => n.port), ...gw.backends.map((b) => b.port)];
      for (const p of ports) assert.equal(await portOpen(p), true, `port ${p} open while running`);
      const caPath = gw.caPath;
      await gw.stop();
      await c.closed;
      for (const p of ports) assert.equal(await portOpen(p), false, `port ${p} closed after stop()`);
      await waitFor("children to exit", () => started.every((x) => !alive(x.pid)), 5000);
      assert.equal(existsSync(caPath), false, "temp dir removed");
      await gw.stop(); // idempotent
    }
  });

  test("restartBackend() drops clients, then serves again on the same ports with the same users", async () => {
    const gw = await startLocalEntraRedis();
    try {
      await gw.assign(OID, "Data Owner");
      const port = gw.backend.port;
      const c = await RawClient.tls(gw);
      assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
      assert.equal(await c.call("SET", "k", "v"), "OK");
      await gw.restartBackend();
      await c.closed;
      assert.equal(gw.backend.port, port);
      const d = await RawClient.tls(gw);
      assert.equal(await d.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
      assert.equal(await d.call("GET", "k"), null, "no persistence: data is gone, users are back");
      d.close();
    } finally {
      await gw.stop();
    }
  });

  test("restartBackend() in cluster mode comes back with cluster_state:ok", async () => {
    const gw = await startLocalEntraRedis({ cluster: { shards: 2 } });
    try {
      await gw.assign(OID, "Data Owner");
      await gw.restartBackend();
      const c = await RawClient.tls(gw);
      assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
      assert.match(String(await c.call("CLUSTER", "INFO")), /cluster_state:ok/);
      c.close();
    } finally {
      await gw.stop();
    }
  });

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    test(`redis-servers die with the process that started them (${signal})`, async () => {
      const child = spawn(
        process.execPath,
        [new URL("./fixtures/start-and-wait.ts", import.meta.url).pathname],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const started = await new Promise<{ gateways: number[]; backends: number[]; caPath: string }>(
        (resolve, reject) => {
          let out = "";
          child.stdout.on("data", (d: Buffer) => {
            out += d.toString();
            if (out.includes("\n"))
              resolve(
                JSON.parse(out.split("\n")[0]) as { gateways: number[]; backends: number[]; caPath: string },
              );
          });
          child.once("exit", (code) => reject(new Error(`fixture exited early (${String(code)})`)));
        },
      );
      for (const p of started.backends) assert.equal(await portOpen(p), true);
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
      // SIGTERM: the exit hooks kill redis-server at once; SIGKILL: the watchdog does within a few seconds.
      await waitFor(
        "backend ports to close",
        async () => (await Promise.all(started.backends.map(portOpen))).every((open) => !open),
        10_000,
      );
      await waitFor("temp dir to be removed", () => !existsSync(started.caPath), 10_000);
    });
  }

  test("a missing redis-server fails with an install hint", async () => {
    await assert.rejects(
      startLocalEntraRedis({ redisServerPath: "/nonexistent/redis-server" }),
      (err: Error) => {
        assert.ok(err instanceof RedisServerError);
        assert.match(err.message, /apt-get install redis-server/);
        assert.match(err.message, /brew install redis/);
        return true;
      },
    );
    await assert.rejects(startLocalEntraRedis({ cluster: { shards: 0 } }), /cluster\.shards/);
  });
});
