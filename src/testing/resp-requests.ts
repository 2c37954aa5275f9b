/**
 * Parsing of client requests as Redis reads them: multibulk arrays of bulk strings (`*N\r\n$len\r\n...`)
 * and inline commands (a text line split like redis-cli's sdssplitargs). The gateway only needs
 * each request's byte span, its argument count and its first few arguments.
 */

/** How many leading arguments a parsed request exposes. */
export const MAX_EXPOSED_ARGS = 8;
/** Longest inline request / multibulk header Redis accepts before a protocol error (64 KiB). */
const MAX_INLINE = 64 * 1024;

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

/** Parses the request starting at `from` in `buf`. */
export function parseRequest(buf: Buffer, from: number): ParseResult {
  if (buf[from] === STAR) return parseMultibulk(buf, from);
  return parseInline(buf, from);
}

function parseMultibulk(buf: Buffer, from: number): ParseResult {
  const len = buf.length;
  let cr = buf.indexOf(CR, from);
  if (cr < 0) return len - from > MAX_INLINE ? { kind: "error" } : { kind: "incomplete", need: len + 1 };
  if (cr + 1 >= len) return { kind: "incomplete", need: cr + 2 };
  const argc = readInt(buf, from + 1, cr);
  if (Number.isNaN(argc) || argc > 1024 * 1024 * 1024) return { kind: "error" };
  let pos = cr + 2;
  if (argc <= 0) return { kind: "request", request: { end: pos, argc: 0, args: [], inline: false } };
  const args: Buffer[] = [];
  for (let i = 0; i < argc; i++) {
    if (pos >= len) return { kind: "incomplete", need: pos + 1 };
    if (buf[pos] !== DOLLAR) return { kind: "error" };
    cr = buf.indexOf(CR, pos);
    if (cr < 0) return len - pos > MAX_INLINE ? { kind: "error" } : { kind: "incomplete", need: len + 1 };
    const size = readInt(buf, pos + 1, cr);
    if (Number.isNaN(size) || size < 0 || size > 512 * 1024 * 1024) return { kind: "error" };
    const start = cr + 2;
    const end = start + size + 2;
    if (end > len) return { kind: "incomplete", need: end };
    if (i < MAX_EXPOSED_ARGS) args.push(buf.subarray(start, start + size));
    pos = end;
  }
  return { kind: "request", request: { end: pos, argc, args, inline: false } };
}

function parseInline(buf: Buffer, from: number): ParseResult {
  const lf = buf.indexOf(LF, from);
  if (lf < 0)
    return buf.length - from > MAX_INLINE ? { kind: "error" } : { kind: "incomplete", need: buf.length + 1 };
  let lineEnd = lf;
  if (lineEnd > from && buf[lineEnd - 1] === CR) lineEnd--;
  const args = splitInline(buf.toString("latin1", from, lineEnd));
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
