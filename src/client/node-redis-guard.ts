/**
 * What node-redis clients and clusters we create do with their commands: while the token is expired a
 * command's failure becomes an {@link EntraTokenExpiredError} (the original error as `cause`), and a
 * blocking command rejected because the server closed its connection at token expiry is sent again
 * once node-redis has reconnected (`node-redis-resend.ts` says when that is safe). The wraps sit on a
 * client's `sendCommand` and on a cluster's `_execute` (where every command is routed to a node).
 */
import { internalsOf } from "./auth-internals.ts";
import type { EntraAuth } from "./entra-auth.ts";
import { EntraTokenExpiredError } from "./errors.ts";
import { wrapClientSendCommand, wrapClusterExecute, type ClusterExecute } from "./node-redis-internals.ts";
import { resendingClusterExecute, resendingSendCommand } from "./node-redis-resend.ts";

/**
 * While the token is expired, a command's failure (timeout, refusal, closed socket) is caused by it:
 * reject with {@link EntraTokenExpiredError} (the original error as `cause`) instead. A blocking
 * command rejected because the connection closed (the server closes a connection blocked past its
 * token's expiry: the re-AUTH waits behind the command) is sent again once node-redis has reconnected
 * with a fresh token (`node-redis-resend.ts` says when that is safe and when it is not done).
 */
export function guardCommands(
  auth: EntraAuth,
  client: object,
  options: { disableOfflineQueue?: boolean },
): void {
  wrapClientSendCommand(client, (original, self) => {
    const send = resendingSendCommand(original, {
      now: () => internalsOf(auth).clock.now(),
      allowed: () =>
        !options.disableOfflineQueue && self.isOpen !== false && !auth.diagnostics().tokenExpired,
    });
    return function (this: unknown, args: unknown[], sendOptions?: unknown) {
      return send.call(this, args, sendOptions).catch((err: unknown) => {
        throw expiredInstead(auth, err);
      });
    };
  });
}

/**
 * While the token is expired, a command's failure (timeout, refusal, closed socket) is caused by it:
 * an {@link EntraTokenExpiredError} with the original error as `cause`; otherwise the error itself.
 */
function expiredInstead(auth: EntraAuth, err: unknown): unknown {
  const diag = auth.diagnostics();
  if (
    diag.tokenExpired &&
    diag.expiresOnTimestamp !== undefined &&
    !(err instanceof EntraTokenExpiredError)
  ) {
    return new EntraTokenExpiredError(diag.expiresOnTimestamp, diag.lastRefreshError, { cause: err });
  }
  return err;
}

/**
 * While the token is expired, a cluster command's failure becomes an {@link EntraTokenExpiredError}
 * (see {@link expiredInstead}), as on a client. The wrap sits on the cluster's `_execute` (which picks
 * the node and follows redirections), outside the resend of blocking commands.
 */
export function guardClusterCommands(auth: EntraAuth, cluster: object): void {
  wrapClusterExecute(
    cluster,
    (execute) =>
      function (this: unknown, ...args: unknown[]) {
        return execute.apply(this, args).catch((err: unknown) => {
          throw expiredInstead(auth, err);
        });
      },
  );
}

/**
 * Blocking commands on the cluster are resent like on a client (see {@link guardCommands}): the wrap
 * sits on the cluster's `_execute`, which routes every command to a node client.
 */
export function resendBlockingOnCluster(
  auth: EntraAuth,
  cluster: object,
  disableOfflineQueue: boolean,
): void {
  wrapClusterExecute(
    cluster,
    (execute, self) =>
      // `_execute`'s first argument is the command's parser (node-redis 6; node-redis-internals.ts).
      resendingClusterExecute(execute, {
        now: () => internalsOf(auth).clock.now(),
        allowed: () => !disableOfflineQueue && self.isOpen !== false && !auth.diagnostics().tokenExpired,
      }) as ClusterExecute,
  );
}
