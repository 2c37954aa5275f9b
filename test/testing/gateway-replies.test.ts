/**
 * Reply matching without a server: where matching ends (after the replies to what came before CLIENT
 * REPLY OFF and the like) and what happens when Redis's replies can't be read with an AUTH waiting.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { K_AUTH, OTHER, ReplyMatcher, type AuthAttempt } from "../../src/testing/gateway-replies.ts";

const okAuth: AuthAttempt = {
  command: "AUTH",
  username: "u",
  check: { ok: true, objectId: "u", expiresAt: 1 },
};

function matcher() {
  const seen = { settled: [] as [string | undefined, boolean][], unknown: 0, resets: 0 };
  const m = new ReplyMatcher({
    settleAuth: (a, accepted) => seen.settled.push([a.username, accepted]),
    reset: () => seen.resets++,
    unknownOutcome: () => seen.unknown++,
  });
  return { m, seen };
}

test("an AUTH queued before the end of matching is settled by Redis's reply, not by the gateway's verdict", () => {
  const { m, seen } = matcher();
  m.push({ kind: K_AUTH, auth: okAuth });
  m.endAfterQueued(); // e.g. CLIENT REPLY OFF
  assert.equal(m.ending, true);
  assert.deepEqual(seen.settled, []);
  m.feed(Buffer.from("-ERR Can't execute 'auth' in this context\r\n"));
  assert.deepEqual(seen.settled, [["u", false]]);
  // Whatever comes after is not matched.
  m.push(OTHER);
  m.feed(Buffer.from("+OK\r\n+OK\r\n"));
  assert.deepEqual(seen.settled, [["u", false]]);
  assert.equal(seen.unknown, 0);
});

test("unreadable replies while an AUTH Redis may accept is waiting: the outcome is unknown", () => {
  const { m, seen } = matcher();
  m.push(OTHER);
  m.push({ kind: K_AUTH, auth: okAuth });
  m.feed(Buffer.from("?garbage\r\n"));
  assert.equal(seen.unknown, 1);
  assert.deepEqual(seen.settled, []);
});

test("unreadable replies with no AUTH waiting only stop matching", () => {
  const { m, seen } = matcher();
  m.push(OTHER);
  m.feed(Buffer.from("?garbage\r\n"));
  assert.equal(seen.unknown, 0);
  assert.equal(m.ending, true);
});
