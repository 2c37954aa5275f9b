/** --help on every command, usage errors exit 2, version. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "./helpers.ts";

for (const command of ["demo", "preview", "doctor", "local", "upgrade-state"]) {
  test(`${command} --help prints usage and exits 0`, async () => {
    const r = await runCli([command, "--help"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Usage: azure-redis-entra ${command}`));
    assert.match(r.stdout, /--help/);
  });
}

test("--help on the program lists the five commands", async () => {
  const r = await runCli(["--help"]);
  assert.equal(r.code, 0);
  for (const c of ["demo", "preview", "doctor", "local", "upgrade-state"])
    assert.match(r.stdout, new RegExp(`\\n  ${c}\\b`));
  assert.match(r.stdout, /Exit codes: 0 success, 1 failure/);
});

test("no command prints help to stderr and exits 2", async () => {
  const r = await runCli([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Usage: azure-redis-entra/);
});

test("unknown command exits 2", async () => {
  const r = await runCli(["deploy"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'deploy'/);
});

test("unknown option exits 2", async () => {
  const r = await runCli(["preview", "--frobnicate"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option '--frobnicate'/);
});

test("a bad option value exits 2 with the field named", async () => {
  const r = await runCli(["demo", "--duration", "soon"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--duration "soon" is not a duration/);
  const c = await runCli(["doctor", "--credential", "password"]);
  assert.equal(c.code, 2);
  assert.match(
    c.stderr,
    /--credential "password" is not one of default, cli, managed-identity, workload-identity, local/,
  );
});

test("--version prints the package version", async () => {
  const r = await runCli(["--version"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+/);
});

test("colours only when asked for or on a terminal: none when piped, ANSI with FORCE_COLOR", async () => {
  const piped = await runCli(["deploy"], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
  assert.equal(piped.code, 2);
  assert.doesNotMatch(piped.stderr, /\x1b\[/);
  const forced = await runCli(["deploy"], { env: { FORCE_COLOR: "1", NO_COLOR: undefined } });
  assert.match(forced.stderr, /\x1b\[31m/);
});
