/**
 * Test doubles for the client runtime's unit tests: a manual clock and a scriptable credential that
 * issues unsigned JWT-shaped tokens (the client only decodes them).
 */
export { FakeClock, settle } from "../support/fake-clock.ts";
import type { FakeClock } from "../support/fake-clock.ts";
import type { EntraAccessToken, EntraTokenCredential } from "../../src/client/credentials.ts";

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
