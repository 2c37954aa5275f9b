/**
 * `local` prints what clients send (the AUTH username) without letting it drive the terminal (issue
 * 19, item 12): control characters arrive escaped.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { startCli } from "../../cli/helpers.ts";

/** Waits (bounded) until `check()` holds on the output so far. */
function until(
  check: () => boolean,
  what: string,
  timeoutMs: number,
  poke: (f: () => void) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const test = (): void => {
      if (!check()) return;
      clearTimeout(timer);
      resolve();
    };
    poke(test);
    test();
  });
}

test("local: a client's username with terminal escape sequences is printed escaped", async () => {
  const dir = mkdtempSync(join(tmpdir(), "are-cli-escape-"));
  const statePath = join(dir, "s.json");
  const local = startCli(["local", "--state-file", statePath]);
  let out = "";
  const listeners: (() => void)[] = [];
  local.stdout!.setEncoding("utf8").on("data", (d: string) => {
    out += d;
    for (const l of listeners) l();
  });
  local.stderr!.resume();
  const poke = (f: () => void): void => {
    listeners.push(f);
  };
  try {
    await until(() => out.includes("doctor --credential local"), "local to be ready", 60_000, poke);
    const state = JSON.parse(readFileSync(statePath, "utf8")) as {
      host: string;
      port: number;
      caPath: string;
    };
    const evil = "\x1b]0;pwned\x07\x1b[2J\r\u202e";
    const socket = connect({ host: state.host, port: state.port, ca: readFileSync(state.caPath, "utf8") });
    socket.on("error", () => undefined);
    await new Promise<void>((resolve) => socket.once("secureConnect", () => resolve()));
    const user = Buffer.from(evil, "utf8");
    socket.write(
      Buffer.concat([
        Buffer.from(`*3\r\n$4\r\nAUTH\r\n$${user.length}\r\n`),
        user,
        Buffer.from("\r\n$5\r\ntoken\r\n"),
      ]),
    );
    await until(() => /AUTH [^\n]* refused/.test(out), "the auth event line", 20_000, poke);
    socket.destroy();
    const authLine = out.split("\n").find((l) => /AUTH [^\n]* refused/.test(l)) ?? "";
    assert.doesNotMatch(
      out,
      /[\x07\x1b\r\u202e]/u,
      "a control character from the client reached the terminal",
    );
    assert.ok(authLine.includes("\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\u202e"), authLine);
  } finally {
    const exited = new Promise<number | null>((r) => local.once("exit", (code) => r(code)));
    local.kill("SIGINT");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
