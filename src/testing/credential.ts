/**
 * A local token credential: structurally an @azure/identity `TokenCredential` whose tokens the local
 * gateway accepts, with fault injection (fail, hang, slow) and an optional imitation of
 * @azure/identity's token cache.
 */
import { randomUUID } from "node:crypto";
import type { EntraClock } from "../internal/clock.ts";
import { REDIS_TOKEN_SCOPE } from "../internal/token-scope.ts";
import { REDIS_AUDIENCE, type TokenIssuer } from "./token-issuer.ts";
import type {
  CredentialBehaviour,
  LocalAccessToken,
  LocalCredentialOptions,
  LocalTokenCredential,
} from "./types.ts";

/** Thrown by a credential in "fail" mode, or for a wrong scope (like an Entra error, no token in it). */
export class LocalCredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialUnavailableError";
  }
}

function abortError(): Error {
  const err = new Error("The operation was aborted.");
  err.name = "AbortError";
  return err;
}

/** Implementation of {@link LocalTokenCredential}. */
export class LocalCredential implements LocalTokenCredential {
  readonly objectId: string;
  readonly appId: string;
  #issued = 0;
  #behaviour: CredentialBehaviour = { mode: "ok" };
  #cached: LocalAccessToken | undefined;
  readonly #issuer: TokenIssuer;
  /** The gateway's clock: tokens are minted (`iat`, `nbf`, `exp`) and cached against its `now()`. */
  readonly #clock: EntraClock;
  readonly #options: LocalCredentialOptions;
  readonly #defaultLifetimeMs: number;

  constructor(
    issuer: TokenIssuer,
    clock: EntraClock,
    objectId: string,
    defaultLifetimeMs: number,
    options: LocalCredentialOptions = {},
  ) {
    if (typeof objectId !== "string" || objectId.length === 0) {
      throw new TypeError(
        `credential(objectId): objectId must be a non-empty string (got ${JSON.stringify(objectId)})`,
      );
    }
    const lifetime = options.lifetimeMs ?? defaultLifetimeMs;
    if (!Number.isFinite(lifetime) || lifetime <= 0) {
      throw new RangeError(
        `credential(): lifetimeMs must be a positive number of milliseconds (got ${String(lifetime)})`,
      );
    }
    this.#issuer = issuer;
    this.#clock = clock;
    this.objectId = objectId;
    this.appId = options.appId ?? randomUUID();
    this.#options = options;
    this.#defaultLifetimeMs = defaultLifetimeMs;
  }

  get tokensIssued(): number {
    return this.#issued;
  }

  setBehaviour(b: CredentialBehaviour): void {
    if (!b || !["ok", "fail", "hang", "slow"].includes(b.mode)) {
      throw new TypeError(
        `setBehaviour(): mode must be "ok", "fail", "hang" or "slow" (got ${JSON.stringify(b?.mode)})`,
      );
    }
    this.#behaviour = { ...b };
  }

  async getToken(
    scopes: string | string[],
    options?: { abortSignal?: AbortSignal },
  ): Promise<LocalAccessToken | null> {
    const list = Array.isArray(scopes) ? scopes : [scopes];
    if (list.length !== 1 || list[0] !== REDIS_TOKEN_SCOPE) {
      throw new LocalCredentialError(
        `Local Entra gateway: invalid scope ${JSON.stringify(list)}; the only scope for Redis is "${REDIS_TOKEN_SCOPE}".`,
      );
    }
    const signal = options?.abortSignal;
    if (signal?.aborted) throw abortError();
    const behaviour = this.#behaviour;
    if (behaviour.mode === "fail") {
      throw new LocalCredentialError(
        'Local Entra gateway: token acquisition failed (fault injected with setBehaviour({ mode: "fail" })).',
      );
    }
    if (behaviour.mode === "hang" || behaviour.mode === "slow") {
      const delay = behaviour.mode === "hang" ? undefined : (behaviour.delayMs ?? 1000);
      await new Promise<void>((resolve, reject) => {
        const timer = delay === undefined ? undefined : setTimeout(done, delay);
        function done(): void {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }
        function onAbort(): void {
          if (timer) clearTimeout(timer);
          reject(abortError());
        }
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    }
    return this.#token();
  }

  async #token(): Promise<LocalAccessToken> {
    const o = this.#options;
    const now = this.#clock.now();
    const cached = this.#cached;
    if (
      cached &&
      o.cacheWhileRemainingMs !== undefined &&
      cached.expiresOnTimestamp - now > o.cacheWhileRemainingMs
    ) {
      return { ...cached };
    }
    const lifetime = o.lifetimeMs ?? this.#defaultLifetimeMs;
    const issuedAt = o.expired ? now - lifetime - 1000 : now;
    const expiresAt = issuedAt + lifetime;
    const token = await this.#issuer.mint({
      objectId: this.objectId,
      tenantId: o.tenantId ?? this.#issuer.tenantId,
      appId: this.appId,
      audience: o.audience ?? REDIS_AUDIENCE,
      issuedAt,
      notBefore: issuedAt + (o.notBeforeOffsetMs ?? 0),
      expiresAt,
      foreignKey: o.signWithForeignKey === true,
      issuer: o.issuer,
    });
    this.#issued += 1;
    const result: LocalAccessToken = { token, expiresOnTimestamp: expiresAt, tokenType: "Bearer" };
    if (o.refreshAfterMs !== undefined) result.refreshAfterTimestamp = issuedAt + o.refreshAfterMs;
    this.#cached = result;
    return { ...result };
  }
}
