/**
 * Who one gateway connection is authenticated as: the object id and token expiry of its last AUTH
 * that both the gateway and Redis accepted, the accepted/refused counters, and the expiry clock that
 * closes the connection when that token runs out without a successful re-AUTH.
 */
import type { EntraClock } from "../internal/clock.ts";
import { ExpiryTimer } from "./gateway-expiry.ts";
import type { AuthAttempt } from "./gateway-replies.ts";
import type { ScannedReply } from "./resp-replies.ts";
import type { AuthEvent } from "./types.ts";

/** Where the events of a session go. */
export interface SessionContext {
  id: number;
  node: number;
  remotePort: number;
  graceMs: number;
  /** The gateway's clock (the expiry timer runs on it). */
  clock: EntraClock;
  onAuth(event: AuthEvent): void;
  /** The accepted token expired (plus grace) without a successful re-AUTH. */
  onExpired(): void;
}

/** Identity fields shared by the connection's info and events. */
export interface SessionIdentity {
  objectId?: string;
  expiresAt?: number;
}

/** Authentication state of one connection. */
export class AuthSession {
  readonly #ctx: SessionContext;
  readonly #expiry: ExpiryTimer;
  #objectId: string | undefined;
  accepted = 0;
  refused = 0;

  constructor(ctx: SessionContext) {
    this.#ctx = ctx;
    this.#expiry = new ExpiryTimer(ctx.clock, ctx.graceMs, () => ctx.onExpired());
  }

  /** True once an AUTH was accepted (and no RESET since). */
  get authenticated(): boolean {
    return this.#objectId !== undefined;
  }

  /** Object id and expiry of the accepted token, when there is one. */
  identity(): SessionIdentity {
    const id: SessionIdentity = {};
    if (this.#objectId !== undefined) id.objectId = this.#objectId;
    const expiresAt = this.#expiry.expiresAt;
    if (expiresAt !== undefined) id.expiresAt = expiresAt;
    return id;
  }

  /** Records an answered AUTH: accepted only when the gateway's check and Redis both accepted it. */
  settle(a: AuthAttempt, redisAccepted: boolean, r: ScannedReply): void {
    // Inside MULTI the AUTH runs at EXEC (whose reply is not interpreted): only a refusal is known now.
    if (r.type === "+" && r.line === "QUEUED" && a.check?.ok !== false) return;
    const accepted = redisAccepted && a.check?.ok === true;
    const event: AuthEvent = {
      id: this.#ctx.id,
      node: this.#ctx.node,
      remotePort: this.#ctx.remotePort,
      ...this.identity(),
      command: a.command,
      accepted,
    };
    if (a.username !== undefined) event.username = a.username;
    if (accepted && a.check?.ok) {
      this.accepted++;
      this.#objectId = a.check.objectId;
      this.#expiry.set(a.check.expiresAt);
      event.objectId = a.check.objectId;
      event.expiresAt = a.check.expiresAt;
    } else {
      this.refused++;
      event.reason =
        a.check && !a.check.ok
          ? a.check.reason
          : r.type === "-" || r.type === "!"
            ? (r.line ?? "error")
            : "refused";
    }
    this.#ctx.onAuth(event);
  }

  /** RESET: unauthenticated, nothing to enforce. */
  reset(): void {
    this.#objectId = undefined;
    this.#expiry.set(undefined);
  }

  /** Stops the expiry clock (the connection closed). */
  stop(): void {
    this.#expiry.clear();
  }
}
