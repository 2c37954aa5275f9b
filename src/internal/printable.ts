/**
 * Text from outside (usernames a client sent, servers' error messages, host names, token claims,
 * messages of a user's program) made safe to print on a terminal: control characters, which could
 * move the cursor, retitle the window, hide text or forge lines, are shown as escapes (`\x1b`,
 * `\u202e`) instead of being acted on. Our own styling is applied after, never passed through here.
 */

/**
 * C0 controls, DEL and C1 controls; the Unicode marks that reorder or hide text (bidi embeddings,
 * overrides and isolates, left/right marks, the Arabic letter mark) and line/paragraph separators.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

function escape(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * `text` with every control character escaped. `newlines: true` keeps `\n` (for multi-line messages
 * of our own that carry outside text); a `\r` is always escaped, so no line can be overwritten.
 */
export function printable(text: string, options: { newlines?: boolean } = {}): string {
  return text.replace(UNSAFE, (ch) => (ch === "\n" && options.newlines ? ch : escape(ch)));
}
