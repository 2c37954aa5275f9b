import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { EntraRedisInputError, kindOf, renderValue } from "../../src/infra/errors.ts";

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

test("a value that may hold a password is hidden whatever its shape (issue 19 item 9)", () => {
  const pw = "Hunter2-QZJX";
  const hash = "c".repeat(64);
  for (const value of [
    `>${pw}`,
    `+@read >${pw}`,
    `+@read\u00a0>${pw}`,
    `+@read,>${pw}`,
    `allkeys>${pw}`,
    `+get <${pw}`,
    [`>${pw}`],
    { name: "p", permissions: `+@read >${pw}` },
    [{ name: "p", permissions: `allkeys<${pw}` }],
    { nested: { deeper: [`~x >${pw}`] } },
    `#${hash}`,
    `+@read !${hash}`,
  ]) {
    const shown = renderValue(value);
    assert.ok(!shown.includes(pw) && !shown.includes(hash), `${JSON.stringify(value)} shown as ${shown}`);
  }
  assert.equal(renderValue("+@read allkeys>hunter2 ~a"), '"+@read allkeys>*** ~a"');
  assert.equal(renderValue(["+@read", ">x"]), '["+@read",">***"]');
  assert.equal(renderValue({ a: "a>b" }), '{"a":"a>***"}', "may hide too much, never too little");
  const err = new EntraRedisInputError(
    "C",
    "customPolicies",
    { p: `>${pw}` },
    "is not a list",
    "give a list",
  );
  assert.ok(!err.message.includes(pw) && !err.value.includes(pw));
});

test("Outputs, functions, bigints and huge values render as what they are, not as Pulumi's toJSON warning (issue 19 item 13)", () => {
  const out = pulumi.output("x");
  assert.equal(renderValue(out), "(Output)");
  assert.equal(renderValue({ name: out }), '{"name":"(Output)"}');
  assert.doesNotMatch(renderValue([out]), /Calling \[toJSON\]/);
  assert.equal(
    renderValue(() => "secret source"),
    "(function)",
  );
  assert.equal(renderValue({ f: () => 1 }), '{"f":"(function)"}');
  assert.equal(renderValue(1n), "1n");
  assert.equal(renderValue("a".repeat(1000)), `"${"a".repeat(199)}…`);
  assert.equal(renderValue(undefined), "(not set)");
  assert.equal(renderValue(null), "null");
});

test("kindOf names a value's type for wrong-type messages", () => {
  assert.deepEqual([undefined, null, "", 0, true, [], {}, pulumi.output(1), () => 1, 1n].map(kindOf), [
    "not set",
    "null",
    "a string",
    "a number",
    "a boolean",
    "a list",
    "an object",
    "an Output",
    "a function",
    "a bigint",
  ]);
});
