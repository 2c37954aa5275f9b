/** Outside text printed by the CLI: control characters escaped (issue 19, item 12). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { printable } from "../../src/internal/printable.ts";

test("terminal escape sequences, bells, carriage returns and C1 controls are shown, not acted on", () => {
  assert.equal(printable("user\x1b]0;pwned\x07"), "user\\x1b]0;pwned\\x07");
  assert.equal(printable("\x1b[2J\x1b[1;1Hfake prompt$ "), "\\x1b[2J\\x1b[1;1Hfake prompt$ ");
  assert.equal(printable("ok\rFAIL"), "ok\\x0dFAIL");
  assert.equal(printable("a\x9bb\x7f"), "a\\x9bb\\x7f");
  assert.equal(printable("a\x00b"), "a\\x00b");
});

test("bidi overrides and line separators are escaped too; ordinary text, including non-ASCII, is kept", () => {
  assert.equal(printable("evil\u202etxt.exe"), "evil\\u202etxt.exe");
  assert.equal(printable("a\u2028b\u2066c"), "a\\u2028b\\u2066c");
  const plain = "0a3c2b1d-4e5f Café 東京 ✔ tab-free text";
  assert.equal(printable(plain), plain);
});

test("newlines: kept only when asked, never a carriage return", () => {
  assert.equal(printable("one\ntwo"), "one\\x0atwo");
  assert.equal(printable("one\ntwo\r\n", { newlines: true }), "one\ntwo\\x0d\n");
});
