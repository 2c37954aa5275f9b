/**
 * Keeps secrets out of messages. Anything that looks like a JWT (three base64url segments, the first
 * two starting with `eyJ`, i.e. `{"`) is replaced, as are the exact secrets the caller names.
 */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]*\.(?:eyJ)?[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;

/** Replacement text for a redacted secret. */
export const REDACTED = "[redacted]";

/** Returns `text` with JWT-looking substrings and the given secrets replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out.replace(JWT_LIKE, REDACTED);
}

/** A message for any thrown value, with secrets redacted. */
export function safeMessage(err: unknown, secrets: readonly (string | undefined)[] = []): string {
  const raw = err instanceof Error ? err.message : typeof err === "string" ? err : String(err);
  return redact(raw, secrets);
}

/** Name of a thrown value's class (e.g. `CredentialUnavailableError`), or `Error`. */
export function errorName(err: unknown): string {
  return err instanceof Error && typeof err.name === "string" && err.name ? err.name : "Error";
}

/**
 * ioredis attaches the failed command (AUTH/HELLO with the token among its args) to reply errors.
 * Mask those args before anyone else sees the error.
 */
export function scrubCommandArgs(err: unknown): void {
  if (!err || typeof err !== "object") return;
  const cmd = (err as { command?: { name?: unknown; args?: unknown } }).command;
  if (cmd && Array.isArray(cmd.args) && typeof cmd.name === "string" && /^(auth|hello)$/i.test(cmd.name)) {
    cmd.args = cmd.args.map((a, i) => (i === 0 && /^hello$/i.test(String(cmd.name)) ? a : "[redacted]"));
  }
}
