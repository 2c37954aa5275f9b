/**
 * A loopback HTTP endpoint in `local` that mints test tokens for other processes (`doctor
 * --credential local`, an app under manual test). Protected by a random secret kept in the 0600
 * state file; listens on 127.0.0.1 only. Tokens it returns are the gateway's test tokens.
 */
import { createServer, type Server } from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { timingSafeEqual } from "node:crypto";
import type { RunningGateway } from "./gateway.ts";

/** A running token endpoint. */
export interface TokenServer {
  url: string;
  secret: string;
  close(): Promise<void>;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Starts the endpoint: GET /token?objectId=&scope=&appId=&lifetimeMs= with `Authorization: Bearer <secret>`. */
export async function startTokenServer(gateway: RunningGateway): Promise<TokenServer> {
  const secret = randomBytes(24).toString("base64url");
  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: Record<string, unknown>): void => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method !== "GET" || url.pathname !== "/token") return reply(404, { error: "not found" });
    if (!same(req.headers.authorization ?? "", `Bearer ${secret}`))
      return reply(401, { error: "wrong or missing secret" });
    const objectId = url.searchParams.get("objectId");
    if (!objectId) return reply(400, { error: "objectId is required" });
    const appId = url.searchParams.get("appId") ?? undefined;
    const lifetime = Number(url.searchParams.get("lifetimeMs") ?? "");
    const scope = url.searchParams.get("scope") ?? "https://redis.azure.com/.default";
    const credential = gateway.credential(objectId, {
      ...(appId ? { appId } : {}),
      ...(Number.isFinite(lifetime) && lifetime > 0 ? { lifetimeMs: lifetime } : {}),
    });
    credential.getToken(scope).then(
      (t) =>
        t
          ? reply(200, { token: t.token, expiresOnTimestamp: t.expiresOnTimestamp })
          : reply(500, { error: "no token" }),
      (err: unknown) => reply(400, { error: err instanceof Error ? err.message : String(err) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    secret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
