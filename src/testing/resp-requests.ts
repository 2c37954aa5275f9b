/**
 * Parsing of client requests as Redis reads them: multibulk arrays of bulk strings (`*N\r\n$len\r\n...`)
 * and inline commands (a text line split like redis-cli's sdssplitargs). The gateway only needs
 * each request's byte span, its argument count and its first few arguments.
 */

/** How many leading arguments a parsed request exposes. */
export const MAX_EXPOSED_ARGS = 8;
/** Longest inline request / multibulk header Redis accepts before a protocol error (64 KiB). */
const MAX_INLINE = 64 * 1024;
/**
 * Redis's limits for a client that has not authenticated (networking.c, processMultibulkBuffer: more
 * than 10 arguments is "Protocol error: unauthenticated multibulk length", a bulk over 16384 bytes
 * "Protocol error: unauthenticated bulk length"; the connection is then closed).
 */
export const UNAUTHENTICATED_MAX_ARGS = 10;
export const UNAUTHENTICATED_MAX_BULK = 16 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const STAR = 0x2a;
const DOLLAR = 0x24;

/** One complete request. `args` holds at most MAX_EXPOSED_ARGS leading arguments (views into the buffer). */
export interface ParsedRequest {
  end: number;
  argc: number;
  args: Buffer[];
  inline: boolean;
}

/** Result of parsing one request at an offset. */
export type ParseResult =
  | { kind: "request"; request: ParsedRequest }
  /** Incomplete: nothing can be decided before the buffer holds at least `need` bytes (from the start). */
  | { kind: "incomplete"; need: number }
  /** Not valid RESP: Redis would answer with a protocol error and close. */
  | { kind: "error" };

function readInt(buf: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 18) return Number.NaN;
  let neg = false;
  let i = from;
  if (buf[i] === 0x2d) {
    neg = true;
    i++;
    if (i === to) return Number.NaN;
  }
  let n = 0;
  for (; i < to; i++) {
    const c = buf[i] - 0x30;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return neg ? -n : n;
}

/**
 * Where the line starting at `from` ends (the offset of `byte`), or -1 when it has not ended yet. Redis
 * finds line ends with strchr, which stops at a NUL byte: a NUL before the end means Redis waits for
 * more (until the 64 KiB line limit makes it a protocol error), and so does the gateway.
 */
function lineEnd(buf: Buffer, from: number, byte: number): number {
  const end = buf.indexOf(byte, from);
  if (end < 0) return -1;
  for (let i = from; i < end; i++) if (buf[i] === 0) return -1; // no view allocated: the hot path
  return end;
}

/** {@link RequestReader.read} results. */
export const REQUEST = 0;
export const INCOMPLETE = 1;
export const PROTOCOL_ERROR = 2;

/**
 * Reads requests one after the other without allocating for multibulk requests: after
 * `read()` returns REQUEST, `end`, `argc` and the byte spans of the first MAX_EXPOSED_ARGS arguments
 * describe it (views are made only when asked, by {@link arg} or {@link request}). The spans refer to
 * the buffer of the last `read()`.
 */
export class RequestReader {
  /** End offset of the request (REQUEST). */
  end = 0;
  /** Argument count (REQUEST). */
  argc = 0;
  /** INCOMPLETE: nothing can be decided before the buffer holds at least this many bytes (from its start). */
  need = 0;
  /** True when the request was an inline command. */
  inline = false;
  /**
   * Apply Redis's limits for unauthenticated clients (set by the caller before each `read()`): a
   * request over them is a PROTOCOL_ERROR as soon as its header is read, so it is never buffered.
   */
  unauthenticated = false;
  readonly #starts = new Int32Array(MAX_EXPOSED_ARGS);
  readonly #ends = new Int32Array(MAX_EXPOSED_ARGS);
  #buf: Buffer = Buffer.alloc(0);
  #inlineArgs: Buffer[] = [];

  /** Reads the request starting at `from` in `buf`: REQUEST, INCOMPLETE or PROTOCOL_ERROR. */
  read(buf: Buffer, from: number): number {
    this.#buf = buf;
    if (buf[from] === STAR) return this.#multibulk(buf, from);
    const r = parseInline(buf, from);
    if (r.kind !== "request") return this.#other(r);
    this.inline = true;
    this.end = r.request.end;
    this.argc = r.request.argc;
    this.#inlineArgs = r.request.args;
    return REQUEST;
  }

