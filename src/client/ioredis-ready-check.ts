/**
 * ioredis's ready check sends `INFO`, a `@dangerous` command that Azure's Data Contributor and Data
 * Reader policies don't allow (docs/azure-facts.md): ioredis then logs `Skipping the ready check
 * because INFO command fails: "NOPERM..."` on every connect and carries on as if the check passed. So
 * our helpers turn it off unless the application asks for it (`enableReadyCheck: true`, sensible only
 * under Data Owner or a custom policy with `+info`). Nothing is lost under the other policies: the
 * check was already skipped. The ready signal is then the handshake itself: ioredis reports `ready`
 * once HELLO/AUTH succeeded, and our helpers resolve only after that. A command sent while the server
 * is still loading its data set is answered `-LOADING` (rare on Azure: a replica takes over loaded).
 */
import type { RedisOptions } from "ioredis";

/** The ready-check setting for connections we create: the application's choice, or off. */
export function readyCheckOption(options: Pick<RedisOptions, "enableReadyCheck"> | undefined): boolean {
  return options?.enableReadyCheck ?? false;
}
