import { test } from "node:test";
import assert from "node:assert/strict";
import { defined } from "../../src/infra/defined.ts";

test("defined leaves out the undefined fields and keeps every other value, falsy ones too", () => {
  const out = defined({ a: 1, b: undefined, c: "", d: 0, e: false, f: null, g: [] as string[] });
  assert.deepEqual(out, { a: 1, c: "", d: 0, e: false, f: null, g: [] });
  assert.ok(!Object.hasOwn(out, "b"), "no key for an undefined value");
  assert.deepEqual({ x: 1, ...defined({ zones: undefined, tags: { k: "v" } }) }, { x: 1, tags: { k: "v" } });
});
