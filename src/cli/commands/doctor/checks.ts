/**
 * The steps of `doctor`, each a pass/fail with the fix for every known failure: token, claims,
 * DNS, TLS, AUTH, PING and a harmless read. Tokens are decoded, never printed.
 */
import { randomBytes } from "node:crypto";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import { REDIS_TOKEN_SCOPE } from "../../../internal/token-scope.ts";
import { clientIdOf, isRedisAudience, readClaims } from "../../../client/claims.ts";
import {
  explainRedisAuthError,
  redact,
  type EntraTokenCredential,
  type TokenClaims,
} from "../../../client/index.ts";
import { resolveHost } from "./network.ts";
import { endpointStep, readHello } from "./endpoint.ts";
import { explainCredentialFailure, withinTime, type CredentialKind } from "./credential-failure.ts";
import { RespConnection } from "../../../internal/resp/connection.ts";
import { RespReplyError, type RespReply } from "../../../internal/resp/decode.ts";

/** Result of one step. */
export interface DoctorStep {
  name: "token" | "claims" | "username" | "dns" | "tls" | "auth" | "ping" | "read" | "endpoint";
  status: "pass" | "fail" | "warn" | "skip";
  /** What was found (never a token). */
  detail: string;
  /** Stable code of a known problem, e.g. "no-assignment" (from the client runtime's explanations). */
  problem?: string;
  /** What to do about it. */
  fix?: string;
}

/** What doctor is asked to check. */
export interface DoctorInput {
  host: string;
  port: number;
  username?: string;
  credential: EntraTokenCredential;
  credentialName: string;
  /** PEM of extra CAs to trust (the local gateway's); system CAs otherwise. */
  ca?: string;
  timeoutMs: number;
}

/** Token facts shown to people (claims, not the token). */
export interface TokenFacts {
  oid?: string;
  appid?: string;
  tid?: string;
  aud?: string | string[];
  expiresAt?: string;
  expiresInSeconds?: number;
}

/** Everything doctor found. */
export interface DoctorReport {
  ok: boolean;
  host: string;
  port: number;
  username?: string;
  credential: string;
  token?: TokenFacts;
  steps: DoctorStep[];
}

function connectTls(
  host: string,
  port: number,
  ca: string | undefined,
  timeoutMs: number,
): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const servername = /^[\d.]+$|:/.test(host) ? undefined : host;
    const socket = tlsConnect({
      host,
      port,
      ...(servername ? { servername } : {}),
      ...(ca ? { ca } : {}),
      minVersion: "TLSv1.2",
      rejectUnauthorized: true,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`no TLS handshake within ${timeoutMs / 1000}s`), { code: "ETIMEDOUT" }));
    }, timeoutMs);
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function tlsFix(err: NodeJS.ErrnoException, port: number): { problem: string; fix: string } {
  const code = err.code ?? "";
  if (code === "ECONNREFUSED") {
    return {
      problem: "connection-refused",
      fix: `nothing accepts connections on port ${port}: Azure Cache for Redis listens on 6380 (TLS), Azure Managed Redis on 10000; the non-TLS port 6379 is off`,
    };
  }
  if (code === "ETIMEDOUT" || code === "ECONNRESET") {
    return {
      problem: "network-blocked",
      fix: "the connection does not get through: check the cache's firewall rules (your public address must be in one), or that you are inside the VNet of its private endpoint, and that outbound TCP to the port is allowed",
    };
  }
  if (
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME/.test(code) ||
    /certificate/i.test(err.message)
  ) {
    return {
      problem: "certificate",
      fix: "the server certificate is not trusted for this host name: connect with the cache's own host name (not an IP), pass --ca <file> for a private CA (the local gateway's CA path), or check for a TLS-intercepting proxy; never turn certificate checks off",
    };
  }
  if (/wrong version number|unsupported protocol|packet length/i.test(err.message)) {
    return {
      problem: "not-tls",
      fix: "the port does not speak TLS: use the TLS port (6380 for Azure Cache for Redis, 10000 for Azure Managed Redis)",
    };
  }
  return { problem: "tls-failed", fix: "check host, port and network path to the cache" };
}

