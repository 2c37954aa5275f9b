/** `azure-redis-entra local`: the local Entra gateway for manual testing, until Ctrl-C. */
import { randomUUID } from "node:crypto";
import { UsageError } from "../../../internal/cli-errors.ts";
import { bold, dim, line, ok, printJson, warn } from "../../output.ts";
import { printable } from "../../../internal/printable.ts";
import { withSpinner } from "../../spinner.ts";
import { formatDuration, parseDuration } from "../../duration.ts";
import { startGateway } from "./gateway.ts";
import { startTokenServer, type TokenServer } from "./token-server.ts";
import { defaultStatePath, removeState, writeState } from "./state.ts";
import { redisCliLines } from "./shell-lines.ts";
import { REDIS_TOKEN_SCOPE } from "../../../internal/token-scope.ts";
import { watchSignals } from "../../signals.ts";

/** Options of `local`. */
export interface LocalCommandOptions {
  shards: string;
  tokenLifetime: string;
  objectId?: string;
  policy: string;
  printToken?: boolean;
  stateFile?: string;
  redisServer?: string;
  json?: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function snippet(objectId: string, statePath: string): string {
  return [
    `import { readFileSync } from "node:fs";`,
    `import { createEntraAuth, connectIoredis } from "azure-redis-entra/client";`,
    `import { localGatewayCredential, readLocalGatewayState } from "azure-redis-entra/cli";`,
    ``,
    `const state = readLocalGatewayState(${JSON.stringify(statePath)});`,
    `const auth = createEntraAuth({ credential: localGatewayCredential(state), refreshMarginMs: 5_000, refreshJitterMs: 1_000 });`,
    `const redis = await connectIoredis(auth, { host: state.host, port: state.port, tls: { ca: readFileSync(state.caPath) } });`,
    `await redis.set("hello", "world"); // username ${objectId}, password: a fresh token`,
  ].join("\n");
}

/** Runs `local` until a signal; returns the exit code. */
export async function localCommand(opts: LocalCommandOptions): Promise<number> {
  const watch = watchSignals();
  try {
    return await runLocal(opts, watch.signal);
  } finally {
    watch.dispose();
  }
}

async function runLocal(opts: LocalCommandOptions, signal: Promise<NodeJS.Signals>): Promise<number> {
  const shards = Number(opts.shards);
  if (!Number.isInteger(shards) || shards < 1 || shards > 16)
    throw new UsageError(`--shards "${opts.shards}" must be a whole number from 1 to 16`);
  const tokenLifetimeMs = parseDuration(opts.tokenLifetime, "--token-lifetime");
  const objectId = opts.objectId ?? randomUUID();
  if (!GUID.test(objectId))
    throw new UsageError(
      `--object-id "${objectId}" is not a GUID; Azure object ids look like 6f1d3c9a-1111-4e0b-9a55-0c2d7e3b9a01`,
    );
  const statePathInUse = opts.stateFile ?? defaultStatePath();

  const gw = await withSpinner(
    `Starting redis-server${shards > 1 ? ` cluster (${shards} shards)` : ""} and the Entra gateway`,
    () =>
      startGateway({
        shards,
        tokenLifetimeMs,
        ...(opts.redisServer ? { redisServerPath: opts.redisServer } : {}),
      }),
  );
  let tokens: TokenServer | undefined;
  const unsubscribe: (() => void)[] = [];
  try {
    await gw.assign(objectId, opts.policy);
    tokens = await startTokenServer(gw);
    writeState(statePathInUse, {
      version: 1,
      pid: process.pid,
      host: gw.host,
      port: gw.port,
      nodes: gw.nodes,
      caPath: gw.caPath,
      objectId,
      policy: opts.policy,
      tokenLifetimeMs,
      tokenUrl: tokens.url,
      secret: tokens.secret,
    });
    const cliLines = redisCliLines({
      host: gw.host,
      port: gw.port,
      caPath: gw.caPath,
      objectId,
      cluster: gw.nodes.length > 1,
      statePath: statePathInUse,
    });
    let token: string | undefined;
    if (opts.printToken) token = (await gw.credential(objectId).getToken(REDIS_TOKEN_SCOPE))?.token;
    if (opts.json) {
      printJson({
        ready: true,
        host: gw.host,
        port: gw.port,
        nodes: gw.nodes,
        caPath: gw.caPath,
        objectId,
        policy: opts.policy,
        tokenLifetimeMs,
        stateFile: statePathInUse,
        redisCli: cliLines,
        ...(token ? { token } : {}),
      });
    } else {
      line(
        ok(bold("Local Entra gateway ready")) +
          dim(" (TLS only, tokens checked like Azure; Ctrl-C stops it)"),
      );
      line(`  host         ${gw.host}`);
      line(
        `  port         ${gw.port}${gw.nodes.length > 1 ? dim(`  (cluster nodes: ${gw.nodes.map((n) => n.port).join(", ")})`) : ""}`,
      );
      line(`  CA           ${gw.caPath}`);
      line(`  objectId     ${objectId}  (username; assigned "${opts.policy}")`);
      line(`  tokens       live ${formatDuration(tokenLifetimeMs)}; scope ${REDIS_TOKEN_SCOPE}`);
      line(`  state file   ${statePathInUse}  (for doctor --credential local)`);
      line();
      line(bold("Connect from Node.js:"));
      line(dim(snippet(objectId, statePathInUse)));
      line();
      line(
        bold("Connect with redis-cli") +
          dim(" (paste both lines; run the export again when the token expires):"),
      );
      for (const l of cliLines) line(`  ${l}`);
      line();
      line(`Check it: ${bold("azure-redis-entra doctor --credential local")}`);
      if (token) {
        line();
        line(warn("Token (--print-token; a test token, valid " + formatDuration(tokenLifetimeMs) + "):"));
        line(token);
      }
      const at = (): string => new Date().toISOString().slice(11, 19);
      unsubscribe.push(
        gw.onEvent("auth", (e) =>
          line(
            dim(
              `${at()} ${e.command} ${printable(e.username ?? "?")} ${e.accepted ? "accepted" : `refused${e.reason ? ` (${printable(e.reason)})` : ""}`}`,
            ),
          ),
        ),
        gw.onEvent("expired", (e) =>
          line(
            dim(`${at()} connection ${e.id} closed: token of ${e.objectId ?? "?"} expired without re-AUTH`),
          ),
        ),
      );
    }
    const got = await signal;
    if (!opts.json) line(dim(`\n${got}: stopping`));
    return 0;
  } finally {
    for (const u of unsubscribe) u();
    removeState(statePathInUse);
    await tokens?.close();
    await gw.stop();
  }
}
