/** The one refusal classifier every adapter and explainRedisAuthError use. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyRefusal, isAuthRefusal } from "../../src/client/refusal.ts";

test("classifies what Redis and Azure answer", () => {
  const cases: [unknown, string | undefined, boolean][] = [
    [new Error("WRONGPASS invalid username-password pair or user is disabled."), "credentials-refused", true],
    ["ERR invalid password", "credentials-refused", true],
    [new Error("WRONGPASS invalid username-password pair: token expired"), "token-expired", true],
    [new Error("NOAUTH Authentication required."), "not-authenticated", true],
    [new Error("NOPERM User x has no permissions to run the 'info' command"), "no-permission", false],
    [new Error("NOPERM No permissions to access a channel"), "no-permission", false],
    [new Error("Connection is closed."), undefined, false],
    [new Error("ERR unknown command"), undefined, false],
  ];
  for (const [err, kind, refused] of cases) {
    assert.equal(classifyRefusal(err), kind, String(err));
    assert.equal(isAuthRefusal(err), refused, String(err));
  }
});
