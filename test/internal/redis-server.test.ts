/**
 * findRedisServer: one finder for the testing kit and the CLI. A bare command name is looked up on
 * PATH like a shell does (the CLI used to look for it in the working directory instead), a path with
 * a `/` is taken as it is, and a missing or too old binary gets the install command.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRedisServer, RedisServerError } from "../../src/internal/redis-server.ts";

/** A directory with fake redis-server scripts that answer `--version` like the given Redis version. */
function fakeBin(t: { after: (fn: () => void) => void }, bins: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "are-find-redis-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, version] of Object.entries(bins)) {
    const file = join(dir, name);
    writeFileSync(
      file,
      `#!/bin/sh\necho "Redis server v=${version} sha=00000000:0 malloc=libc bits=64 build=0"\n`,
    );
    chmodSync(file, 0o755);
  }
  return dir;
}

test("a bare command name is looked up on PATH, not in the working directory", (t) => {
  const dir = fakeBin(t, { "redis-server-7": "7.2.4" });
  assert.equal(
    findRedisServer("redis-server-7", { pathEnv: `/nonexistent:${dir}` }),
    join(dir, "redis-server-7"),
  );
  assert.throws(
    () => findRedisServer("redis-server-7", { pathEnv: "/nonexistent" }),
    (err: unknown) =>
      err instanceof RedisServerError &&
      /no executable redis-server on PATH as "redis-server-7"/.test(err.message) &&
      /apt-get install redis-server/.test(err.message),
  );
});

test("without an explicit value, redis-server on PATH is used", (t) => {
  const dir = fakeBin(t, { "redis-server": "8.0.1" });
  assert.equal(findRedisServer(undefined, { pathEnv: dir }), join(dir, "redis-server"));
  assert.throws(
    () => findRedisServer(undefined, { pathEnv: "/nonexistent", option: "--redis-server <path>" }),
    /redis-server was not found on PATH: .*install it with .*, or pass --redis-server <path>/,
  );
});

test("a path is taken as it is and must be executable", (t) => {
  const dir = fakeBin(t, { "my-redis": "7.0.0" });
  const path = join(dir, "my-redis");
  assert.equal(findRedisServer(path, { pathEnv: "" }), path);
  assert.throws(
    () => findRedisServer(join(dir, "missing"), { pathEnv: dir }),
    new RegExp(`no executable redis-server at ${join(dir, "missing")}: .*pass \`redisServerPath\``),
  );
});

test("a binary older than Redis 7, or one that is not redis-server, is refused with the reason", (t) => {
  const dir = fakeBin(t, { "redis-server": "6.2.14" });
  assert.throws(
    () => findRedisServer(undefined, { pathEnv: dir }),
    /is Redis 6\.2; .*needs Redis 7 or later/,
  );
  const other = fakeBin(t, {});
  writeFileSync(join(other, "redis-server"), "#!/bin/sh\necho hello\n");
  chmodSync(join(other, "redis-server"), 0o755);
  assert.throws(
    () => findRedisServer(undefined, { pathEnv: other }),
    /--version did not answer like redis-server \(it said: "hello"\)/,
  );
  // A binary that fails says why on stderr: the reason is in the message.
  writeFileSync(
    join(other, "redis-server"),
    "#!/bin/sh\necho 'cannot open shared object\\033[0m' >&2\nexit 127\n",
  );
  assert.throws(
    () => findRedisServer(undefined, { pathEnv: other }),
    /--version did not answer like redis-server \(it said: "cannot open shared object\\x1b\[0m"\): .*install it/,
  );
});
