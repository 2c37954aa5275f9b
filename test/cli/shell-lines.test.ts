/** The shell lines `local` prints (src/cli/commands/local/shell-lines.ts): quoting and the CLI's own invocation. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cliInvocation, redisCliLines, shellQuote } from "../../src/cli/commands/local/shell-lines.ts";
import { defaultStatePath } from "../../src/cli/commands/local/state.ts";

test("shellQuote leaves plain words alone and quotes the rest so sh reads them back", () => {
  assert.equal(shellQuote("/tmp/ca.pem"), "/tmp/ca.pem");
  for (const s of ["/tmp/my dir/ca.pem", "it's", "$(rm -rf x)", "a;b"])
    assert.equal(execFileSync("sh", ["-c", `printf %s ${shellQuote(s)}`], { encoding: "utf8" }), s);
});

test("cliInvocation: npx from an installed copy or npx's cache, this Node.js on the entry from a clone", () => {
  assert.equal(cliInvocation("/app/node_modules/azure-redis-entra/"), "npx azure-redis-entra");
  assert.equal(
    cliInvocation("/home/u/.npm/_npx/1a2b/node_modules/azure-redis-entra/"),
    "npx azure-redis-entra",
  );
  assert.match(
    cliInvocation("/elsewhere/azure-redis-entra/", "/opt/node 24/bin/node"),
    /^'\/opt\/node 24\/bin\/node' \/elsewhere\/azure-redis-entra\/src\/cli\/main\.ts$/,
  );
});

test("redisCliLines: the state file only when not the default, -c for a cluster, no --pass", () => {
  const target = {
    host: "127.0.0.1",
    port: 7000,
    caPath: "/tmp/ca.pem",
    objectId: "0c0c0c0c-1111-4222-8333-444444444444",
    cluster: false,
  };
  const [exp, cli] = redisCliLines({ ...target, statePath: defaultStatePath() }, "npx azure-redis-entra");
  assert.equal(exp, 'export REDISCLI_AUTH="$(npx azure-redis-entra local token)"');
  assert.equal(
    cli,
    "redis-cli --tls --cacert /tmp/ca.pem -h 127.0.0.1 -p 7000 --user 0c0c0c0c-1111-4222-8333-444444444444 ping",
  );
  const [exp2, cli2] = redisCliLines(
    { ...target, cluster: true, statePath: "/tmp/s.json" },
    "npx azure-redis-entra",
  );
  assert.equal(exp2, 'export REDISCLI_AUTH="$(npx azure-redis-entra local token --state-file /tmp/s.json)"');
  assert.match(cli2, / -p 7000 -c --user /);
});
