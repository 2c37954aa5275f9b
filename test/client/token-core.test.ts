/**
 * Property-based tests of the token core against credentials that misbehave (issue 19): each call
 * hangs, throws, answers slowly, returns an expired, garbage, empty or cached token, or a good one,
 * in any order, on a fake clock. Whatever they do:
 * - every wait the app sees (getCredentials(), refresh()) settles within acquireTimeoutMs of its call;
 * - no token (good or garbage) ever shows in an error, an event or a warning;
 * - an empty token is never handed out as credentials.
 * CI runs a fixed seed and a bounded count (test/fuzz.ts); `node scripts/fuzz.ts token-core` runs more.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import fc from "fast-check";
import { createEntraAuth } from "../../src/client/entra-auth.ts";
import type { EntraAccessToken, EntraTokenCredential } from "../../src/client/credentials.ts";
import { fuzzParameters } from "../fuzz.ts";
import { FakeClock, fakeJwt, OID } from "./fakes.ts";

const MIN = 60_000;

type Behaviour =
  | { kind: "ok"; lifetimeMs: number }
  | { kind: "hang" }
  | { kind: "throw" }
  | { kind: "slow"; delayMs: number; lifetimeMs: number }
  | { kind: "expired" }
  | { kind: "garbage"; value: "null" | "no-token" | "nan-expiry" | "opaque" }
  | { kind: "empty" }
  | { kind: "cached" };

const behaviour: fc.Arbitrary<Behaviour> = fc.oneof(
  fc.record({ kind: fc.constant("ok" as const), lifetimeMs: fc.integer({ min: 10_000, max: 90 * MIN }) }),
  fc.constant({ kind: "hang" as const }),
  fc.constant({ kind: "throw" as const }),
  fc.record({
    kind: fc.constant("slow" as const),
    delayMs: fc.integer({ min: 1, max: 120_000 }),
    lifetimeMs: fc.integer({ min: 10_000, max: 90 * MIN }),
  }),
  fc.constant({ kind: "expired" as const }),
  fc.record({
    kind: fc.constant("garbage" as const),
    value: fc.constantFrom("null" as const, "no-token" as const, "nan-expiry" as const, "opaque" as const),
  }),
  fc.constant({ kind: "empty" as const }),
  fc.constant({ kind: "cached" as const }),
);

/** A credential that plays `script`, then `fallback` forever; remembers every token it issued. */
class ScriptedCredential implements EntraTokenCredential {
  readonly issued: string[] = [];
  #last: EntraAccessToken | undefined;
  #n = 0;
  readonly clock: FakeClock;
  readonly script: Behaviour[];
  readonly fallback: Behaviour;
  constructor(clock: FakeClock, script: Behaviour[], fallback: Behaviour) {
    this.clock = clock;
    this.script = script;
    this.fallback = fallback;
  }

