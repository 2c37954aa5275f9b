/**
 * Which node-redis commands the bound client resends after a closed connection, with what timeout,
 * and when it does not (transactions, chains, other errors, a policy that forbids it, a flapping
 * connection). The real thing across expiry: test/server/client/faults/node-redis-blocking.test.ts.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  blockingTimeout,
  isConnectionClosedError,
  isReauthNotAnswered,
  resendArgs,
  resendingClusterExecute,
  resendingSendCommand,
} from "../../src/client/node-redis-resend.ts";

class SocketClosedUnexpectedlyError extends Error {
  constructor() {
    super("Socket closed unexpectedly");
  }
}

describe("node-redis resend of blocking commands", () => {
  test("blocking commands and where their timeout is", () => {
    assert.deepEqual(blockingTimeout(["BLPOP", "a", "b", "0"]), { index: 3, unit: "s" });
    assert.deepEqual(blockingTimeout(["brpop", "a", "1.5"]), { index: 2, unit: "s" });
    assert.deepEqual(blockingTimeout(["BLMOVE", "s", "d", "LEFT", "RIGHT", "0"]), { index: 5, unit: "s" });
    assert.deepEqual(blockingTimeout(["BRPOPLPUSH", "s", "d", "0"]), { index: 3, unit: "s" });
    assert.deepEqual(blockingTimeout(["BZPOPMIN", "z", "0"]), { index: 2, unit: "s" });
    assert.deepEqual(blockingTimeout(["BZPOPMAX", "z", "0"]), { index: 2, unit: "s" });
    assert.deepEqual(blockingTimeout(["BLMPOP", "0", "1", "k", "LEFT"]), { index: 1, unit: "s" });
    assert.deepEqual(blockingTimeout(["BZMPOP", "2", "1", "z", "MIN"]), { index: 1, unit: "s" });
    assert.deepEqual(blockingTimeout([Buffer.from("BLPOP"), Buffer.from("k"), "0"]), { index: 2, unit: "s" });
    assert.deepEqual(blockingTimeout(["XREAD", "COUNT", "5", "BLOCK", "0", "STREAMS", "s", "0-0"]), {
      index: 4,
      unit: "ms",
    });
    assert.deepEqual(
      blockingTimeout(["XREADGROUP", "GROUP", "g", "c", "BLOCK", "100", "STREAMS", "s1", "s2", ">", ">"]),
      { index: 5, unit: "ms" },
    );
  });

  test("not resent: non-blocking commands, XREAD without BLOCK or from $ / +, WAIT, WAITAOF", () => {
    for (const args of [
      ["GET", "k"],
      ["LPOP", "k"],
      ["XREAD", "STREAMS", "s", "0-0"],
      ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"],
      ["XREAD", "BLOCK", "0", "STREAMS", "s", "t", "0-0", "+"],
      ["WAIT", "1", "0"],
      ["WAITAOF", "1", "0", "0"],
      ["BLPOP"],
    ]) {
      assert.equal(blockingTimeout(args), undefined, args.join(" "));
    }
  });

  test("a resend blocks only for what is left of the timeout (at least 10 ms); 0 stays 0", () => {
    assert.deepEqual(resendArgs(["BLPOP", "k", "0"], { index: 2, unit: "s" }, 5000), ["BLPOP", "k", "0"]);
    assert.deepEqual(resendArgs(["BLPOP", "k", "4"], { index: 2, unit: "s" }, 2500), ["BLPOP", "k", "1.5"]);
    assert.deepEqual(resendArgs(["BLPOP", "k", "4"], { index: 2, unit: "s" }, 9000), ["BLPOP", "k", "0.01"]);
    const x = ["XREAD", "BLOCK", "1000", "STREAMS", "s", "0-0"];
    assert.deepEqual(resendArgs(x, { index: 2, unit: "ms" }, 400), [
      "XREAD",
      "BLOCK",
      "600",
      "STREAMS",
      "s",
      "0-0",
    ]);
    assert.deepEqual(resendArgs(x, { index: 2, unit: "ms" }, 4000)[2], "10");
    assert.equal(x[2], "1000", "the app's arguments are not changed");
  });

  test("closed-connection errors", () => {
    assert.ok(isConnectionClosedError(new SocketClosedUnexpectedlyError()));
    assert.ok(isConnectionClosedError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })));
    assert.ok(!isConnectionClosedError(new Error("WRONGPASS invalid username-password pair")));
    assert.ok(!isConnectionClosedError(new Error("The client is closed")));
    assert.ok(!isConnectionClosedError("Socket closed unexpectedly"));
    // node-redis's CredentialsError for a re-AUTH the closed connection never answered.
    assert.ok(
      isReauthNotAnswered(
        new Error("Re-authentication with latest credentials failed: Socket closed unexpectedly"),
      ),
    );
    assert.ok(
      !isReauthNotAnswered(new Error("Re-authentication with latest credentials failed: WRONGPASS invalid")),
    );
  });

  /** A fake sendCommand: fails with `failures` closed-connection errors, then answers `reply`. */
  function fake(failures: number, reply: unknown = "ok") {
    const calls: unknown[][] = [];
    let left = failures;
    const send = (args: unknown[]) => {
      calls.push(args);
      if (args[0] === "BLPOP" && left > 0) {
        left -= 1;
        return Promise.reject(new SocketClosedUnexpectedlyError());
      }
      return Promise.resolve(reply);
    };
    return { calls, send };
  }

  test("a blocking command rejected by a closed connection is resent and resolves", async () => {
    let now = 0;
    const f = fake(2);
    const send = resendingSendCommand(f.send, { allowed: () => true, now: () => (now += 2000) });
    assert.equal(await send(["BLPOP", "k", "0"]), "ok");
    assert.equal(f.calls.length, 3);
  });

  test("not resent: other errors, a policy that forbids it, inside a hand-sent MULTI, in a chain", async () => {
    const wrongpass = resendingSendCommand(() => Promise.reject(new Error("WRONGPASS")), {
      allowed: () => true,
      now: () => 0,
    });
    await assert.rejects(wrongpass(["BLPOP", "k", "0"]), /WRONGPASS/);

    const f1 = fake(1);
    const forbidden = resendingSendCommand(f1.send, { allowed: () => false, now: () => 0 });
    await assert.rejects(forbidden(["BLPOP", "k", "0"]), /Socket closed/);
    assert.equal(f1.calls.length, 1);

    const f2 = fake(5);
    const tx = resendingSendCommand(f2.send, { allowed: () => true, now: () => 0 });
    await tx(["MULTI"]);
    await assert.rejects(tx(["BLPOP", "k", "0"]), /Socket closed/, "inside MULTI: only QUEUED, never resent");
    await tx(["EXEC"]);
    let t = 0;
    const after = resendingSendCommand(f2.send, { allowed: () => true, now: () => (t += 5000) });
    assert.equal(await after(["BLPOP", "k", "0"]), "ok", "after EXEC: resent again");

    const f3 = fake(1);
    const chained = resendingSendCommand(f3.send, { allowed: () => true, now: () => 0 });
    await assert.rejects(chained(["BLPOP", "k", "0"], { chainId: Symbol("chain") }), /Socket closed/);
  });

  test("bounded: 3 quick failures in a row reach the app; long-lived attempts reset the count", async () => {
    const quick = fake(10);
    const q = resendingSendCommand(quick.send, { allowed: () => true, now: () => 0 });
    await assert.rejects(q(["BLPOP", "k", "0"]), /Socket closed/);
    assert.equal(quick.calls.length, 3);

    // Each attempt lived 2 s (a BLPOP 0 closed at each expiry): resent every time.
    const slow = fake(10);
    let now = 0;
    const s = resendingSendCommand(slow.send, { allowed: () => true, now: () => (now += 1000) });
    assert.equal(await s(["BLPOP", "k", "0"]), "ok");
    assert.equal(slow.calls.length, 11);
  });
});

