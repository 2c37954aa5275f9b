/**
 * Token managers and credentials of the fault matrix: a token manager with the scaled-down timing and
 * every event captured, a credential whose first token is refused, and counting what it emits.
 */
import {
  createEntraAuth,
  type EntraAuth,
  type EntraAuthOptions,
  type EntraTokenCredential,
} from "../../../../src/client/index.ts";
import { Capture, OBJECT_ID, TIMING, type Gateway } from "../integration.ts";
import { trackTokens } from "./fault-time.ts";

/** A token manager on `credential` with the scaled-down timing; events captured, its token times tracked (`ctx.time`). */
export function authOn(
  credential: EntraTokenCredential,
  capture: Capture,
  options: Partial<EntraAuthOptions> = {},
): EntraAuth {
  const auth = createEntraAuth({
    credential,
    ...TIMING,
    logger: { warn: (m) => capture.lines.push(m) },
    ...options,
  });
  capture.watch(auth);
  trackTokens(auth);
  return auth;
}

/**
 * A credential whose first token the gateway refuses (signed with a foreign key), then good ones:
 * the first AUTH is refused and the forced-refresh retry succeeds.
 */
export function firstRefusedCredential(gw: Gateway): EntraTokenCredential & { calls: number } {
  const bad = gw.credential(OBJECT_ID, { signWithForeignKey: true });
  const good = gw.credential(OBJECT_ID);
  const credential = {
    calls: 0,
    getToken(scopes: string | string[], options?: { abortSignal?: AbortSignal }) {
      credential.calls += 1;
      return (credential.calls === 1 ? bad : good).getToken(scopes, options);
    },
  };
  return credential;
}

/** Count of an EntraAuth event (with an optional payload filter) seen by a Capture since `from`. */
export function eventsOf(capture: Capture, name: string, from = 0): unknown[] {
  return capture.things
    .slice(from)
    .filter((e) => (e as { event?: string }).event === name)
    .map((e) => (e as { args: unknown[] }).args[0]);
}