  #token(lifetimeMs: number): EntraAccessToken {
    const now = this.clock.now();
    const token = fakeJwt({
      oid: OID,
      aud: "https://redis.azure.com",
      exp: Math.floor((now + lifetimeMs) / 1000),
      n: this.#n++,
    });
    this.issued.push(token);
    this.#last = { token, expiresOnTimestamp: now + lifetimeMs };
    return this.#last;
  }

  getToken(): Promise<EntraAccessToken | null> {
    const b = this.script.shift() ?? this.fallback;
    switch (b.kind) {
      case "ok":
        return Promise.resolve(this.#token(b.lifetimeMs));
      case "hang":
        return new Promise<never>(() => undefined);
      case "throw": {
        // Credentials put tokens in their messages: the last one issued, or a JWT of their own.
        const leaked = this.#last?.token ?? fakeJwt({ oid: OID, secret: this.#n });
        return Promise.reject(new Error(`ManagedIdentityCredential: token ${leaked} was rejected`));
      }
      case "slow":
        return new Promise((resolve) =>
          this.clock.setTimeout(() => resolve(this.#token(b.lifetimeMs)), b.delayMs),
        );
      case "expired": {
        const now = this.clock.now();
        const token = fakeJwt({ oid: OID, exp: Math.floor(now / 1000) - 60, n: this.#n++ });
        this.issued.push(token);
        return Promise.resolve({ token, expiresOnTimestamp: now - 60_000 });
      }
      case "garbage": {
        const opaque = `opaque-secret-${this.#n++}-xxxxxxxxxxxx`;
        this.issued.push(opaque);
        const now = this.clock.now();
        if (b.value === "null") return Promise.resolve(null);
        if (b.value === "no-token")
          return Promise.resolve({ expiresOnTimestamp: now + MIN } as unknown as EntraAccessToken);
        if (b.value === "nan-expiry")
          return Promise.resolve({ token: opaque, expiresOnTimestamp: Number.NaN });
        return Promise.resolve({ token: opaque, expiresOnTimestamp: now + 30 * MIN });
      }
      case "empty":
        return Promise.resolve({ token: "", expiresOnTimestamp: this.clock.now() + 30 * MIN });
      case "cached":
        return Promise.resolve(this.#last ?? this.#token(30 * MIN));
    }
  }
}

const scenario = fc.record({
  script: fc.array(behaviour, { minLength: 1, maxLength: 8 }),
  fallback: behaviour,
  acquireTimeoutMs: fc.integer({ min: 1000, max: 60_000 }),
  username: fc.boolean(),
  /** When the app asks, ms after the previous question (or its answer). */
  gaps: fc.array(fc.integer({ min: 0, max: 10 * MIN }), { minLength: 1, maxLength: 6 }),
  forced: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
});

test("whatever the credential does: every wait is bounded by acquireTimeoutMs, no token leaks, no empty token is used", async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ script, fallback, acquireTimeoutMs, username, gaps, forced }) => {
      const clock = new FakeClock();
      const credential = new ScriptedCredential(clock, [...script], fallback);
      const said: string[] = [];
      const handedOut: string[] = [];
      const auth = createEntraAuth({
        credential,
        clock,
        acquireTimeoutMs,
        random: () => 0.5,
        logger: { warn: (m) => said.push(m) },
        ...(username ? { username: OID } : {}),
      });
      auth.on("refreshFailed", (e) => said.push(JSON.stringify(e)));
      auth.on("expired", (e) => said.push(inspect(e), JSON.stringify(e)));
      auth.on("token", (e) => said.push(JSON.stringify(e)));
      try {
        for (const [i, gap] of gaps.entries()) {
          await clock.advance(gap);
          const asked = clock.now();
          let settledAt: number | undefined;
          const wait = (forced[i] ? auth.refresh() : auth.getCredentials()).then(
            (creds) => {
              settledAt = clock.now();
              handedOut.push(creds.password);
              said.push(inspect(creds), JSON.stringify(creds));
            },
            (err: unknown) => {
              settledAt = clock.now();
              said.push(String(err), inspect(err), JSON.stringify(err));
            },
          );
          await clock.advance(acquireTimeoutMs);
          assert.ok(
            settledAt !== undefined && settledAt - asked <= acquireTimeoutMs,
            `the wait began at ${asked - Date.UTC(2026, 0, 1)} ms settled ${settledAt === undefined ? "never" : `after ${settledAt - asked} ms`} (acquireTimeoutMs ${acquireTimeoutMs})`,
          );
          await wait;
          assert.ok(!handedOut.includes(""), "an empty token is never handed out");
        }
        said.push(JSON.stringify(auth.diagnostics()));
        for (const token of credential.issued) {
          const leak = said.find((text) => text.includes(token));
          assert.equal(leak, undefined, `a token showed in: ${leak?.slice(0, 200)}`);
        }
      } finally {
        auth.close();
      }
    }),
    fuzzParameters(60),
  );
});

test("an empty token is refused, with or without a username", async () => {
  for (const username of [undefined, OID]) {
    const clock = new FakeClock();
    const credential: EntraTokenCredential = {
      getToken: () => Promise.resolve({ token: "", expiresOnTimestamp: clock.now() + 30 * MIN }),
    };
    const auth = createEntraAuth({
      credential,
      clock,
      logger: { warn: () => undefined },
      ...(username ? { username } : {}),
    });
    auth.on("refreshFailed", () => undefined);
    await assert.rejects(auth.getCredentials(), /returned an empty token/);
    assert.equal(auth.current(), undefined);
    auth.close();
  }
});
