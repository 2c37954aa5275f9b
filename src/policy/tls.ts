/** TLS version checks shared by the cache and Managed Redis policies. */

/** True for "1.2" or a later version ("1.3"); false for older ones, unset or anything unparseable. */
export function tlsAtLeast12(version: unknown): boolean {
  if (typeof version !== "string") return false;
  const m = /^(\d+)\.(\d+)$/.exec(version.trim());
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > 1 || (major === 1 && minor >= 2);
}
