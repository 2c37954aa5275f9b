import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyAddress } from "../../src/cli/doctor/network.ts";

test("classifyAddress tells private, loopback and public addresses apart", () => {
  assert.equal(classifyAddress("10.1.2.3").isPublic, false);
  assert.equal(classifyAddress("10.1.2.3").range, "private");
  assert.equal(classifyAddress("127.0.0.1").range, "loopback");
  assert.equal(classifyAddress("20.50.2.3").isPublic, true);
  assert.equal(classifyAddress("::1").range, "loopback");
});
