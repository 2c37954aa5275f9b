/** `local --print-token` prints a token only when asked, and it works with redis-cli (a client no one here wrote). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { JWT, startCli } from "../../cli/helpers.ts";

const run = promisify(execFile);

test("local --print-token --json includes one token that redis-cli can AUTH with; SIGINT exits 0", async () => {
  const dir = mkdtempSync(join(tmpdir(), "are-cli-token-"));
  const objectId = "0c0c0c0c-1111-4222-8333-444444444444";
  const local = startCli([
    "local",
    "--json",
    "--print-token",
    "--object-id",
    objectId,
    "--policy",
    "Data Contributor",
    "--state-file",
    join(dir, "s.json"),
  ]);
  let out = "";
  let err = "";
  local.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  local.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready: ${err}`)), 60_000);
      local.stdout!.on("data", () => {
        if (/\n}\n$/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      local.on("exit", (code) => reject(new Error(`local exited ${code}: ${err}`)));
    });
    const ready = JSON.parse(out) as { host: string; port: number; caPath: string; token: string };
    assert.match(ready.token, JWT);
    const { stdout } = await run("redis-cli", [
      "--tls",
      "--cacert",
      ready.caPath,
      "-h",
      ready.host,
      "-p",
      String(ready.port),
      "--user",
      objectId,
      "--pass",
      ready.token,
      "--no-auth-warning",
      "SET",
      "k",
      "v",
    ]);
    assert.equal(stdout.trim(), "OK");
  } finally {
    const exited = new Promise<number | null>((r) => local.once("exit", (code) => r(code)));
    local.kill("SIGINT");
    assert.equal(await exited, 0);
    rmSync(dir, { recursive: true, force: true });
  }
});
