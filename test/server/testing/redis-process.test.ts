/**
 * redis-server on free ports: a port drawn by freePort can be taken before redis-server binds it
 * (another socket on the machine gets it), and the gateway then draws new ports and starts again, up
 * to 3 times; any other failure is reported at once.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRedisServer, RedisServerError } from "../../../src/internal/redis-server.ts";
import {
  freePort,
  portTaken,
  RedisServerProcess,
  startOnFreePorts,
} from "../../../src/testing/redis-process.ts";

const admin = { username: "admin", password: randomBytes(16).toString("hex") };
let dir: string;
let taken: Server;
let takenPort: number;
const started: RedisServerProcess[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "redis-process-"));
  // A port some other socket holds.
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  takenPort = (taken.address() as { port: number }).port;
});
after(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await new Promise((resolve) => taken.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function server(port: number, name: string, binary = findRedisServer()): RedisServerProcess {
  const s = new RedisServerProcess({ binary, dir, name, port, admin });
  started.push(s);
  return s;
}

test("a port taken before redis-server binds it: new ports are drawn and the server starts", async () => {
  const ports: number[] = [];
  const made = await startOnFreePorts(async () => {
    const port = ports.length === 0 ? takenPort : await freePort();
    ports.push(port);
    return { process: server(port, `retry-${ports.length}`), port };
  });
  assert.equal(ports.length, 2, "a second attempt, on a new port");
  assert.equal(ports[0], takenPort);
  assert.notEqual(made.port, takenPort);
  assert.ok(made.process.pid !== undefined, "the second server runs");
});

test("a port taken every time: 3 attempts, then the bind failure", async () => {
  let attempts = 0;
  const err = await startOnFreePorts(async () => {
    attempts += 1;
    return { process: server(takenPort, `always-${attempts}`) };
  }).then(
    () => assert.fail("started on a taken port"),
    (e: unknown) => e,
  );
  assert.equal(attempts, 3);
  assert.ok(err instanceof RedisServerError, String(err));
  assert.ok(portTaken(err), err.message);
  assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${takenPort}`));
});

test("any other failure is reported at once, without another attempt", async () => {
  const fake = join(dir, "not-redis-server");
  writeFileSync(fake, "#!/bin/sh\necho 'Fatal error, cannot open config file'\nexit 1\n");
  chmodSync(fake, 0o755);
  let attempts = 0;
  const err = await startOnFreePorts(async () => {
    attempts += 1;
    return { process: server(await freePort(), `other-${attempts}`, fake) };
  }).then(
    () => assert.fail("a failing binary started"),
    (e: unknown) => e,
  );
  assert.equal(attempts, 1);
  assert.ok(err instanceof RedisServerError);
  assert.equal(portTaken(err), false);
  assert.match(err.message, /cannot open config file/);
});

test("portTaken: only a RedisServerError about a port in use", () => {
  assert.equal(portTaken(new RedisServerError("bind: Address already in use")), true);
  assert.equal(portTaken(new RedisServerError("did not accept connections within 15 s")), false);
  assert.equal(portTaken(new Error("Address already in use")), false, "not from redis-server");
});