describe("node-redis cluster resend of blocking commands", () => {
  test("resent through the cluster's _execute with the timeout left, updated in the parser in place", async () => {
    const seen: string[][] = [];
    let fail = 1;
    const execute = (parser: { redisArgs: unknown[] }) => {
      seen.push(parser.redisArgs.map(String));
      if (fail-- > 0) return Promise.reject(new SocketClosedUnexpectedlyError());
      return Promise.resolve("ok");
    };
    let now = 0;
    const wrapped = resendingClusterExecute(execute, { allowed: () => true, now: () => (now += 1000) });
    assert.equal(await wrapped({ redisArgs: ["BLPOP", "{a}k", "5"] }), "ok");
    assert.equal(seen.length, 2);
    assert.equal(seen[0][2], "5");
    assert.ok(Number(seen[1][2]) < 5 && Number(seen[1][2]) > 0, `what is left: ${seen[1][2]}`);
  });

  test("not resent: MULTI batches (a parser without a command), chains, other errors", async () => {
    let calls = 0;
    const closed = () => {
      calls += 1;
      return Promise.reject(new SocketClosedUnexpectedlyError());
    };
    const wrapped = resendingClusterExecute(closed, { allowed: () => true, now: () => 0 });
    await assert.rejects(wrapped({ redisArgs: [] }), /Socket closed/);
    await assert.rejects(
      wrapped({ redisArgs: ["BLPOP", "k", "0"] }, false, { chainId: Symbol("c") }),
      /Socket/,
    );
    assert.equal(calls, 2);
    const other = resendingClusterExecute(() => Promise.reject(new Error("MOVED 1 x:1")), {
      allowed: () => true,
      now: () => 0,
    });
    await assert.rejects(other({ redisArgs: ["BLPOP", "k", "0"] }), /MOVED/);
  });
});
