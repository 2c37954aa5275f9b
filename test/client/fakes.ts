/**
 * Test doubles for the client runtime's unit tests: a manual clock and a scriptable credential that
 * issues unsigned JWT-shaped tokens (the client only decodes them).
 */
import type { EntraClock } from "../../src/client/clock.ts";
import type { EntraAccessToken, EntraTokenCredential } from "../../src/client/credentials.ts";

/** A clock whose time moves only when the test says so. */
export class FakeClock implements EntraClock {
  t = Date.UTC(2026, 0, 1);
  #id = 0;
  readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#id;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Moves time forward, running due timers in order and letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers)
        if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
    await settle();
  }
}

/** Lets pending promise chains run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** An unsigned JWT-shaped token with the given claims. */
export function fakeJwt(claims: Record<string, unknown>): string {
  return `${b64url({ alg: "RS256", typ: "JWT" })}.${b64url(claims)}.c2lnbmF0dXJl`;
}

export const OID = "11111111-2222-3333-4444-555555555555";
export const APP_ID = "99999999-8888-7777-6666-555555555555";

/** Scriptable credential: each call uses the next behaviour, then `fallback`. */
export type Behaviour = "ok" | "fail" | "cached" | "hang" | "jwt-error";

export class FakeCredential implements EntraTokenCredential {
  calls = 0;
  readonly issued: string[] = [];
  script: Behaviour[] = [];
  fallback: Behaviour = "ok";
  lifetimeMs: number;
  refreshAfterMs: number | undefined;
  claims: Record<string, unknown> = { oid: OID, appid: APP_ID, aud: "https://redis.azure.com" };
  readonly clock: FakeClock;
  #last: EntraAccessToken | undefined;

  constructor(clock: FakeClock, lifetimeMs = 60 * 60_000) {
    this.clock = clock;
    this.lifetimeMs = lifetimeMs;
  }

  async getToken(): Promise<EntraAccessToken | null> {
    this.calls += 1;
    const mode = this.script.shift() ?? this.fallback;
    if (mode === "fail") throw new Error("ManagedIdentityCredential: IMDS endpoint unreachable");
    if (mode === "jwt-error")
      throw new Error(`token ${this.#last?.token ?? fakeJwt({ oid: OID })} was rejected`);
    if (mode === "hang") return new Promise<never>(() => undefined);
    if (mode === "cached" && this.#last) return this.#last;
    const now = this.clock.now();
    const token = fakeJwt({
      ...this.claims,
      exp: Math.floor((now + this.lifetimeMs) / 1000),
      n: this.issued.length,
    });
    this.issued.push(token);
    this.#last = {
      token,
      expiresOnTimestamp: now + this.lifetimeMs,
      ...(this.refreshAfterMs !== undefined ? { refreshAfterTimestamp: now + this.refreshAfterMs } : {}),
    };
    return this.#last;
  }
}

/** Matches anything that looks like a JWT (header.payload). */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*/;
