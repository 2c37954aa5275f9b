/**
 * What the connection adapters need from an {@link EntraAuth} beyond its public methods: its clock
 * (every adapter timer runs on it, so tests drive adapters and token manager alike), deduplicated
 * warnings, redaction of the current token, and the reports of what happened to a connection (the
 * token manager turns them into its `reauthenticated` / `reauthFailed` / `subscriberRotated`
 * events; adapters never emit on it). Kept off the public class: only this package's modules reach it.
 */
import type { EntraConnectionEvent, EntraReauthFailedEvent } from "./auth-events.ts";
import type { EntraClock } from "./clock.ts";

/** What happened to one connection, reported by an adapter. */
export interface ConnectionReports {
  reauthenticated(event: EntraConnectionEvent): void;
  reauthFailed(event: EntraReauthFailedEvent): void;
  subscriberRotated(event: EntraConnectionEvent): void;
}

/** The adapter-facing side of an {@link EntraAuth}. */
export interface AuthInternals {
  readonly clock: EntraClock;
  /** Random source in [0, 1) (the auth's, so tests can fix it). */
  readonly random: () => number;
  /** A warning, once per `code` (logger, `warning` event, or console.warn). */
  warnOnce(code: string, message: string): void;
  /** `text` with the current token and anything JWT-like masked. */
  redact(text: string): string;
  readonly reports: ConnectionReports;
}

/**
 * Keyed by the EntraAuth instance. Typed as `object` so this module needn't import entra-auth.ts,
 * which imports it (no import circle: scripts/circular.ts).
 */
const table = new WeakMap<object, AuthInternals>();

/** Called once by the EntraAuth constructor. */
export function registerInternals(auth: object, internals: AuthInternals): void {
  table.set(auth, internals);
}

/** The adapter-facing side of `auth` (throws for an object that is not an EntraAuth). */
export function internalsOf(auth: object): AuthInternals {
  const found = table.get(auth);
  if (!found) throw new TypeError("expected an EntraAuth created with createEntraAuth()");
  return found;
}
