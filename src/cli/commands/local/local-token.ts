/**
 * `azure-redis-entra local token`: prints one fresh token from the running `local` gateway on stdout
 * and nothing else, so `export REDISCLI_AUTH="$(azure-redis-entra local token)"` works. Asking for it
 * is the explicit request that makes printing a token acceptable (tokens never appear otherwise).
 */
import { readState, defaultStatePath } from "./state.ts";
import { localGatewayCredential } from "./token-client.ts";
import { REDIS_TOKEN_SCOPE } from "../../../internal/token-scope.ts";
import { CliError, UsageError } from "../../../internal/cli-errors.ts";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Options `local token` reads. */
export interface LocalTokenCommandOptions {
  stateFile?: string;
  objectId?: string;
}

/** Prints a token for the assigned identity (or `--object-id`); returns the exit code. */
export async function localTokenCommand(opts: LocalTokenCommandOptions): Promise<number> {
  if (opts.objectId !== undefined && !GUID.test(opts.objectId))
    throw new UsageError(
      `--object-id "${opts.objectId}" is not a GUID; Azure object ids look like 6f1d3c9a-1111-4e0b-9a55-0c2d7e3b9a01`,
    );
  const state = readState(opts.stateFile ?? defaultStatePath());
  let token: string | undefined;
  try {
    const credential = localGatewayCredential(state, opts.objectId ? { objectId: opts.objectId } : {});
    token = (await credential.getToken(REDIS_TOKEN_SCOPE))?.token;
  } catch (err) {
    throw new CliError(
      `the local gateway (pid ${state.pid}) gave no token: ${err instanceof Error ? err.message : String(err)}; restart it with \`azure-redis-entra local\``,
    );
  }
  if (!token)
    throw new CliError(
      `the local gateway (pid ${state.pid}) gave no token; restart it with \`azure-redis-entra local\``,
    );
  process.stdout.write(token + "\n");
  return 0;
}
