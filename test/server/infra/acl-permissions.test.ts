/**
 * Differential property test of checkAclPermissions against a real redis-server (fast-check): whatever
 * the checker accepts, ACL SETUSER accepts, on a fresh user and after `reset`. Redis gets the rules
 * split on plain spaces, as the checker reads them. CI runs a fixed seed and a bounded count
 * (test/fuzz.ts); `node scripts/fuzz.ts acl` runs many more.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { checkAclPermissions } from "../../../src/infra/acl-permissions.ts";
import fc from "fast-check";
import { fuzzParameters } from "../../fuzz.ts";
import { aclPermissions } from "../../infra/acl-arbitraries.ts";
import { ACCEPTED } from "../../infra/acl-permissions-cases.ts";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<{ port: number; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "acl-diff-"));
  const port = await freePort();
  // acl-pubsub-default allchannels: new users start with all channels, as on Redis 6.
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
      "--acl-pubsub-default",
      "allchannels",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const killer = () => child.kill("SIGKILL");
  process.once("exit", killer);
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) resolve();
    });
  });
  child.removeAllListeners("exit");
  return { port, child, dir };
}

describe("checkAclPermissions against redis-server ACL SETUSER", () => {
  let server: { port: number; child: ChildProcess; dir: string };
  let redis: Redis;

  before(async () => {
    server = await startRedis();
    redis = new Redis({ host: "127.0.0.1", port: server.port, lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect();
  });

  after(async () => {
    redis?.disconnect();
    if (server) {
      const exited = new Promise((resolve) => server.child.once("exit", resolve));
      server.child.kill("SIGTERM");
      await exited;
      rmSync(server.dir, { recursive: true, force: true });
    }
  });

  /** Redis's error for the rule string on a fresh user, else after `reset`, else null (accepted). */
  async function redisRefusal(input: string): Promise<string | null> {
    const rules = input.split(" ").filter((t) => t !== "");
    const replies =
      (await redis
        .pipeline()
        .call("ACL", "DELUSER", "fresh")
        .call("ACL", "SETUSER", "fresh", ...rules)
        .call("ACL", "SETUSER", "probe", "reset", ...rules)
        .exec()) ?? [];
    assert.equal(replies.length, 3);
    return replies[1][0]?.message ?? replies[2][0]?.message ?? null;
  }

  test("the hand-written accepted cases and built-in policies are accepted by Redis", async () => {
    for (const input of ACCEPTED) assert.equal(await redisRefusal(input), null, JSON.stringify(input));
  });

  test("generated rule strings: checker-accepted ⊆ Redis-accepted (fast-check)", async (t) => {
    const parameters = fuzzParameters<[string]>(1500);
    let runs = 0;
    let checkerAccepted = 0;
    let redisRejected = 0;
    let redisOnly = 0;
    await fc.assert(
      fc.asyncProperty(aclPermissions, async (input) => {
        const refusal = await redisRefusal(input);
        const verdict = checkAclPermissions(input);
        runs++;
        if (verdict.ok) checkerAccepted++;
        if (refusal !== null) redisRejected++;
        if (refusal === null && !verdict.ok) redisOnly++;
        if (verdict.ok && refusal !== null)
          assert.fail(`the checker accepts ${JSON.stringify(input)}, which Redis rejects: ${refusal}`);
      }),
      parameters,
    );
    t.diagnostic(
      `seed ${parameters.seed}: checker accepted ${checkerAccepted}, Redis rejected ${redisRejected}, Redis-only ${redisOnly} of ${runs}`,
    );
    // The generator must exercise both sides, or the property above says nothing.
    assert.ok(checkerAccepted >= runs * 0.15, `only ${checkerAccepted} of ${runs} strings accepted`);
    assert.ok(redisRejected >= runs * 0.15, `Redis rejected only ${redisRejected} of ${runs}`);
  });
});
