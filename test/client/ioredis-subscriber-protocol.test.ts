/**
 * When `connectIoredisSubscriber` re-AUTHs in place instead of rotating make-before-break: only with
 * `protocol: 3` asked for and negotiated (ioredis 6 defaults to 3, ioredis 5 speaks only RESP2, and
 * ioredis falls back to RESP2 when the server refuses `HELLO 3`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Redis } from "ioredis";
import { reauthInPlace } from "../../src/client/ioredis-subscriber.ts";

const conn = (protocol: number | undefined) => ({ condition: { protocol } }) as unknown as Redis;

test("in place only with protocol: 3 requested and negotiated", () => {
  assert.equal(reauthInPlace(3, conn(3)), true);
  assert.equal(reauthInPlace(3, conn(2)), false, "HELLO 3 refused: ioredis fell back to RESP2");
  assert.equal(reauthInPlace(undefined, conn(3)), false, "ioredis 6 default (RESP3): make-before-break");
  assert.equal(reauthInPlace(undefined, conn(undefined)), false, "ioredis 5 (RESP2 only)");
  assert.equal(reauthInPlace(2, conn(2)), false);
  assert.equal(reauthInPlace(3, { condition: null } as unknown as Redis), false, "not connected yet");
});
