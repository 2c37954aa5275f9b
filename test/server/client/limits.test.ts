/**
 * Limitations made lossless: node-redis RESP2 pub/sub through `connectNodeRedisSubscriber`
 * (make-before-break) against the local gateway with 2.5 s tokens, next to a plain RESP2 subscriber
 * from `connectNodeRedis`, which the server closes at each expiry (bench/resp2-pubsub-loss.ts counts
 * what that one loses). Token time runs on a fake clock shared by the gateway and the token managers,
 * walked forward (`FaultTime.walk`) while publishing and the sockets stay real.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  connectIoredis,
  connectNodeRedis,
  connectNodeRedisSubscriber,
  type EntraAuth,
} from "../../../src/client/index.ts";
import { Capture, LIFETIME_MS, startGateway, waitFor, type ClientKit, type Gateway } from "./integration.ts";
import { authOn as authOnClock, cleanupsFor, sleep } from "./faults/kit.ts";
import { FaultTime } from "./faults/fault-time.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { progressed } from "./scenarios.ts";

const SUB_OID = "6f1d3c9a-2222-4e0b-9a55-0c2d7e3b9a02";
const PLAIN_OID = "6f1d3c9a-3333-4e0b-9a55-0c2d7e3b9a03";
const PUB_OID = "6f1d3c9a-4444-4e0b-9a55-0c2d7e3b9a04";

describe("node-redis RESP2 pub/sub: connectNodeRedisSubscriber", { timeout: 120_000 }, () => {
  let gw: Gateway;
  const capture = new Capture();
  const closedFor = new Map<string, number>();
  const clock = new FakeClock(Date.now());
  const time = new FaultTime(clock, () => gw);
  const authOn = (credential: Parameters<typeof authOnClock>[0], into: Capture) =>
    authOnClock(credential, into, { clock });
  before(async () => {
    gw = await startGateway(
      { name: "limits", gateway: {}, connectionsPerClient: 1 } as ClientKit,
      undefined,
      {
        clock,
      },
    );
    for (const oid of [SUB_OID, PLAIN_OID, PUB_OID]) await gw.assign(oid, "Data Owner");
    gw.on("expired", (e) => {
      if (e.objectId) closedFor.set(e.objectId, (closedFor.get(e.objectId) ?? 0) + 1);
    });
  });
  after(async () => {
    await gw?.stop();
  });

  const tokens = (auth: EntraAuth) => {
    let n = 0;
    auth.on("token", () => (n += 1));
    return () => n;
  };

  test("RESP: 2 rotates make-before-break: every message on a channel and a pattern across 6 rotations, none closed for expiry", async (t) => {
    const cleanup = cleanupsFor(t);
    const subAuth = authOn(gw.credential(SUB_OID), capture);
    const plainAuth = authOn(gw.credential(PLAIN_OID), capture);
    const pubAuth = authOn(gw.credential(PUB_OID), capture);
    for (const a of [subAuth, plainAuth, pubAuth]) cleanup(() => a.close());
    const socket = {
      host: gw.host,
      port: gw.port,
      tls: true as const,
      ca: gw.ca,
      reconnectStrategy: () => 50,
    };
    const sub = await connectNodeRedisSubscriber(subAuth, { socket, RESP: 2 });
    cleanup(() => sub.quit());
    // The plain RESP2 subscriber, for contrast: closed by the server at each expiry.
    const plain = await connectNodeRedis(plainAuth, { socket, ...({ RESP: 2 } as unknown as { RESP: 3 }) });
    plain.on("error", () => undefined);
    cleanup(() => plain.destroy());
    const pub = await connectIoredis(pubAuth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
    cleanup(() => pub.disconnect());

    const id = randomUUID();
    const onChannel = new Map<number, number>();
    const onPattern = new Map<number, number>();
    const count = (m: Map<number, number>) => (message: string) =>
      m.set(Number(message), (m.get(Number(message)) ?? 0) + 1);
    await sub.subscribe(`ch:${id}`, count(onChannel));
    await sub.pSubscribe(`pat:${id}:*`, count(onPattern));
    await plain.subscribe(`ch:${id}`, () => undefined);

    const rotated = tokens(subAuth);
    let sent = 0;
    let walking = true;
    const publishing = (async () => {
      while (walking) {
        await pub.publish(`ch:${id}`, String(sent));
        await pub.publish(`pat:${id}:x`, String(sent));
        sent += 1;
        await sleep(5);
      }
    })();
    try {
      // Six rotations of the subscriber's token manager, messages published in every token life; the
      // publisher re-AUTHs in place, the plain subscriber is closed at its expiries and reconnects.
      const managed = [
        { auth: subAuth, objectId: SUB_OID },
        { auth: pubAuth, objectId: PUB_OID },
      ];
      for (let i = 1; i <= 6; i++) {
        await time.walk(() => rotated() >= i, managed, { what: `rotation ${i}` });
        await progressed(() => sent, `messages after rotation ${i}`, 5);
      }
    } finally {
      walking = false;
      await publishing;
    }
    await waitFor("every message", () => onChannel.size >= sent && onPattern.size >= sent, 15_000);
    const missing = (m: Map<number, number>) => [...Array(sent).keys()].filter((i) => !m.has(i));
    assert.deepEqual(missing(onChannel), [], "every channel message arrived");
    assert.deepEqual(missing(onPattern), [], "every pattern message arrived");
    const dups = [...onChannel.values(), ...onPattern.values()].filter((c) => c > 1).length;
    t.diagnostic(`${sent} messages per subscription, ${sub.rotations} rotations, ${dups} duplicates`);
    assert.ok(sub.rotations >= 4, `rotated make-before-break (${sub.rotations})`);
    assert.equal(closedFor.get(SUB_OID) ?? 0, 0, "no subscriber connection was closed for expiry");
    assert.ok((closedFor.get(PLAIN_OID) ?? 0) >= 3, "the plain RESP2 subscriber was closed at expiries");

    // Unsubscribe, then quit: nothing more arrives, nothing is left open.
    await sub.unsubscribe(`ch:${id}`);
    const before = onChannel.size;
    await pub.publish(`ch:${id}`, String(sent + 1));
    await sleep(200);
    assert.equal(onChannel.size, before, "unsubscribed");
    await sub.quit();
    await waitFor(
      "no subscriber connection left open",
      () => gw.connections().every((c) => !c.open || c.objectId !== SUB_OID),
      15_000,
    );
  });

  test("RESP3 (default): one connection re-AUTHed in place, no rotation, every message once, in order", async (t) => {
    const cleanup = cleanupsFor(t);
    const subAuth = authOn(gw.credential(SUB_OID), capture);
    const pubAuth = authOn(gw.credential(PUB_OID), capture);
    for (const a of [subAuth, pubAuth]) cleanup(() => a.close());
    const closedBefore = closedFor.get(SUB_OID) ?? 0;
    const sub = await connectNodeRedisSubscriber(subAuth, {
      socket: { host: gw.host, port: gw.port, tls: true, ca: gw.ca },
    });
    cleanup(() => sub.quit());
    const pub = await connectIoredis(pubAuth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
    cleanup(() => pub.disconnect());
    const channel = `ch3:${randomUUID()}`;
    const received: number[] = [];
    await sub.subscribe(channel, (m) => received.push(Number(m)));
    const rotated = tokens(subAuth);
    let sent = 0;
    const end = clock.now() + LIFETIME_MS * 3;
    let walking = true;
    const publishing = (async () => {
      while (walking) {
        await pub.publish(channel, String(sent++));
        await sleep(10);
      }
    })();
    try {
      const managed = [
        { auth: subAuth, objectId: SUB_OID },
        { auth: pubAuth, objectId: PUB_OID },
      ];
      for (let i = 1; rotated() < 3 || clock.now() < end; i++) {
        await time.walk(() => rotated() >= i || (rotated() >= 3 && clock.now() >= end), managed, {
          what: `rotation ${i}`,
        });
        await progressed(() => sent, `messages after rotation ${i}`, 5);
      }
    } finally {
      walking = false;
      await publishing;
    }
    await waitFor("every message", () => received.length >= sent, 15_000);
    assert.deepEqual(received, [...Array(sent).keys()]);
    assert.equal(sub.rotations, 0);
    assert.equal((closedFor.get(SUB_OID) ?? 0) - closedBefore, 0);
  });

  test("RESP: 2, front end down across a refresh: messages flow again, rotations go on, quit() leaves nothing open", async (t) => {
    const cleanup = cleanupsFor(t);
    const subAuth = authOn(gw.credential(SUB_OID), capture);
    const pubAuth = authOn(gw.credential(PUB_OID), capture);
    for (const a of [subAuth, pubAuth]) cleanup(() => a.close());
    const sub = await connectNodeRedisSubscriber(subAuth, {
      socket: { host: gw.host, port: gw.port, tls: true, ca: gw.ca, reconnectStrategy: () => 100 },
      RESP: 2,
    });
    sub.on("error", () => undefined);
    cleanup(() => sub.quit());
    const pub = await connectIoredis(pubAuth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
    pub.on("error", () => undefined);
    cleanup(() => pub.disconnect());
    const channel = `down:${randomUUID()}`;
    const received = new Set<string>();
    await sub.subscribe(channel, (m) => received.add(m));
    // Down for a token life of clock time: the refresh falls due while nothing listens.
    await gw.stopFrontEnd();
    try {
      await time.advance(LIFETIME_MS);
    } finally {
      await gw.startFrontEnd();
    }
    const flows = async (tag: string) => {
      let n = 0;
      await waitFor(
        `messages flow (${tag})`,
        async () => {
          await pub.publish(channel, `${tag}:${n++}`).catch(() => undefined);
          return [...received].some((m) => m.startsWith(`${tag}:`));
        },
        15_000,
        100,
      );
    };
    // The clock moves on meanwhile (the subscriber's reconnect and rotation retries run on it).
    await time.until(flows("after"), "messages flowing after the outage");
    const rotated = sub.rotations;
    await time.walk(
      () => sub.rotations >= rotated + 2,
      [
        { auth: subAuth, objectId: SUB_OID },
        { auth: pubAuth, objectId: PUB_OID },
      ],
      { what: "two more rotations" },
    );
    await time.until(flows("later"), "messages flowing later");
    await sub.quit();
    await waitFor(
      "no subscriber connection left open",
      () => gw.connections().every((c) => !c.open || c.objectId !== SUB_OID),
      15_000,
    );
  });

  after(() => capture.assertNoToken());
});
