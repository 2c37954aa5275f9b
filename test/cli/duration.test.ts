import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDuration, parseDuration } from "../../src/cli/duration.ts";
import { UsageError } from "../../src/internal/cli-errors.ts";

test("parseDuration reads ms, s, m, h and combinations", () => {
  assert.equal(parseDuration("500ms", "x"), 500);
  assert.equal(parseDuration("8s", "x"), 8000);
  assert.equal(parseDuration("20s", "x"), 20_000);
  assert.equal(parseDuration("2m", "x"), 120_000);
  assert.equal(parseDuration("1h", "x"), 3_600_000);
  assert.equal(parseDuration("1m30s", "x"), 90_000);
  assert.equal(parseDuration("1.5s", "x"), 1500);
});

test("parseDuration rejects bare numbers, zero and junk with a UsageError naming the option", () => {
  for (const bad of ["", "20", "0s", "s", "2 m", "fast", "5d"]) {
    assert.throws(
      () => parseDuration(bad, "--duration"),
      (err: unknown) => err instanceof UsageError && err.exitCode === 2 && err.message.includes("--duration"),
    );
  }
});

test("formatDuration", () => {
  assert.equal(formatDuration(850), "850ms");
  assert.equal(formatDuration(8000), "8s");
  assert.equal(formatDuration(125_000), "2m 5s");
  assert.equal(formatDuration(120_000), "2m");
});
