/**
 * `demo` as a subprocess: 20 s of live traffic with 4 s tokens through the local gateway must show
 * at least 3 rotations, no failed command and no lost message; its text output ends with the
 * summary.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { JWT, runCli } from "../../cli/helpers.ts";

interface DemoDoc {
  ok: boolean;
  rotations: number;
  tokensIssued: number;
  reauthsAccepted: number;
  subscriberRotations: number;
  commandsDone: number;
  commandsFailed: number;
  messagesPublished: number;
  messagesReceived: number;
  messagesLost: number;
  preview: { skipped?: boolean; ok?: boolean; resources?: number };
  gateway: { authAccepted: number; authRefused: number; closedForExpiry: number };
}

test("demo --duration 20s --json: >= 3 rotations, 0 failed commands, 0 lost messages, exit 0", async () => {
  const r = await runCli(["demo", "--duration", "20s", "--token-lifetime", "4s", "--json"], {
    timeoutMs: 120_000,
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const doc = JSON.parse(r.stdout) as DemoDoc;
  assert.equal(doc.ok, true);
  assert.ok(doc.rotations >= 3, `rotations: ${doc.rotations}`);
  assert.ok(doc.reauthsAccepted >= 3, `re-AUTHs: ${doc.reauthsAccepted}`);
  assert.ok(doc.subscriberRotations >= 3, `subscriber rotations: ${doc.subscriberRotations}`);
  assert.equal(doc.commandsFailed, 0);
  assert.equal(doc.messagesLost, 0);
  assert.ok(doc.commandsDone > 100, `commands: ${doc.commandsDone}`);
  assert.ok(doc.messagesPublished > 50, `published: ${doc.messagesPublished}`);
  assert.equal(doc.messagesReceived, doc.messagesPublished);
  // The gateway's own view: every AUTH accepted, and no connection outlived its token.
  assert.equal(doc.gateway.authRefused, 0);
  assert.equal(doc.gateway.closedForExpiry, 0);
  assert.ok(doc.gateway.authAccepted >= doc.reauthsAccepted + 2);
  // Step 1: the quick-start program at the repository root previewed cleanly.
  assert.equal(doc.preview.ok, true, JSON.stringify(doc.preview));
  assert.ok((doc.preview.resources ?? 0) > 5);
  assert.doesNotMatch(r.stdout + r.stderr, JWT);
});

test("demo without redis-server on PATH says how to install it and exits 1", async () => {
  const r = await runCli(["demo", "--no-preview", "--duration", "2s"], { env: { PATH: "/nonexistent" } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /redis-server was not found on PATH/);
  assert.match(r.stderr, /apt-get install redis-server/);
  assert.match(r.stderr, /brew install redis/);
});

test("demo (text, as CI runs it): the summary is the last thing printed", async () => {
  const r = await runCli(["demo", "--no-preview", "--duration", "4s", "--token-lifetime", "2s"], {
    timeoutMs: 120_000,
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  const summary = lines.indexOf("Summary");
  assert.ok(summary > 0, r.stdout);
  assert.match(lines.at(-2) ?? "", /^No command failed and no message was lost across token rotations\.$/);
  assert.match(lines.at(-1) ?? "", /^Next: /);
  // Nothing but the summary's own lines after "Summary": no late event line ("+  4.6s re-AUTH failed ...").
  assert.deepEqual(
    lines.slice(summary).filter((l) => /^\+\s*\d/.test(l)),
    [],
    r.stdout,
  );
  assert.doesNotMatch(r.stdout + r.stderr, JWT);
});
