/**
 * A resumable scanner for the RESP2/RESP3 reply stream from redis-server. The gateway forwards reply
 * bytes untouched as they arrive; this scanner only finds where each top-level reply ends (across any
 * chunking, without copying payloads) and, when asked, captures the first few elements of a top-level
 * array or push frame (enough to tell `message` from `subscribe` confirmations and read channels/counts).
 */

const CR = 0x0d;
const LF = 0x0a;

/** A complete top-level reply as the gateway needs to see it. */
export interface ScannedReply {
  /** RESP type byte of the top-level value: "+", "-", ":", "$", "*", ">", "%", "_", ... */
  type: string;
  /** For "+"/"-" replies: the line (errors: the error text). Capped. */
  line?: string;
  /** For aggregates when capture was requested: the first elements (strings, integers as text, null). */
  elements?: (string | null)[];
}

/** Number of leading elements captured for aggregates. */
const CAPTURE_ELEMENTS = 3;
/** Longest captured element; longer ones are truncated (channel names are short in practice). */
const CAPTURE_MAX = 64 * 1024;

/** A decimal length (`-1` allowed) from `buf[from, to)`, without allocating; NaN when it is not one. */
function readLength(buf: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 15) return Number.NaN;
  let i = from;
  const neg = buf[i] === 0x2d;
  if (neg && ++i === to) return Number.NaN;
  let n = 0;
  for (; i < to; i++) {
    const c = buf[i] - 0x30;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return neg ? -n : n;
}

/** The text of a header line after its type byte (capped). */
function text(buf: Buffer, start: number, end: number): string {
  return buf.toString("utf8", start + 1, Math.min(end, start + 1 + CAPTURE_MAX));
}

/** Streaming scanner; feed it chunks in order, it calls `onReply` for each complete top-level reply. */
export class ReplyScanner {
  /** Remaining element counts of the open aggregates (index 0 = top level). */
  #stack: number[] = [];
  /** Bytes of a header line split across chunks. */
  #partial: Buffer[] = [];
  /** Bytes of a bulk payload (+ CRLF) still to skip. */
  #skip = 0;
  #topType = "";
  #topLine: string | undefined;
  #topCount = 0;
  #capture = false;
  #elements: (string | null)[] = [];
  /** Capture of the bulk element being skipped. */
  #bulk: Buffer[] | undefined;
  #bulkLen = 0;
  #broken = false;

  readonly #onReply: (reply: ScannedReply) => void;
  readonly #wantsCapture: (type: string) => boolean;

  /**
   * @param onReply called for each complete top-level reply, in order
   * @param wantsCapture whether to capture the first elements of a top-level aggregate of this type
   */
  constructor(onReply: (reply: ScannedReply) => void, wantsCapture: (type: string) => boolean) {
    this.#onReply = onReply;
    this.#wantsCapture = wantsCapture;
  }

  /** True after malformed input: the scanner stops interpreting the stream. */
  get broken(): boolean {
    return this.#broken;
  }

