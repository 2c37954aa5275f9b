import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { checkAclPermissions, redactAclPermissions } from "../../src/infra/acl-permissions.ts";
import { REDIS6_ACL_CATEGORIES, REDIS6_COMMANDS } from "../../src/infra/acl-redis6-commands.ts";

// Built-in Azure policies (docs/azure-facts.md, "Data access policies").
const BUILT_INS = {
  "Data Owner": "+@all allkeys",
  "Data Contributor": "+@all -@dangerous +cluster|info +cluster|nodes +cluster|slots allkeys",
  "Data Reader": "+@read +@connection +cluster|info +cluster|nodes +cluster|slots allkeys",
};

const ACCEPTED = [
  ...Object.values(BUILT_INS),
  "+get ~cache:*",
  "+@read -@dangerous ~reports:* ~cache:*",
  "allcommands allkeys",
  "nocommands +ping",
  "+GET +@READ ALLKEYS", // Redis is case-insensitive here
  "+config|get +client|list +object|encoding",
  "+select|0", // first argument of a command without subcommands (Redis 6 syntax)
  "resetchannels &events:* &jobs:*",
  "allchannels allkeys",
  "&* ~*",
  "allkeys resetkeys ~a:*",
  "allchannels resetchannels &a",
  "  +get   ~x  ", // extra spaces are no-ops
  "+getdel +lmove +@stream", // Redis 6.2 commands
];

type Rejection = { input: string; problem: RegExp; fix: RegExp };

// One case per rejection rule; the `problem` pattern is specific to that rule, so each case fails if
// its rule is removed (the input would then be accepted or rejected for another reason).
const REJECTED: Rejection[] = [
  { input: "", problem: /^is empty$/, fix: /\+@read allkeys/ },
  { input: "   ", problem: /^is empty$/, fix: /at least one/ },
  { input: "+get\t~x", problem: /tab or line break/, fix: /single spaces/ },
  { input: "+get\n~x", problem: /tab or line break/, fix: /single spaces/ },
  { input: "+get \u0001", problem: /control character/, fix: /remove it/ },
  { input: "+@reed allkeys", problem: /unknown ACL category "@reed" \(rule 1\)/, fix: /"\+@read"/ },
  {
    input: "allkeys -@dangerus",
    problem: /unknown ACL category "@dangerus" \(rule 2\)/,
    fix: /"-@dangerous"/,
  },
  { input: "+gett", problem: /unknown Redis command "gett"/, fix: /"\+get"/ },
  { input: "+fcall", problem: /unknown Redis command "fcall"/, fix: /Redis 6 command/ }, // Redis 7 only
  { input: "+config|nosuch", problem: /unknown subcommand "nosuch" of "config"/, fix: /get, help/ },
  {
    input: "+client|no-evict",
    problem: /unknown subcommand "no-evict"/,
    fix: /client's Redis 6 subcommands/,
  }, // Redis 7 only
  { input: "+config|", problem: /malformed subcommand rule/, fix: /exactly one subcommand/ },
  { input: "+config|get|x", problem: /malformed subcommand rule/, fix: /exactly one subcommand/ },
  { input: "+|get", problem: /not a Redis ACL permission rule/, fix: /\+command/ },
  { input: "+", problem: /not a Redis ACL permission rule/, fix: /\+command/ },
  {
    input: "-config|get",
    problem: /removes a single subcommand.*Redis 6/,
    fix: /"-config".*"\+config\|<subcommand>"/,
  },
  { input: "on +get", problem: /user-management rule "on"/, fix: /remove it/ },
  { input: "+get off", problem: /user-management rule "off" \(rule 2\)/, fix: /remove it/ },
  { input: "nopass +get", problem: /user-management rule "nopass"/, fix: /remove it/ },
  { input: "resetpass", problem: /user-management rule "resetpass"/, fix: /remove it/ },
  { input: "reset +get", problem: /user-management rule "reset"/, fix: /remove it/ },
  { input: "skip-sanitize-payload", problem: /user-management rule/, fix: /remove it/ },
  {
    input: "+get >hunter2",
    problem: /user-management rule ">…" \(rule 2\).*password \(value hidden\)/,
    fix: /Entra ID token/,
  },
  { input: "<hunter2", problem: /user-management rule "<…".*password/, fix: /Entra ID token/ },
  { input: "#" + "a".repeat(64), problem: /user-management rule "#…".*password hash/, fix: /Entra ID token/ },
  { input: "!" + "b".repeat(64), problem: /user-management rule "!…".*password hash/, fix: /Entra ID token/ },
  { input: "%R~cache:*", problem: /Redis 7 read\/write key pattern.*runs Redis 6/, fix: /~prefix:\*/ },
  { input: "%W~*", problem: /Redis 7 read\/write key pattern/, fix: /plain key pattern/ },
  { input: "%RW~x", problem: /Redis 7 read\/write key pattern/, fix: /plain key pattern/ },
  { input: "(+get ~x)", problem: /Redis 7 selector rule.*runs Redis 6/, fix: /without selectors/ },
  { input: "clearselectors", problem: /Redis 7 selector rule/, fix: /without selectors/ },
  { input: "allkeys ~x:*", problem: /key pattern "~x:\*" \(rule 2\) after all keys/, fix: /resetkeys/ },
  { input: "~* ~x", problem: /key pattern "~x" \(rule 2\) after all keys/, fix: /resetkeys/ },
  { input: "&events:*", problem: /channel pattern "&events:\*".*allchannels/, fix: /resetchannels before/ },
  {
    input: "resetchannels allchannels &x",
    problem: /channel pattern "&x" \(rule 3\)/,
    fix: /resetchannels before/,
  },
  { input: "~", problem: /key rule "~" without a pattern/, fix: /~cache:\*/ },
  { input: "resetchannels &", problem: /channel rule "&" without a pattern/, fix: /&events:\*/ },
  {
    input: "get",
    problem: /"get" \(rule 1\), which is not a Redis ACL permission rule/,
    fix: /prefix the command with "\+"/,
  },
  { input: "@read", problem: /"@read" \(rule 1\), which is not/, fix: /prefix the category/ },
  { input: "allkeyz", problem: /"allkeyz" \(rule 1\), which is not/, fix: /allkeys/ },
];

