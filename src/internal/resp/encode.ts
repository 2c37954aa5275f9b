/**
 * Encodes a command as a RESP multibulk request (`*N\r\n$len\r\narg\r\n...`): what the gateway sends to
 * its backends when it rewrites an AUTH or HELLO, and what the shared RESP connection sends.
 */

/** Encodes arguments as a multibulk request. */
export function encodeRequest(args: ReadonlyArray<Buffer | string>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === "string" ? Buffer.from(a) : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}
