import { test } from "node:test";
import assert from "node:assert/strict";
import { grantsDangerousCommands } from "../../src/policy/acl-grants.ts";

test("Data Owner's and Managed Redis's default strings grant @dangerous; Data Contributor's and Reader's don't", () => {
  assert.equal(grantsDangerousCommands("+@all allkeys"), true);
  assert.equal(grantsDangerousCommands("+@all ~*"), true);
  assert.equal(grantsDangerousCommands("allcommands allkeys"), true);
  assert.equal(grantsDangerousCommands("+@read +@dangerous ~*"), true);
  assert.equal(grantsDangerousCommands("+@all -@dangerous +cluster|info allkeys"), false);
  assert.equal(grantsDangerousCommands("+@read +@connection allkeys"), false);
});

test("the rules apply left to right, as Redis applies them", () => {
  assert.equal(grantsDangerousCommands("-@dangerous +@all"), true);
  assert.equal(grantsDangerousCommands("+@all nocommands +@read"), false);
  assert.equal(grantsDangerousCommands("+@ALL  ~*"), true);
});
