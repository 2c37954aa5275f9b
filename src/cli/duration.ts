import { UsageError } from "../internal/cli-errors.ts";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration such as "500ms", "8s", "2m", "1h" or "1m30s" into milliseconds. A bare number
 * is rejected (ambiguous); `field` names the option in the error.
 */
export function parseDuration(text: string, field: string): number {
  const input = text.trim();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input)) !== null) {
    total += Number(m[1]) * UNITS[m[2]];
    matched = re.lastIndex;
  }
  if (input.length === 0 || matched !== input.length || !Number.isFinite(total) || total <= 0) {
    throw new UsageError(`${field} "${text}" is not a duration; write it like 500ms, 8s, 2m or 1h`);
  }
  return Math.round(total);
}

/** Renders milliseconds for people: "850ms", "8s", "2m 5s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes}m ${seconds}s` : `${minutes}m`;
}
