/**
 * Output helpers: colours only when the stream is a TTY (node:util styleText honours NO_COLOR,
 * FORCE_COLOR and isTTY), JSON to stdout for machines, diagnostics to stderr.
 */
import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

/** Styles text for stdout (plain when stdout is not a colour TTY). */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return styleText(style, text, { stream, validateStream: true });
}

export const ok = (text: string, stream?: NodeJS.WriteStream): string => paint("green", text, stream);
export const bad = (text: string, stream?: NodeJS.WriteStream): string => paint("red", text, stream);
export const warn = (text: string, stream?: NodeJS.WriteStream): string => paint("yellow", text, stream);
export const dim = (text: string, stream?: NodeJS.WriteStream): string => paint("dim", text, stream);
export const bold = (text: string, stream?: NodeJS.WriteStream): string => paint("bold", text, stream);

/** Marks used in step reports: a tick, a cross, a dash for skipped. */
export function mark(status: "pass" | "fail" | "skip", stream: NodeJS.WriteStream = process.stdout): string {
  if (status === "pass") return ok("✔", stream);
  if (status === "fail") return bad("✘", stream);
  return dim("–", stream);
}

/** Writes one line to stdout. */
export function line(text = ""): void {
  process.stdout.write(text + "\n");
}

/** Writes one line to stderr. */
export function errLine(text = ""): void {
  process.stderr.write(text + "\n");
}

/** Writes a value as pretty JSON to stdout (the only thing on stdout in --json mode). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}
