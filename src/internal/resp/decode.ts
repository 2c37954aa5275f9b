/**
 * Decodes RESP2 replies from a buffer: the one decoder behind the shared RESP connection
 * (connection.ts), which the testing kit's admin connection to its redis-servers and the CLI's
 * `doctor` both use. (The gateway itself never decodes replies: it forwards them untouched and only
 * scans their boundaries, see src/testing/resp-replies.ts.)
 */

/** A decoded reply: simple and bulk strings, integers, null, arrays, or an error reply. */
export type RespReply = string | number | null | RespReply[] | RespReplyError;

/** An error reply such as `WRONGPASS invalid username-password pair`. */
export class RespReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RespReplyError";
  }
}

/** Decodes one reply from `buf` at `pos`; undefined when more bytes are needed. */
export function decodeReply(buf: Buffer, pos = 0): { value: RespReply; end: number } | undefined {
  const eol = buf.indexOf("\r\n", pos);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[pos]);
  const head = buf.toString("utf8", pos + 1, eol);
  const next = eol + 2;
  switch (type) {
    case "+":
      return { value: head, end: next };
    case "-":
      return { value: new RespReplyError(head), end: next };
    case ":":
      return { value: Number(head), end: next };
    case "$": {
      const len = Number(head);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return undefined;
      return { value: buf.toString("utf8", next, next + len), end: next + len + 2 };
    }
    case "*": {
      const n = Number(head);
      if (n < 0) return { value: null, end: next };
      const items: RespReply[] = [];
      let at = next;
      for (let i = 0; i < n; i++) {
        const item = decodeReply(buf, at);
        if (!item) return undefined;
        items.push(item.value);
        at = item.end;
      }
      return { value: items, end: at };
    }
    default:
      throw new Error(`unexpected RESP reply type ${JSON.stringify(type)}: is this a Redis server?`);
  }
}
