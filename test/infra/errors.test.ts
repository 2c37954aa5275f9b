import { test } from "node:test";
import assert from "node:assert/strict";
import { EntraRedisInputError } from "../../src/infra/errors.ts";

test("EntraRedisInputError names the field, the value and the fix", () => {
  const err = new EntraRedisInputError('EntraRedisCache "c"', "sku", "Enterprise", "is not a supported tier", 'use "Basic", "Standard" or "Premium"');
  assert.equal(err.message, 'EntraRedisCache "c": sku "Enterprise" is not a supported tier; use "Basic", "Standard" or "Premium"');
  assert.equal(err.field, "sku");
  assert.equal(err.value, '"Enterprise"');
});