describe("checkAclPermissions: hand-written cases", () => {
  for (const input of ACCEPTED) {
    test(`accepts ${JSON.stringify(input)}`, () => {
      assert.deepEqual(checkAclPermissions(input), { ok: true });
    });
  }
  for (const [name, permissions] of Object.entries(BUILT_INS)) {
    test(`accepts the built-in ${name} policy`, () => {
      assert.deepEqual(checkAclPermissions(permissions), { ok: true });
    });
  }
  for (const { input, problem, fix } of REJECTED) {
    test(`rejects ${JSON.stringify(input.length > 40 ? input.slice(0, 40) + "…" : input)}`, () => {
      const result = checkAclPermissions(input);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.match(result.problem, problem);
      assert.match(result.fix, fix);
      for (const text of [result.problem, result.fix]) {
        assert.doesNotMatch(text, /[.]$/, "problem and fix are clauses without a trailing period");
        assert.doesNotMatch(text, /\n/);
      }
    });
  }

  test("never echoes a password or hash, wherever it appears", () => {
    const secrets = ["hunter2", "c".repeat(64)];
    for (const input of [
      ">hunter2",
      "+get <hunter2 ~x",
      `#${"c".repeat(64)}`,
      `+@read !${"c".repeat(64)}`,
      "+@reed >hunter2",
    ]) {
      const result = checkAclPermissions(input);
      assert.equal(result.ok, false);
      if (result.ok) continue;
      for (const secret of secrets) {
        assert.ok(
          !result.problem.includes(secret) && !result.fix.includes(secret),
          `${input}: secret leaked`,
        );
      }
    }
  });

  test("redactAclPermissions hides password and hash values", () => {
    assert.equal(redactAclPermissions("+get >hunter2  <old #abc !def ~k"), "+get >***  <*** #*** !*** ~k");
    assert.equal(redactAclPermissions("+@read allkeys"), "+@read allkeys");
  });

  test("the tables hold Redis 6 names only", () => {
    assert.ok(REDIS6_ACL_CATEGORIES.includes("read") && REDIS6_ACL_CATEGORIES.includes("all"));
    assert.ok(REDIS6_COMMANDS["get"] !== undefined && REDIS6_COMMANDS["getdel"] !== undefined);
    assert.equal(REDIS6_COMMANDS["fcall"], undefined, "FCALL is Redis 7");
    assert.ok(REDIS6_COMMANDS["config"].includes("get"));
  });
});

// ---------------------------------------------------------------------------------------------
// Differential test against a real redis-server: whatever the checker accepts, ACL SETUSER accepts.

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
  const commands = Object.keys(REDIS6_COMMANDS);
  const containers = commands.filter((c) => REDIS6_COMMANDS[c].length > 0);
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
      return `+${randomCase(c)}|${randomCase(pick(REDIS6_COMMANDS[c]))}`;
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