  feed(chunk: Buffer): void {
    if (this.#broken) return;
    const len = chunk.length;
    let p = 0;
    while (p < len) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, len - p);
        if (this.#bulk) {
          const room = CAPTURE_MAX + 2 - this.#bulkLen;
          if (room > 0) {
            const part = chunk.subarray(p, p + Math.min(n, room));
            this.#bulk.push(part);
            this.#bulkLen += part.length;
          }
        }
        p += n;
        this.#skip -= n;
        if (this.#skip === 0) {
          if (this.#bulk) {
            const all = Buffer.concat(this.#bulk);
            // Drop the trailing CRLF when it was captured.
            const body =
              this.#bulkLen > CAPTURE_MAX
                ? all.subarray(0, CAPTURE_MAX)
                : all.subarray(0, Math.max(0, all.length - 2));
            this.#bulk = undefined;
            this.#completeValue(body.toString("utf8"));
          } else this.#completeValue(undefined);
        }
        continue;
      }
      const lf = chunk.indexOf(LF, p);
      if (lf < 0) {
        this.#partial.push(chunk.subarray(p));
        if (this.#partial.reduce((a, b) => a + b.length, 0) > 1024 * 1024) this.#broken = true;
        return;
      }
      if (this.#partial.length) {
        this.#partial.push(chunk.subarray(p, lf + 1));
        const line = Buffer.concat(this.#partial);
        this.#partial = [];
        p = lf + 1;
        this.#line(line, 0, line.length);
      } else {
        const start = p;
        p = lf + 1;
        this.#line(chunk, start, p);
      }
      if (this.#broken) return;
    }
  }

  /** A header line `buf[start, end)` (type byte + text + CRLF). */
  #line(buf: Buffer, start: number, end: number): void {
    if (end - start < 3 || buf[end - 2] !== CR) {
      this.#broken = true;
      return;
    }
    this.#header(buf, start, end - 2);
  }

  /** Handles a header: type byte at `start`, text up to `end` (the CR). */
  #header(buf: Buffer, start: number, end: number): void {
    const code = buf[start];
    const type = String.fromCharCode(code); // one-character strings are not allocated
    const top = this.#stack.length === 0;
    if (top) {
      this.#topType = type;
      this.#topLine = undefined;
      this.#capture = false;
    }
    switch (type) {
      case "+":
      case "-":
        if (top) this.#topLine = text(buf, start, end);
        this.#completeValue(top || !this.#capturingChild() ? undefined : text(buf, start, end));
        return;
      case ":":
      case ",":
      case "#":
      case "(":
        this.#completeValue(top || !this.#capturingChild() ? undefined : text(buf, start, end));
        return;
      case "_":
        this.#completeValue(null);
        return;
      case "$":
      case "!":
      case "=": {
        const n = readLength(buf, start + 1, end);
        if (Number.isNaN(n)) {
          this.#broken = true;
          return;
        }
        if (n < 0) {
          this.#completeValue(null);
          return;
        }
        this.#skip = n + 2;
        if (this.#capturingChild()) {
          this.#bulk = [];
          this.#bulkLen = 0;
        }
        return;
      }
      case "*":
      case ">":
      case "~":
      case "%":
      case "|": {
        const n = readLength(buf, start + 1, end);
        if (Number.isNaN(n)) {
          this.#broken = true;
          return;
        }
        const count = n < 0 ? 0 : type === "%" || type === "|" ? 2 * n : n;
        if (top) {
          this.#topCount = count;
          this.#capture = this.#wantsCapture(type);
          if (this.#capture) this.#elements = [];
        }
        if (count === 0) {
          this.#completeValue(null);
          return;
        }
        this.#stack.push(count);
        return;
      }
      default:
        this.#broken = true;
    }
  }

  /** True when the value about to be read is one of the captured leading elements of the top level. */
  #capturingChild(): boolean {
    return this.#capture && this.#stack.length === 1 && this.#topCount - this.#stack[0] < CAPTURE_ELEMENTS;
  }

  /** A value finished; `value` is its text when it was a direct child worth capturing. */
  #completeValue(value: string | null | undefined): void {
    while (true) {
      const depth = this.#stack.length;
      if (depth === 0) {
        this.#emitTop();
        return;
      }
      if (depth === 1 && this.#capture && this.#topCount - this.#stack[0] < CAPTURE_ELEMENTS) {
        this.#elements.push(value === undefined ? null : value);
      }
      value = undefined;
      const remaining = this.#stack[depth - 1] - 1;
      if (remaining > 0) {
        this.#stack[depth - 1] = remaining;
        return;
      }
      this.#stack.pop();
    }
  }

  #emitTop(): void {
    if (this.#topType === "|") return; // an attribute precedes the real reply
    const reply: ScannedReply = { type: this.#topType };
    if (this.#topLine !== undefined) reply.line = this.#topLine;
    if (this.#capture) reply.elements = this.#elements;
    this.#onReply(reply);
  }
}
