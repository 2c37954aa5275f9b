/**
 * `local` prints redis-cli lines a person can paste and run: `export REDISCLI_AUTH="$(… local token)"`
 * then `redis-cli --tls … --user <oid> ping`. The test runs exactly the printed lines in a shell.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { JWT, ROOT, runCli, startCli } from "../../cli/helpers.ts";

const run = promisify(execFile);

test("local's printed redis-cli lines run as pasted: a fresh token in REDISCLI_AUTH, PONG, no password warning", async () => {
  const dir = mkdtempSync(join(tmpdir(), "are-cli-rediscli-"));
  const local = startCli(["local", "--policy", "Data Contributor", "--state-file", join(dir, "s.json")]);
  let out = "";
  local.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  local.stderr!.resume();
  try {
    await new Promise<void>((resolve, reject) => {
      local.stdout!.on("data", () => /Check it:/.test(out) && resolve());
      local.on("exit", (code) => reject(new Error(`local exited ${code}:\n${out}`)));
    });
    assert.doesNotMatch(out, JWT, "no token unless asked");
    assert.doesNotMatch(out, /\$TOKEN|--pass\b/);
    const lines = out
      .split("\n")
      .filter((l) => /^ {2}(export REDISCLI_AUTH=|redis-cli )/.test(l))
      .map((l) => l.trim());
    assert.equal(lines.length, 2, out);
    assert.match(lines[0], /^export REDISCLI_AUTH="\$\(.* local token --state-file .*\)"$/);
    assert.match(lines[1], /^redis-cli --tls --cacert \S+ -h 127\.0\.0\.1 -p \d+ --user [0-9a-f-]{36} ping$/);
    // As pasted into a shell in the folder the CLI ran from.
    const { stdout, stderr } = await run("sh", ["-c", lines.join("\n")], { cwd: ROOT });
    assert.equal(stdout.trim(), "PONG");
    assert.doesNotMatch(stderr, /Warning/);
  } finally {
    const exited = new Promise<number | null>((r) => local.once("exit", (code) => r(code)));
    local.kill("SIGINT");
    assert.equal(await exited, 0);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("local token without a running gateway: exit 1, one sentence with how to start it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "are-cli-notoken-"));
  try {
    const r = await runCli(["local", "token", "--state-file", join(dir, "none.json")]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      /no local gateway state at .*none\.json: start one with `azure-redis-entra local`/,
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("local <something else> is a usage error naming the one action", async () => {
  const r = await runCli(["local", "tokens"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /"local tokens" is not an action of local; the only one is local token/);
});