/** Runs every step in order; later steps are skipped when an earlier one makes them meaningless. */
export async function runDoctor(
  input: DoctorInput,
  onStep: (step: DoctorStep) => void = () => {},
): Promise<DoctorReport> {
  const steps: DoctorStep[] = [];
  const add = (s: DoctorStep): void => {
    steps.push(s);
    onStep(s);
  };
  const report: DoctorReport = {
    ok: false,
    host: input.host,
    port: input.port,
    credential: input.credentialName,
    steps,
  };
  if (input.username) report.username = input.username;

  // 1. Token
  let token: string | undefined;
  let claims: TokenClaims | undefined;
  try {
    // Bounded: a managed identity endpoint that never answers (no IMDS here) must not hang doctor.
    const t = await withinTime(
      input.credential.getToken(REDIS_TOKEN_SCOPE, { abortSignal: AbortSignal.timeout(input.timeoutMs) }),
      input.timeoutMs,
      `the ${input.credentialName} credential`,
    );
    if (!t?.token) throw new Error("the credential returned no token");
    token = t.token;
    add({
      name: "token",
      status: "pass",
      detail: `got a token for ${REDIS_TOKEN_SCOPE} from the ${input.credentialName} credential`,
    });
  } catch (err) {
    // No token: nothing Redis said is involved, so the fix is about the credential only.
    const failure = explainCredentialFailure(input.credentialName as CredentialKind, err);
    add({
      name: "token",
      status: "fail",
      detail: failure.detail,
      problem: "credential-failed",
      fix: failure.fix,
    });
  }

  // 2. Claims (decoded, never printed)
  if (token) {
    // Read as the client reads them (src/client/claims.ts): undefined for a token that is no JWT.
    claims = await readClaims(token);
    try {
      if (!claims) throw new Error("not a JWT");
      const exp = claims.exp ? claims.exp * 1000 : undefined;
      report.token = {
        ...(claims.oid ? { oid: claims.oid } : {}),
        ...(clientIdOf(claims) ? { appid: clientIdOf(claims) } : {}),
        ...(claims.tid ? { tid: claims.tid } : {}),
        ...(claims.aud ? { aud: claims.aud } : {}),
        ...(exp
          ? {
              expiresAt: new Date(exp).toISOString(),
              expiresInSeconds: Math.round((exp - Date.now()) / 1000),
            }
          : {}),
      };
      const problems: string[] = [];
      // A token that names no audience is not blamed for one (as the client's explanations).
      if (!isRedisAudience(claims.aud))
        problems.push(`audience ${JSON.stringify(claims.aud)} is not https://redis.azure.com`);
      if (!claims.oid) problems.push("no oid claim");
      if (exp !== undefined && exp <= Date.now()) problems.push("already expired");
      const detail = `oid ${claims.oid ?? "?"}, appid ${clientIdOf(claims) ?? "-"}, tid ${claims.tid ?? "?"}, aud ${String(claims.aud)}, expires ${report.token.expiresAt ?? "?"}`;
      if (problems.length) {
        add({
          name: "claims",
          status: "fail",
          detail: `${detail}: ${problems.join("; ")}`,
          problem: !isRedisAudience(claims.aud) ? "wrong-audience" : "bad-token",
          fix: `request the token with scope "${REDIS_TOKEN_SCOPE}" from a user, service principal or managed identity`,
        });
      } else add({ name: "claims", status: "pass", detail });
    } catch {
      add({
        name: "claims",
        status: "fail",
        detail: "the token is not a JWT",
        problem: "bad-token",
        fix: "use an Entra access token (a JWT) for the Redis scope",
      });
    }
  }

  // 3. Username against oid
  const username = input.username ?? claims?.oid;
  if (claims) {
    const clientId = clientIdOf(claims);
    if (!input.username) {
      add({
        name: "username",
        status: "pass",
        detail: `using the token's oid ${claims.oid ?? "?"} as username`,
      });
    } else if (input.username === claims.oid) {
      add({ name: "username", status: "pass", detail: `username is the token's oid` });
    } else if (clientId && input.username === clientId) {
      add({
        name: "username",
        status: "fail",
        detail: `username ${input.username} is the token's appid (the client id), not its oid ${claims.oid ?? "?"}`,
        problem: "username-is-client-id",
        fix: `use the principal's object id ${claims.oid ?? ""} as username (for a managed identity: its principalId, not clientId)`,
      });
    } else {
      add({
        name: "username",
        status: "fail",
        detail: `username ${input.username} differs from the token's oid ${claims.oid ?? "?"}`,
        problem: "username-not-object-id",
        fix: `the username must be the object id of the identity the token belongs to (${claims.oid ?? "its oid"}); drop --username or fix the app's REDIS_USERNAME`,
      });
    }
  }

  // 4. DNS
  let dnsOk = false;
  try {
    const { addresses, cnames } = await resolveHost(input.host);
    dnsOk = addresses.length > 0;
    const kinds = addresses.map((a) => `${a.address} (${a.isPublic ? "public" : a.range})`).join(", ");
    const viaPrivateLink = cnames.some((c) => c.includes("privatelink."));
    const anyPublic = addresses.some((a) => a.isPublic);
    add({
      name: "dns",
      status: anyPublic && viaPrivateLink ? "warn" : "pass",
      detail: `${input.host} -> ${kinds}${cnames.length ? ` via ${cnames.join(", ")}` : ""}${anyPublic ? "; public address: the cache's firewall must allow you" : addresses.every((a) => a.range === "loopback") ? "; loopback (a local gateway)" : "; private address (private endpoint or VNet)"}`,
      ...(anyPublic && viaPrivateLink
        ? {
            problem: "private-dns",
            fix: "the name goes through privatelink but resolves to a public address: link the private DNS zone (privatelink.redis.cache.windows.net / privatelink.redis.azure.net) to this VNet",
          }
        : {}),
    });
  } catch (err) {
    add({
      name: "dns",
      status: "fail",
      detail: `cannot resolve ${input.host}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      problem: "dns",
      fix: "check the host name (Azure Cache for Redis: <name>.redis.cache.windows.net; Azure Managed Redis: <name>.<region>.redis.azure.net) and, with a private endpoint, the private DNS zone link",
    });
  }

  // 5. TLS
  let socket: TLSSocket | undefined;
  if (dnsOk) {
    try {
      socket = await connectTls(input.host, input.port, input.ca, input.timeoutMs);
      const cert = socket.getPeerCertificate();
      add({
        name: "tls",
        status: "pass",
        detail: `${socket.getProtocol() ?? "TLS"} with a trusted certificate${cert?.subject?.CN ? ` for ${cert.subject.CN}` : ""}${cert?.valid_to ? `, valid until ${cert.valid_to}` : ""}`,
      });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      add({
        name: "tls",
        status: "fail",
        detail: `${e.code ? `${e.code}: ` : ""}${e.message}`,
        ...tlsFix(e, input.port),
      });
    }
  } else add({ name: "tls", status: "skip", detail: "no address to connect to" });

  // 6-8. AUTH, PING, a harmless read
  if (socket && token && username) {
    const conn = new RespConnection(socket);
    try {
      const auth = await conn.command(["AUTH", username, token], input.timeoutMs);
      if (auth instanceof RespReplyError) {
        const explained = explainRedisAuthError(new Error(auth.message), {
          username,
          claims: claims ?? {},
          scope: REDIS_TOKEN_SCOPE,
          tls: true,
        });
        add({
          name: "auth",
          status: "fail",
          detail: `server replied ${redact(auth.message)}`,
          problem: explained?.problem ?? "auth-refused",
          fix: explained?.explanation ?? "see the server's reply",
        });
      } else {
        add({ name: "auth", status: "pass", detail: `AUTH as ${username} accepted` });
        const pong = await conn.command(["PING"], input.timeoutMs);
        add(replyStep("ping", pong, (r) => r === "PONG", username, claims));
        const key = `azure-redis-entra:doctor:${randomBytes(8).toString("hex")}`;
        const exists = await conn.command(["EXISTS", key], input.timeoutMs);
        add(replyStep("read", exists, (r) => typeof r === "number", username, claims, `EXISTS ${key}`));
        // Which service answers the name (a cache, one switched to Managed Redis by a migration, or Managed Redis).
        const hello = await conn.command(["HELLO", "2"], input.timeoutMs);
        const endpoint =
          hello instanceof RespReplyError
            ? undefined
            : endpointStep(input.host, input.port, readHello(hello));
        if (endpoint) add(endpoint);
      }
    } catch (err) {
      const e = err as Error;
      const explained = explainRedisAuthError(e, {
        username,
        claims: claims ?? {},
        scope: REDIS_TOKEN_SCOPE,
        tls: true,
      });
      add({
        name: "auth",
        status: "fail",
        detail: redact(e.message),
        problem: explained?.problem ?? "connection-closed",
        fix:
          explained?.explanation ??
          "the server closed the connection during AUTH; check the host is an Azure Redis endpoint with Entra auth on",
      });
    } finally {
      conn.close();
    }
  } else {
    socket?.destroy();
    add({ name: "auth", status: "skip", detail: !token ? "no token" : "no TLS connection" });
  }

  report.ok = steps.every((s) => s.status !== "fail");
  return report;
}

function replyStep(
  name: "ping" | "read",
  reply: RespReply,
  good: (r: RespReply) => boolean,
  username: string,
  claims: TokenClaims | undefined,
  label = name.toUpperCase(),
): DoctorStep {
  if (reply instanceof RespReplyError && /^(MOVED|ASK) /.test(reply.message)) {
    // Cluster mode (OSS clustering): the key lives on another shard. Redis checks ACLs before it
    // redirects, so the identity may run the command.
    return {
      name,
      status: "pass",
      detail: `${label} -> ${reply.message.split(" ")[0]} (a cluster: allowed, served by another shard; use a cluster-aware client)`,
    };
  }
  if (reply instanceof RespReplyError) {
    const explained = explainRedisAuthError(new Error(reply.message), {
      username,
      claims: claims ?? {},
      tls: true,
    });
    return {
      name,
      status: "fail",
      detail: `${label}: ${reply.message}`,
      problem: explained?.problem ?? "command-refused",
      fix: explained?.explanation ?? "the access policy may not allow this command",
    };
  }
  return good(reply)
    ? { name, status: "pass", detail: `${label} -> ${JSON.stringify(reply)}` }
    : {
        name,
        status: "fail",
        detail: `${label}: unexpected reply ${JSON.stringify(reply)}`,
        problem: "unexpected-reply",
        fix: "is this an Azure Redis endpoint?",
      };
}
