/**
 * `local` and `doctor` as subprocesses: `local` starts the gateway and writes its state file; `doctor
 * --credential local` passes against it, and fails with the right explanation for a wrong username,
 * a client id as username, and an unassigned identity. No token appears in any output.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { JWT, runCli, startCli } from "../../cli/helpers.ts";

const OBJECT_ID = "6f1d3c9a-1111-4e0b-9a55-0c2d7e3b9a01";
const dir = mkdtempSync(join(tmpdir(), "are-cli-local-"));
const stateFile = join(dir, "state.json");
let local: ChildProcess;
let localOut = "";

interface DoctorDoc {
  ok: boolean;
  steps: { name: string; status: string; problem?: string; fix?: string; detail: string }[];
  token?: { oid?: string; appid?: string; aud?: string };
}

before(async () => {
  local = startCli([
    "local",
    "--json",
    "--object-id",
    OBJECT_ID,
    "--policy",
    "Data Reader",
    "--token-lifetime",
    "2m",
    "--state-file",
    stateFile,
  ]);
  local.stdout!.setEncoding("utf8").on("data", (d: string) => (localOut += d));
  let err = "";
  local.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  // Bounded wait for the ready document (the gateway starts redis-server and generates a CA).
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local did not get ready: ${err}`)), 60_000);
    const check = (): void => {
      if (/"ready": true[\s\S]*\n}\n/.test(localOut)) {
        clearTimeout(timer);
        resolve();
      }
    };
    local.stdout!.on("data", check);
    local.on("exit", (code) => reject(new Error(`local exited with ${code}: ${err}`)));
  });
});

after(async () => {
  if (local.exitCode === null) {
    const exited = new Promise((r) => local.once("exit", r));
    local.kill("SIGINT");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

test("local prints host, port, CA path and the assigned object id, and writes a 0600 state file without a token", () => {
  const ready = JSON.parse(localOut) as {
    host: string;
    port: number;
    caPath: string;
    objectId: string;
    policy: string;
    token?: string;
  };
  assert.equal(ready.objectId, OBJECT_ID);
  assert.equal(ready.policy, "Data Reader");
  assert.ok(ready.port > 0);
  assert.ok(existsSync(ready.caPath));
  assert.match(readFileSync(ready.caPath, "utf8"), /BEGIN CERTIFICATE/);
  assert.equal(ready.token, undefined);
  assert.doesNotMatch(localOut, JWT);
  assert.equal(statSync(stateFile).mode & 0o777, 0o600);
  const state = readFileSync(stateFile, "utf8");
  assert.doesNotMatch(state, JWT);
  assert.equal((JSON.parse(state) as { objectId: string }).objectId, OBJECT_ID);
});

test("doctor --credential local passes every step against the local gateway", async () => {
  const r = await runCli(["doctor", "--credential", "local", "--local-state", stateFile, "--json"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const doc = JSON.parse(r.stdout) as DoctorDoc;
  assert.equal(doc.ok, true);
  assert.deepEqual(
    doc.steps.map((s) => [s.name, s.status]),
    [
      ["token", "pass"],
      ["claims", "pass"],
      ["username", "pass"],
      ["dns", "pass"],
      ["tls", "pass"],
      ["auth", "pass"],
      ["ping", "pass"],
      ["read", "pass"],
    ],
  );
  assert.equal(doc.token?.oid, OBJECT_ID);
  assert.doesNotMatch(r.stdout + r.stderr, JWT);
});

test("doctor (human output) shows each step and the verdict", async () => {
  const r = await runCli(["doctor", "--credential", "local", "--local-state", stateFile]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /✔ auth\s+AUTH as 6f1d3c9a-1111-4e0b-9a55-0c2d7e3b9a01 accepted/);
  assert.match(r.stdout, /All checks passed/);
  assert.doesNotMatch(r.stdout + r.stderr, JWT);
});

test("doctor with a wrong username fails and says the username must be the token's oid", async () => {
  const r = await runCli([
    "doctor",
    "--credential",
    "local",
    "--local-state",
    stateFile,
    "--username",
    "11111111-2222-4333-8444-555555555555",
    "--json",
  ]);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.stdout) as DoctorDoc;
  const auth = doc.steps.find((s) => s.name === "auth")!;
  assert.equal(auth.status, "fail");
  assert.equal(auth.problem, "username-not-object-id");
  assert.match(auth.fix!, /not the token's object id "6f1d3c9a-1111-4e0b-9a55-0c2d7e3b9a01"/);
  assert.equal(doc.steps.find((s) => s.name === "username")!.problem, "username-not-object-id");
  assert.doesNotMatch(r.stdout + r.stderr, JWT);
});

test("doctor with the client id as username names that mistake", async () => {
  const appId = "99999999-8888-4777-8666-555555555555";
  const r = await runCli([
    "doctor",
    "--credential",
    "local",
    "--local-state",
    stateFile,
    "--local-app-id",
    appId,
    "--username",
    appId,
    "--json",
  ]);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.stdout) as DoctorDoc;
  assert.equal(doc.token?.appid, appId);
  assert.equal(doc.steps.find((s) => s.name === "username")!.problem, "username-is-client-id");
  assert.equal(doc.steps.find((s) => s.name === "auth")!.problem, "username-is-client-id");
});

test("doctor for an identity with no assignment fails with the no-assignment explanation", async () => {
  const r = await runCli([
    "doctor",
    "--credential",
    "local",
    "--local-state",
    stateFile,
    "--local-identity",
    "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
    "--json",
  ]);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.stdout) as DoctorDoc;
  const auth = doc.steps.find((s) => s.name === "auth")!;
  assert.equal(auth.status, "fail");
  assert.equal(auth.problem, "no-assignment");
  assert.match(auth.fix!, /no data access policy assignment/);
  assert.match(auth.detail, /WRONGPASS/);
});

test("doctor against a port where nothing listens fails at the TLS step with the port hint", async () => {
  const r = await runCli([
    "doctor",
    "--credential",
    "local",
    "--local-state",
    stateFile,
    "--host",
    "127.0.0.1",
    "--port",
    "1",
    "--json",
  ]);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.stdout) as DoctorDoc;
  const tls = doc.steps.find((s) => s.name === "tls")!;
  assert.equal(tls.problem, "connection-refused");
  assert.match(tls.fix!, /6380/);
});

test("doctor --credential local without a running gateway is a clear failure", async () => {
  const r = await runCli(["doctor", "--credential", "local", "--local-state", join(dir, "missing.json")]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /no local gateway state at .*missing\.json: start one with `azure-redis-entra local`/,
  );
});

test("local stops on SIGINT, exits 0 and removes its state file", async () => {
  const exited = new Promise<number | null>((r) => local.once("exit", (code) => r(code)));
  local.kill("SIGINT");
  assert.equal(await exited, 0);
  assert.equal(existsSync(stateFile), false);
});
