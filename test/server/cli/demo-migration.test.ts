/**
 * `demo --migration` as a subprocess: the app runs through a local move to a Managed Redis-style
 * instance; its summary counts every failed command and lost message, and the exit code follows.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { JWT, runCli } from "../../cli/helpers.ts";

interface MigrationDemoDoc {
  ok: boolean;
  commandsDone: number;
  commandsFailed: number;
  messagesPublished: number;
  messagesLost: number;
  keysKeptAcrossSwitch: number;
  keysWrittenBefore: number;
  longestStallMs: number;
  targetConnections: number;
  sourceConnections: number;
  report: { keysCopied: number; connectionsClosed: number; identitiesCopied: number };
}

test("demo --migration --json: the app moves with no failed command, no lost message, its data along", async () => {
  const r = await runCli(["demo", "--migration", "--duration", "4s", "--json"], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const doc = JSON.parse(r.stdout) as MigrationDemoDoc;
  assert.equal(doc.ok, true);
  assert.equal(doc.commandsFailed, 0);
  assert.equal(doc.messagesLost, 0);
  assert.ok(doc.commandsDone > 100, `commands: ${doc.commandsDone}`);
  assert.ok(doc.messagesPublished > 20, `published: ${doc.messagesPublished}`);
  assert.equal(doc.keysKeptAcrossSwitch, doc.keysWrittenBefore);
  assert.ok(doc.report.keysCopied >= doc.keysWrittenBefore);
  assert.equal(doc.report.identitiesCopied, 1);
  assert.equal(doc.report.connectionsClosed, 2, "the app's connection and its subscriber");
  assert.equal(doc.sourceConnections, 0);
  assert.equal(doc.targetConnections, 2);
  assert.ok(doc.longestStallMs > 0);
  assert.doesNotMatch(r.stdout + r.stderr, JWT);
});
