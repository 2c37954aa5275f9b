/**
 * TLS for Entra tokens: Azure Redis accepts them only over TLS, and certificate checks protect the
 * token from being sent to an impostor. Every adapter checks the TLS options it is given here.
 */
import { EntraTlsRequiredError } from "./errors.ts";

/** TLS options accepted by our ioredis helpers (anything Node's tls.connect takes). */
export type TlsOptions = Record<string, unknown>;

/** Checks that TLS is on with certificate checks; returns the TLS options to use. */
export function requireTls(tls: unknown, field: string): TlsOptions {
  if (tls === undefined || tls === true) return {};
  if (tls === false || tls === null || typeof tls !== "object") {
    throw new EntraTlsRequiredError(
      `${field}: ${String(tls)} is not allowed: Azure Redis accepts Entra tokens only over TLS (port 6380 for Azure Cache for Redis, 10000 for Azure Managed Redis); leave ${field} out or pass TLS options such as { ca }`,
    );
  }
  if ((tls as { rejectUnauthorized?: unknown }).rejectUnauthorized === false) {
    throw new EntraTlsRequiredError(
      `${field}.rejectUnauthorized: false is not allowed: certificate checks protect the token from being sent to an impostor; pass the server's CA as ${field}.ca instead`,
    );
  }
  return tls as TlsOptions;
}

/** node-redis `socket` options as the TLS check reads them. */
export type SocketOptions = Record<string, unknown> | undefined;

/** Checks node-redis options: a `rediss://` URL if any, TLS on, certificate checks on; returns the socket options. */
export function requireNodeRedisTls(
  socket: SocketOptions,
  url: string | undefined,
  field: string,
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
  if (s.rejectUnauthorized === false) {
    throw new EntraTlsRequiredError(
      `${field}.rejectUnauthorized: false is not allowed: pass the server's CA as ${field}.ca instead`,
    );
  }
  return { ...s, tls: true };
}