  #other(r: ParseResult): number {
    if (r.kind === "incomplete") {
      this.need = r.need;
      return INCOMPLETE;
    }
    return PROTOCOL_ERROR;
  }

  /** Number of arguments exposed (at most MAX_EXPOSED_ARGS). */
  get exposed(): number {
    return this.inline ? this.#inlineArgs.length : Math.min(this.argc, MAX_EXPOSED_ARGS);
  }

  /** Argument `i` (< exposed) as a view into the buffer (inline: a copy). */
  arg(i: number): Buffer {
    return this.inline ? this.#inlineArgs[i] : this.#buf.subarray(this.#starts[i], this.#ends[i]);
  }

  /**
   * True when argument 0 may be one of `names` (lower-case, ASCII): checked on length and the first
   * byte without allocating, so most commands are ruled out at once.
   */
  mayBe(lengths: ReadonlySet<number>, firstBytes: ReadonlySet<number>): boolean {
    if (this.argc === 0) return false;
    if (this.inline) {
      const a = this.#inlineArgs[0];
      return a !== undefined && lengths.has(a.length) && firstBytes.has(a[0] | 0x20);
    }
    return lengths.has(this.#ends[0] - this.#starts[0]) && firstBytes.has(this.#buf[this.#starts[0]] | 0x20);
  }

  /** The request as a {@link ParsedRequest} (allocates the argument views). */
  request(): ParsedRequest {
    const args: Buffer[] = [];
    for (let i = 0; i < this.exposed; i++) args.push(this.arg(i));
    return { end: this.end, argc: this.argc, args, inline: this.inline };
  }

  #multibulk(buf: Buffer, from: number): number {
    this.inline = false;
    const len = buf.length;
    let cr = lineEnd(buf, from, CR);
    if (cr < 0) return this.#incomplete(len - from > MAX_INLINE, len + 1);
    if (cr + 1 >= len) return this.#incomplete(false, cr + 2);
    const argc = readInt(buf, from + 1, cr);
    if (Number.isNaN(argc) || argc > 1024 * 1024 * 1024) return PROTOCOL_ERROR;
    if (this.unauthenticated && argc > UNAUTHENTICATED_MAX_ARGS) return PROTOCOL_ERROR;
    let pos = cr + 2;
    if (argc <= 0) {
      this.end = pos;
      this.argc = 0;
      return REQUEST;
    }
    for (let i = 0; i < argc; i++) {
      if (pos >= len) return this.#incomplete(false, pos + 1);
      if (buf[pos] !== DOLLAR) return PROTOCOL_ERROR;
      cr = lineEnd(buf, pos, CR);
      if (cr < 0) return this.#incomplete(len - pos > MAX_INLINE, len + 1);
      const size = readInt(buf, pos + 1, cr);
      if (Number.isNaN(size) || size < 0 || size > 512 * 1024 * 1024) return PROTOCOL_ERROR;
      if (this.unauthenticated && size > UNAUTHENTICATED_MAX_BULK) return PROTOCOL_ERROR;
      const start = cr + 2;
      const end = start + size + 2;
      if (end > len) return this.#incomplete(false, end);
      if (i < MAX_EXPOSED_ARGS) {
        this.#starts[i] = start;
        this.#ends[i] = start + size;
      }
      pos = end;
    }
    this.end = pos;
    this.argc = argc;
    return REQUEST;
  }

  #incomplete(tooLong: boolean, need: number): number {
    if (tooLong) return PROTOCOL_ERROR;
    this.need = need;
    return INCOMPLETE;
  }
}

const shared = new RequestReader();

/** Parses the request starting at `from` in `buf` (allocating form of {@link RequestReader}). */
export function parseRequest(buf: Buffer, from: number): ParseResult {
  const status = shared.read(buf, from);
  if (status === INCOMPLETE) return { kind: "incomplete", need: shared.need };
  if (status === PROTOCOL_ERROR) return { kind: "error" };
  return { kind: "request", request: shared.request() };
}

function parseInline(buf: Buffer, from: number): ParseResult {
  const lf = lineEnd(buf, from, LF);
  if (lf < 0)
    return buf.length - from > MAX_INLINE ? { kind: "error" } : { kind: "incomplete", need: buf.length + 1 };
  let textEnd = lf;
  if (textEnd > from && buf[textEnd - 1] === CR) textEnd--;
  const args = splitInline(buf.toString("latin1", from, textEnd));
  if (!args) return { kind: "error" };
  return {
    kind: "request",
    request: {
      end: lf + 1,
      argc: args.length,
      args: args.slice(0, MAX_EXPOSED_ARGS).map((a) => Buffer.from(a, "latin1")),
      inline: true,
    },
  };
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

/** Splits an inline request like Redis's sdssplitargs (quotes and escapes); undefined when quotes are unbalanced. */
export function splitInline(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  const space = (c: string | undefined) =>
    c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\v" || c === "\f";
  while (true) {
    while (i < n && space(line[i])) i++;
    if (i >= n) return out;
    let cur = "";
    let inDq = false;
    let inSq = false;
    let done = false;
    while (!done) {
      const c = line[i];
      if (inDq) {
        if (c === undefined) return undefined;
        if (c === "\\" && line[i + 1] === "x" && isHex(line[i + 2]) && isHex(line[i + 3])) {
          cur += String.fromCharCode(Number.parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (c === "\\" && i + 1 < n) {
          i++;
          const e = line[i];
          cur +=
            e === "n"
              ? "\n"
              : e === "r"
                ? "\r"
                : e === "t"
                  ? "\t"
                  : e === "b"
                    ? "\b"
                    : e === "a"
                      ? "\x07"
                      : (e ?? "");
        } else if (c === '"') {
          if (i + 1 < n && !space(line[i + 1])) return undefined;
          done = true;
        } else cur += c;
      } else if (inSq) {
        if (c === undefined) return undefined;
        if (c === "\\" && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (c === "'") {
          if (i + 1 < n && !space(line[i + 1])) return undefined;
          done = true;
        } else cur += c;
      } else if (c === undefined || space(c)) {
        done = true;
      } else if (c === '"') inDq = true;
      else if (c === "'") inSq = true;
      else cur += c;
      if (i < n) i++;
    }
    out.push(cur);
  }
}
