/**
 * AUTH rewriting: the gateway checks the token of an `AUTH` or `HELLO ... AUTH` itself and forwards the
 * request with the backend password of that object id's ACL user (valid token, assigned identity) or
 * with a password no user has (so that Redis itself answers `WRONGPASS`, in order). The raw token never
 * reaches Redis as a password it could accept.
 */
import { encodeRequest } from "../internal/resp/encode.ts";
import { K_AUTH, K_HELLO, type AuthAttempt, type Pending } from "./gateway-replies.ts";
import type { ParsedRequest } from "./resp-requests.ts";
import type { EntraClock } from "../internal/clock.ts";
import type { TokenCheck, TokenIssuer } from "./token-issuer.ts";

/** What AUTH rewriting needs from the gateway. */
export interface AuthContext {
  issuer: TokenIssuer;
  /** The gateway's clock: tokens' `nbf`/`exp` are checked against its `now()`. */
  clock: EntraClock;
  /** Backend password of an object id's ACL user, when assigned. */
  passwordFor(objectId: string): string | undefined;
  /** A password no ACL user has. */
  wrongPassword: string;
}

/** A rewritten request: what to queue for reply matching, and the bytes to forward instead. */
export interface Rewritten {
  pending: Pending;
  /** Replacement bytes; undefined: forward the request as it is. */
  replacement: Buffer | undefined;
}

/** Lower-case ASCII of a short argument ("" when absent or long). */
export function lower(b: Buffer | undefined): string {
  return b && b.length <= 16 ? b.toString("latin1").toLowerCase() : "";
}

/**
 * Why an AUTH must be refused whatever its token: the gateway could not see whether Redis accepted it,
 * so letting it through could switch the identity Redis serves without the gateway knowing which
 * token's expiry to enforce.
 */
export type Untrackable = "auth-in-multi" | "replies-untracked";

/** Checks a token and returns the password to forward (the backend one, or a wrong one). */
function verdict(
  ctx: AuthContext,
  username: string,
  token: string,
  untrackable: Untrackable | undefined,
): { check: TokenCheck; password: string } {
  const check = ctx.issuer.check(token, username, ctx.clock.now());
  if (!check.ok) return { check, password: ctx.wrongPassword };
  if (untrackable) return { check: { ok: false, reason: untrackable }, password: ctx.wrongPassword };
  const password = ctx.passwordFor(username);
  if (password === undefined)
    return { check: { ok: false, reason: "unassigned" }, password: ctx.wrongPassword };
  return { check, password };
}

/** `AUTH [username] token`; `untrackable`: refuse it whatever the token (Redis answers WRONGPASS). */
export function rewriteAuth(ctx: AuthContext, req: ParsedRequest, untrackable?: Untrackable): Rewritten {
  if (req.argc === 2) {
    // One-token AUTH (the default user): Azure needs a username, so Redis refuses it.
    const auth: AuthAttempt = {
      command: "AUTH",
      username: undefined,
      check: { ok: false, reason: "one-token-auth" },
    };
    return { pending: { kind: K_AUTH, auth }, replacement: encodeRequest([req.args[0], ctx.wrongPassword]) };
  }
  if (req.argc !== 3) {
    return {
      pending: { kind: K_AUTH, auth: { command: "AUTH", username: undefined, check: undefined } },
      replacement: undefined,
    };
  }
  const username = req.args[1].toString("utf8");
  const { check, password } = verdict(ctx, username, req.args[2].toString("latin1"), untrackable);
  return {
    pending: { kind: K_AUTH, auth: { command: "AUTH", username, check } },
    replacement: encodeRequest([req.args[0], req.args[1], password]),
  };
}

/** Where the last `AUTH` (the one Redis uses) sits among a HELLO's options (-1: none). */
function helloAuthAt(req: ParsedRequest): number {
  let authAt = -1;
  for (let i = 2; i < Math.min(req.argc, req.args.length); i++) {
    const opt = lower(req.args[i]);
    if (opt === "auth") {
      authAt = i;
      i += 2;
    } else if (opt === "setname") i += 1;
  }
  return authAt;
}

/** `HELLO [protover [AUTH username password] [SETNAME name]]`; `untrackable` as for {@link rewriteAuth}. */
export function rewriteHello(ctx: AuthContext, req: ParsedRequest, untrackable?: Untrackable): Rewritten {
  const proto = req.argc >= 2 ? Number(req.args[1].toString("latin1")) : undefined;
  const authAt = helloAuthAt(req);
  const pending: Pending = { kind: K_HELLO };
  if (proto !== undefined && Number.isInteger(proto)) pending.proto = proto;
  // AUTH beyond the exposed arguments (a malformed HELLO) is forwarded untouched: the raw token is never
  // a backend password, so Redis refuses it.
  if (authAt < 0 || authAt + 2 >= req.args.length || req.argc > req.args.length) {
    if (authAt >= 0) pending.auth = { command: "HELLO", username: undefined, check: undefined };
    return { pending, replacement: undefined };
  }
  const username = req.args[authAt + 1].toString("utf8");
  const { check, password } = verdict(ctx, username, req.args[authAt + 2].toString("latin1"), untrackable);
  pending.auth = { command: "HELLO", username, check };
  const args = req.args.slice(0, req.argc);
  args[authAt + 2] = Buffer.from(password);
  return { pending, replacement: encodeRequest(args) };
}
