/**
 * Differential test of checkAclPermissions against a real redis-server: whatever the checker
 * accepts, ACL SETUSER accepts (and the other way round for generated rule strings).
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { checkAclPermissions } from "../../src/infra/acl-permissions.ts";
import { REDIS6_ACL_CATEGORIES, REDIS6_COMMANDS } from "../../src/infra/acl-redis6-commands.ts";
import { ACCEPTED } from "./acl-permissions-cases.ts";

/** mulberry32: small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed: number): () => string {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const commands = [...REDIS6_COMMANDS.keys()];
  const containers = commands.filter((c) => (REDIS6_COMMANDS.get(c) ?? []).length > 0);
  const randomCase = (s: string): string =>
    rand() < 0.2 ? [...s].map((ch) => (rand() < 0.5 ? ch.toUpperCase() : ch)).join("") : s;
  const junk = (): string => {
    const alphabet = "abcxyz019:*?[]^-_|@~&%+()<>#!'\"\\{}.";
    let s = "";
    const n = 1 + Math.floor(rand() * 6);
    for (let i = 0; i < n; i++) s += pick([...alphabet]);
    return s;
  };
  const valid: Array<() => string> = [
    () => "+" + randomCase(pick(commands)),
    () => "-" + randomCase(pick(commands)),
    () => pick(["+", "-"]) + "@" + randomCase(pick(REDIS6_ACL_CATEGORIES)),
    () => {
      const c = pick(containers);
      return `+${randomCase(c)}|${randomCase(pick(REDIS6_COMMANDS.get(c) ?? []))}`;
    },
    () => `+${pick(["select", "debug", "get", "cluster"])}|${pick(["0", "object", "info", "x"])}`,
    () =>
      randomCase(pick(["allcommands", "nocommands", "allkeys", "resetkeys", "allchannels", "resetchannels"])),
    () => "~" + pick(["*", "cache:*", "a", "x?y", "[ab]*", "{tag}:*", junk()]),
    () => "&" + pick(["*", "events:*", "c", junk()]),
    () => "resetchannels",
    () => "resetkeys",
  ];
  const invalid: Array<() => string> = [
    () => "+@" + pick(["reed", "wrte", "dangerus", "alll", "keys", "", junk()]),
    () => pick(["+", "-"]) + pick(["gett", "fcall", "function", "sintercard", "lmpop", "", junk()]),
    () => `+${pick(containers)}|${pick(["nosuch", "", "get|x", "no-evict", junk()])}`,
    () => `-${pick(containers)}|${pick(["get", "list", "info"])}`,
    () => pick(["on", "off", "nopass", "resetpass", "reset", "sanitize-payload", "skip-sanitize-payload"]),
    () => pick([">", "<"]) + pick(["pw", "", junk()]),
    () => pick(["#", "!"]) + pick(["a".repeat(64), "abc", ""]),
    () => pick(["%R~", "%W~", "%RW~", "%"]) + pick(["*", "x"]),
    () => pick(["(+get", "~x)", "(~a +set)", "clearselectors", "()"]),
    () => pick(["get", "@read", "allkeyz", "~", "&", "|", "+|", junk()]),
  ];
  return () => {
    const n = 1 + Math.floor(rand() * 6);
    const tokens: string[] = [];
    for (let i = 0; i < n; i++) tokens.push(rand() < 0.85 ? pick(valid)() : pick(invalid)());
    return tokens.join(rand() < 0.1 ? "  " : " ");
  };
}

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
  const seed = Number(process.env.ACL_FUZZ_SEED ?? 20261128);
  const count = 3000;
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

  /** Runs ACL SETUSER with each rule string on a fresh user and, separately, after `reset`. */
  async function redisAccepts(
    inputs: string[],
  ): Promise<Array<{ fresh: string | null; afterReset: string | null }>> {
    const pipeline = redis.pipeline();
    inputs.forEach((input, i) => {
      const rules = input.split(/\s+/).filter((t) => t !== "");
      pipeline.call("ACL", "SETUSER", `probe${i}`, ...rules);
      pipeline.call("ACL", "SETUSER", "probe", "reset", ...rules);
    });
    const replies = (await pipeline.exec()) ?? [];
    assert.equal(replies.length, inputs.length * 2);
    return inputs.map((_, i) => ({
      fresh: replies[2 * i][0]?.message ?? null,
      afterReset: replies[2 * i + 1][0]?.message ?? null,
    }));
  }

  test("the hand-written accepted cases and built-in policies are accepted by Redis", async () => {
    const results = await redisAccepts(ACCEPTED);
    ACCEPTED.forEach((input, i) => {
      assert.equal(results[i].fresh, null, `${JSON.stringify(input)}: ${results[i].fresh}`);
      assert.equal(results[i].afterReset, null, `${JSON.stringify(input)}: ${results[i].afterReset}`);
    });
  });

  test(`generated rule strings: checker-accepted ⊆ Redis-accepted (seed ${seed}, ${count} strings)`, async (t) => {
    const next = generator(seed);
    const inputs = Array.from({ length: count }, next);
    const results = await redisAccepts(inputs);
    let checkerAccepted = 0;
    let redisAccepted = 0;
    let redisOnly = 0;
    const failures: string[] = [];
    inputs.forEach((input, i) => {
      const verdict = checkAclPermissions(input);
      const { fresh, afterReset } = results[i];
      const redisOk = fresh === null && afterReset === null;
      if (verdict.ok) checkerAccepted++;
      if (redisOk) redisAccepted++;
      if (redisOk && !verdict.ok) redisOnly++;
      if (verdict.ok && !redisOk) failures.push(`${JSON.stringify(input)} -> ${fresh ?? afterReset}`);
    });
    t.diagnostic(
      `seed ${seed}: checker accepted ${checkerAccepted}, Redis accepted ${redisAccepted}, Redis-only ${redisOnly} of ${count}`,
    );
    assert.deepEqual(
      failures,
      [],
      `seed ${seed} (rerun with ACL_FUZZ_SEED=${seed}): the checker accepted what Redis rejects`,
    );
    // The generator must exercise both sides, or the property above says nothing.
    assert.ok(checkerAccepted >= count * 0.15, `seed ${seed}: only ${checkerAccepted} strings accepted`);
    assert.ok(
      count - redisAccepted >= count * 0.15,
      `seed ${seed}: Redis rejected only ${count - redisAccepted}`,
    );
  });
});
