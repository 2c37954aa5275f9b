/**
 * The few JWT claims the client needs (object id for the username, app id to spot a client-id username,
 * audience and expiry for diagnostics). Decoding only: the server validates signatures.
 */

type DecodeJwt = typeof import("jose").decodeJwt;
let decoder: DecodeJwt | undefined;

/**
 * jose's decode-only entry point, loaded on first use: it keeps the client's import light (the full
 * `jose` index costs tens of ms), and the specifier is a variable so that the CommonJS build, whose
 * type resolution predates package `exports`, compiles too (Node resolves it at run time).
 */
async function loadDecoder(): Promise<DecodeJwt> {
  if (!decoder) {
    const specifier = "jose/jwt/decode";
    decoder = ((await import(specifier)) as { decodeJwt: DecodeJwt }).decodeJwt;
  }
  return decoder;
}

/** Claims read from an Entra access token; never includes the token itself. */
export interface TokenClaims {
  /** Object id of the principal: the Redis username. */
  oid?: string;
  /** Client (application) id, v1 tokens. */
  appid?: string;
  /** Client (application) id, v2 tokens. */
  azp?: string;
  /** Audience (e.g. `https://redis.azure.com`). */
  aud?: string | string[];
  /** Tenant id. */
  tid?: string;
  /** Expiry, seconds since the epoch. */
  exp?: number;
  /** Not valid before, seconds since the epoch. */
  nbf?: number;
  /** Issuer (Entra ID: `https://sts.windows.net/<tid>/` or `https://login.microsoftonline.com/<tid>/v2.0`). */
  iss?: string;
}

/** Decodes the claims of a JWT access token, or returns undefined when it is not a JWT. */
export async function readClaims(token: string): Promise<TokenClaims | undefined> {
  const decodeJwt = await loadDecoder();
  try {
    const payload = decodeJwt(token);
    const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
    const aud = payload.aud;
    return {
      oid: str(payload.oid),
      appid: str(payload.appid),
      azp: str(payload.azp),
      aud: typeof aud === "string" || Array.isArray(aud) ? aud : undefined,
      tid: str(payload.tid),
      exp: typeof payload.exp === "number" ? payload.exp : undefined,
      nbf: typeof payload.nbf === "number" ? payload.nbf : undefined,
      iss: str(payload.iss),
    };
  } catch {
    return undefined;
  }
}

/** The client (application) id of a token, from `appid` (v1) or `azp` (v2). */
export function clientIdOf(claims: TokenClaims | undefined): string | undefined {
  return claims?.appid ?? claims?.azp;
}

/** True when the audience is Redis's (`https://redis.azure.com`, with or without a trailing slash). */
export function isRedisAudience(aud: string | string[] | undefined): boolean {
  if (aud === undefined) return true;
  const list = Array.isArray(aud) ? aud : [aud];
  return list.some((a) => /^https:\/\/redis\.azure\.com\/?$/i.test(a));
}
