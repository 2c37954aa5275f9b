import { test } from "node:test";
import assert from "node:assert/strict";
import { EntraRedisInputError } from "../../src/infra/errors.ts";

test("EntraRedisInputError names the field, the value and the fix", () => {
  const err = new EntraRedisInputError(
    'EntraRedisCache "c"',
    "sku",
    "Enterprise",
    "is not a supported tier",
    'use "Basic", "Standard" or "Premium"',
  );
  assert.equal(
    err.message,
    'EntraRedisCache "c": sku "Enterprise" is not a supported tier; use "Basic", "Standard" or "Premium"',
  );
  assert.equal(err.field, "sku");
  assert.equal(err.value, '"Enterprise"');
});

test("the message survives Pulumi's in-place 'error serializing property' prefix", () => {
  const err = new EntraRedisInputError(
    'EntraRedisCache "c"',
    "assignments[0].objectId",
    "x",
    "is not an object id (a GUID)",
    "give the identity's object id",
  );
  const before = err.message;
  (err as { message: string }).message = `error serializing property "objectId": ${err.message}`;
  assert.equal(err.message, before);
  assert.ok(String(err).includes(before));
});
