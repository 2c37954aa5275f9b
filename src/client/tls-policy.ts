/**
 * TLS for Entra tokens: Azure Redis accepts them only over TLS, and certificate checks protect the
 * token from being sent to an impostor. Every adapter checks the TLS options it is given here, the
 * same way for ioredis and node-redis:
 *
 * - TLS off (`tls: false`, a `redis://` URL) is refused ({@link EntraTlsRequiredError}).
 * - `rejectUnauthorized: false` is refused; pass the server's CA (`ca`) instead.
 * - A `checkServerIdentity` that accepts a certificate for another host (`() => undefined`) is
 *   refused too: it is probed once with a certificate for `impostor.invalid` and must return an
 *   Error. A custom check that still checks the name (pinning on top of `tls.checkServerIdentity`,
 *   or a check by fingerprint) passes.
 * - `NODE_TLS_REJECT_UNAUTHORIZED=0` turns certificate checks off for the whole process by default:
 *   the options handed to the library say `rejectUnauthorized: true` explicitly, so checks stay on
 *   for Redis connections, and a warning (`tls-env`) says so once.
 */
import type { PeerCertificate } from "node:tls";
import { EntraTlsRequiredError } from "./errors.ts";

/** TLS options accepted by our ioredis helpers (anything Node's tls.connect takes). */
export type TlsOptions = Record<string, unknown>;

/** Where a TLS warning goes (the token manager's deduplicated warnings). */
export type TlsWarn = (code: string, message: string) => void;

const PROBE_HOST = "azure-redis-entra-probe.invalid";
const PROBE_CERT = {
  subject: { CN: "impostor.invalid" },
  issuer: { CN: "impostor.invalid" },
  subjectaltname: "DNS:impostor.invalid",
  valid_from: "Jan  1 00:00:00 2026 GMT",
  valid_to: "Jan  1 00:00:00 2036 GMT",
  fingerprint: "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00",
  fingerprint256:
    "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00",
  serialNumber: "00",
  raw: Buffer.alloc(0),
} as unknown as PeerCertificate;

/** True when `check` refuses a certificate for another host (it returns an Error, or throws). */
function refusesOtherHosts(check: (host: string, cert: PeerCertificate) => unknown): boolean {
  try {
    return check(PROBE_HOST, PROBE_CERT) instanceof Error;
  } catch {
    return true;
  }
}

/** The certificate checks every adapter requires of TLS options (`field` names them in errors). */
function checkCertificateChecks(options: Record<string, unknown>, field: string, warn: TlsWarn): TlsOptions {
  if (options.rejectUnauthorized === false) {
    throw new EntraTlsRequiredError(
      `${field}.rejectUnauthorized: false is not allowed: certificate checks protect the token from being sent to an impostor; pass the server's CA as ${field}.ca instead`,
    );
  }
  const check = options.checkServerIdentity;
  if (
    typeof check === "function" &&
    !refusesOtherHosts(check as (h: string, c: PeerCertificate) => unknown)
  ) {
    throw new EntraTlsRequiredError(
      `${field}.checkServerIdentity accepts a certificate for another host (it returned no Error for one issued to impostor.invalid), which sends the token to any server with a valid certificate: leave it out, or to connect through a tunnel or an IP address pass the cache's host name as ${field}.servername`,
    );
  }
  if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === "0") {
    warn(
      "tls-env",
      "NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off for this process; Redis connections made by azure-redis-entra keep them on (rejectUnauthorized: true): pass the server's CA as ca for a private CA",
    );
  }
  return { ...options, rejectUnauthorized: true };
}

/** Checks ioredis `tls` options: TLS on, certificate checks on; returns the TLS options to use. */
export function requireTls(tls: unknown, field: string, warn: TlsWarn = () => undefined): TlsOptions {
  if (tls === false || tls === null || (tls !== undefined && tls !== true && typeof tls !== "object")) {
    throw new EntraTlsRequiredError(
      `${field}: ${String(tls)} is not allowed: Azure Redis accepts Entra tokens only over TLS (port 6380 for Azure Cache for Redis, 10000 for Azure Managed Redis); leave ${field} out or pass TLS options such as { ca }`,
    );
  }
  return checkCertificateChecks(typeof tls === "object" ? (tls as Record<string, unknown>) : {}, field, warn);
}

/** node-redis `socket` options as the TLS check reads them. */
export type SocketOptions = Record<string, unknown> | undefined;

/** Checks node-redis options: a `rediss://` URL if any, TLS on, certificate checks on; returns the socket options. */
export function requireNodeRedisTls(
  socket: SocketOptions,
  url: string | undefined,
  field: string,
  warn: TlsWarn = () => undefined,
): Record<string, unknown> {
  if (url !== undefined && !/^rediss:\/\//i.test(url)) {
    throw new EntraTlsRequiredError(
      `url: "${url.replace(/\/\/[^@/]*@/, "//")}" is not a rediss:// URL: Azure Redis accepts Entra tokens only over TLS; use rediss://host:port`,
    );
  }
  const s = socket ?? {};
  if (s.tls === false) {
    throw new EntraTlsRequiredError(
      `${field}.tls: false is not allowed: Azure Redis accepts Entra tokens only over TLS (port 6380 for Azure Cache for Redis, 10000 for Azure Managed Redis); leave it out or set true`,
    );
  }
  return { ...checkCertificateChecks(s, field, warn), tls: true };
}
