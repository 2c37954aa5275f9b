/**
 * The gateway's token issuer: an RS256 key pair (jose) that mints Entra-shaped access tokens and a
 * synchronous verifier (node:crypto) so the gateway can check an AUTH without pausing the stream.
 *
 * Times (`iat`, `nbf`, `exp`) are NumericDates with millisecond precision (RFC 7519 allows
 * non-integer seconds), so that a token's `exp * 1000` equals the `expiresOnTimestamp` the credential
 * reports, even for lifetimes of a few hundred milliseconds.
 */
import { KeyObject, createPublicKey, randomUUID, verify as cryptoVerify, type webcrypto } from "node:crypto";
import { SignJWT, generateKeyPair } from "jose";

/** The audience Azure's Redis front end expects. */
export const REDIS_AUDIENCE = "https://redis.azure.com";

/** What to put into a token. */
export interface MintOptions {
  objectId: string;
  tenantId: string;
  appId: string;
  audience: string;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  notBefore: number;
  expiresAt: number;
  /** Sign with an unrelated key (the gateway will reject the signature). */
  foreignKey?: boolean;
  /** `iss` claim; default Entra's v1 issuer for `tenantId` (`https://sts.windows.net/<tenantId>/`). */
  issuer?: string;
}

/** The issuers Entra ID writes into an access token for a tenant: v1 and v2 tokens. */
export function entraIssuers(tenantId: string): readonly string[] {
  return [`https://sts.windows.net/${tenantId}/`, `https://login.microsoftonline.com/${tenantId}/v2.0`];
}

/** Why a token was refused (never contains the token). */
export type TokenRefusal =
  | "malformed"
  | "bad-signature"
  | "wrong-audience"
  /** `tid` is not the gateway's tenant. */
  | "wrong-tenant"
  /** `iss` is not Entra's issuer (v1 or v2) for the gateway's tenant. */
  | "wrong-issuer"
  | "not-yet-valid"
  | "expired"
  | "wrong-oid"
  | "unassigned"
  | "one-token-auth"
  /** The gateway could not have seen Redis's answer: AUTH inside MULTI (decided at EXEC, not tracked). */
  | "auth-in-multi"
  /** The gateway could not have seen Redis's answer: after CLIENT REPLY OFF/SKIP or MONITOR. */
  | "replies-untracked";

/** Result of checking a token. */
export type TokenCheck =
  { ok: true; objectId: string; expiresAt: number } | { ok: false; reason: TokenRefusal };

interface KeyPair {
  kid: string;
  privateKey: webcrypto.CryptoKey;
  publicKey: KeyObject;
}

async function newKeyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return {
    kid: randomUUID(),
    privateKey,
    publicKey: createPublicKey(KeyObject.from(publicKey).export({ format: "pem", type: "spki" })),
  };
}

/**
 * Strict base64url (RFC 7515 §2: the URL-safe alphabet, no padding, no whitespace, canonical trailing
 * bits): undefined for anything else, where Buffer.from(s, "base64url") would skip or fix it silently.
 */
export function strictBase64url(part: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(part) || part.length % 4 === 1) return undefined;
  const bytes = Buffer.from(part, "base64url");
  return bytes.toString("base64url") === part ? bytes : undefined;
}

function b64json(part: string): Record<string, unknown> | undefined {
  const bytes = strictBase64url(part);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Mints and verifies tokens for one local gateway. */
export class TokenIssuer {
  readonly tenantId: string;
  readonly #own: KeyPair;
  readonly #foreign: KeyPair;
  /** Allowed clock difference for `nbf`, in ms (the issuer and the gateway share one clock). */
  readonly notBeforeSkewMs = 5;

  private constructor(tenantId: string, own: KeyPair, foreign: KeyPair) {
    this.tenantId = tenantId;
    this.#own = own;
    this.#foreign = foreign;
  }

  static async create(tenantId: string): Promise<TokenIssuer> {
    const [own, foreign] = await Promise.all([newKeyPair(), newKeyPair()]);
    return new TokenIssuer(tenantId, own, foreign);
  }

  /** Mints an RS256 JWT shaped like an Entra v1 access token for Redis. */
  async mint(o: MintOptions): Promise<string> {
    const key = o.foreignKey ? this.#foreign : this.#own;
    return new SignJWT({
      aud: o.audience,
      iss: o.issuer ?? entraIssuers(o.tenantId)[0],
      iat: o.issuedAt / 1000,
      nbf: o.notBefore / 1000,
      exp: o.expiresAt / 1000,
      oid: o.objectId,
      sub: o.objectId,
      tid: o.tenantId,
      appid: o.appId,
      azp: o.appId,
      ver: "1.0",
    })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid })
      .sign(key.privateKey);
  }

  /**
   * Checks a token synchronously: RS256 signature by this gateway's key (every part strict base64url),
   * audience, tenant (`tid`) and issuer (`iss`, v1 or v2 for that tenant), `nbf`/`exp` against `now`,
   * and `oid` equal to the AUTH username.
   */
  check(token: string, username: string, now: number = Date.now()): TokenCheck {
    const parts = token.split(".");
    if (parts.length !== 3) return { ok: false, reason: "malformed" };
    const [h = "", p = "", s = ""] = parts;
    const header = b64json(h);
    const payload = b64json(p);
    if (!header || !payload) return { ok: false, reason: "malformed" };
    if (header.alg !== "RS256" || header.kid !== this.#own.kid) return { ok: false, reason: "bad-signature" };
    const signature = strictBase64url(s);
    if (!signature || signature.length === 0) return { ok: false, reason: "bad-signature" };
    const valid = cryptoVerify("RSA-SHA256", Buffer.from(`${h}.${p}`), this.#own.publicKey, signature);
    if (!valid) return { ok: false, reason: "bad-signature" };
    const aud = payload.aud;
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.some((a) => a === REDIS_AUDIENCE || a === `${REDIS_AUDIENCE}/`))
      return { ok: false, reason: "wrong-audience" };
    if (payload.tid !== this.tenantId) return { ok: false, reason: "wrong-tenant" };
    if (typeof payload.iss !== "string" || !entraIssuers(this.tenantId).includes(payload.iss))
      return { ok: false, reason: "wrong-issuer" };
    const { nbf, exp, oid } = payload;
    if (typeof exp !== "number" || typeof nbf !== "number") return { ok: false, reason: "malformed" };
    if (nbf * 1000 > now + this.notBeforeSkewMs) return { ok: false, reason: "not-yet-valid" };
    if (exp * 1000 <= now) return { ok: false, reason: "expired" };
    if (typeof oid !== "string" || oid !== username) return { ok: false, reason: "wrong-oid" };
    return { ok: true, objectId: oid, expiresAt: exp * 1000 };
  }
}
