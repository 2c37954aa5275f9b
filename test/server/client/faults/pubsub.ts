/**
 * Pub/sub in the fault matrix: an identity limited to the `ok:*` channels (`LIMITED_ID`, assigned on
 * every suite's gateway), `flows()` (messages arrive) and `lossless()` (every one arrives), also across
 * rotations (`losslessAcrossRotations`).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { waitFor } from "../integration.ts";
import type { EntraAuth } from "../../../../src/client/index.ts";
import { sleep } from "../../support/time.ts";
import type { FaultTime } from "./fault-time.ts";

/** An identity whose policy allows the `ok:*` channels only (assigned on every suite's gateway). */
export const LIMITED_ID = "6f1d3c9a-2222-4e0b-9a55-0c2d7e3b9a02";
/** Its policy: every command, every key, channels `ok:*` only. */
export const LIMITED_POLICY = "+@all allkeys resetchannels &ok:*";

/** Publishes on `channel` until one of these messages arrives in `received` (messages flow), or fails. */
export async function flows(
  publish: (channel: string, message: string) => Promise<unknown>,
  channel: string,
  received: Set<string>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const tag = `${what}:${Date.now()}`;
  let n = 0;
  await waitFor(
    what,
    async () => {
      await publish(channel, `${tag}:${n++}`).catch(() => 0);
      return [...received].some((m) => m.startsWith(`${tag}:`));
    },
    timeoutMs,
    100,
  );
}

/**
 * Publishes sequence numbers alternately on `channels` until `until()` holds (or `timeoutMs`), then
 * waits until every one arrived in `received`: lossless delivery across what happened meanwhile.
 */
export async function lossless(
  publish: (channel: string, message: string) => Promise<unknown>,
  channels: string[],
  received: Set<string>,
  until: () => boolean,
  timeoutMs = 15_000,
): Promise<number> {
  const prefix = `seq:${randomUUID().slice(0, 8)}:`;
  let sent = 0;
  const deadline = Date.now() + timeoutMs;
  while (!until() && Date.now() < deadline) {
    await publish(channels[sent % channels.length], `${prefix}${sent}`);
    sent += 1;
    await sleep(10);
  }
  assert.ok(until(), "the awaited condition held while publishing");
  await waitFor(
    `every one of ${sent} messages`,
    () => [...Array(sent).keys()].every((i) => received.has(`${prefix}${i}`)),
    5000,
  );
  return sent;
}

/**
 * `lossless()` across `n` rotations of `auth` (`time.rotations`: on the fake clock the test moves the
 * clock and awaits every connection's re-AUTH each time): publishing goes on until they are done.
 */
export async function losslessAcrossRotations(
  time: FaultTime,
  auth: EntraAuth,
  rotations: number,
  publish: (channel: string, message: string) => Promise<unknown>,
  channels: string[],
  received: Set<string>,
): Promise<void> {
  let done = false;
  const rotating = time.rotations(auth, rotations).finally(() => (done = true));
  rotating.catch(() => undefined); // awaited below, after the publishing stopped
  await lossless(publish, channels, received, () => done);
  await rotating;
}
