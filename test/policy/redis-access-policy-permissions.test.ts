import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeWith, reported, resource, usePack } from "./helpers.ts";

const POLICY = "redis-access-policy-permissions";
const TYPE = "azure-native:redis:AccessPolicy";
const pack = usePack();
const policy = (permissions: string) =>
  resource(TYPE, "p", { resourceGroupName: "rg", cacheName: "c", accessPolicyName: "Readers", permissions });

test("valid Redis 6 rules without @dangerous comply", async () => {
  for (const permissions of [
    "+@read +@connection -keys -scan ~reports:* ~stats:*",
    "+@all -@dangerous allkeys",
  ]) {
    assert.deepEqual(await analyzeWith(pack.session(), POLICY, policy(permissions)), [], permissions);
  }
});

test("a user-management rule is a violation and its password is never shown", async () => {
  const ds = await analyzeWith(pack.session(), POLICY, policy("+@read >hunter2secret ~*"));
  assert.equal(ds.length, 1);
  const text = reported(ds[0]);
  assert.match(
    text,
    /^azure-native:redis:AccessPolicy "p": permissions "\+@read >\*\*\* ~\*" contains the user-management rule/,
  );
  assert.ok(!d(ds).includes("hunter2secret"), "the password leaked into the diagnostic");
});

test("an unknown category is a violation with the ACL checker's suggestion", async () => {
  const ds = await analyzeWith(pack.session(), POLICY, policy("+@reed ~*"));
  assert.equal(ds.length, 1);
  assert.match(reported(ds[0]), /unknown ACL category "@reed".*use "\+@read"/);
});

test("@dangerous commands are a violation unless the config allows them", async () => {
  const ds = await analyzeWith(pack.session(), POLICY, policy("+@all allkeys"));
  assert.equal(ds.length, 1);
  assert.match(reported(ds[0]), /grants @dangerous commands.*add "-@dangerous"/);
  const allowed = await analyzeWith(pack.session(), POLICY, policy("+@all allkeys"), {
    [POLICY]: { allowDangerousCommands: true },
  });
  assert.deepEqual(allowed, []);
});

function d(ds: { message: string; description: string }[]): string {
  return JSON.stringify(ds);
}

test("a password is never shown whatever shape the permissions have (issue 19 item 9)", async () => {
  for (const permissions of [
    "+@read\u00a0>hunter2secret",
    "+@read,>hunter2secret",
    "allkeys>hunter2secret",
    [">hunter2secret"],
    { rules: "+@read >hunter2secret" },
  ]) {
    const ds = await analyzeWith(pack.session(), POLICY, policy(permissions as never));
    assert.equal(ds.length, 1, JSON.stringify(permissions));
    assert.ok(!d(ds).includes("hunter2secret"), `${JSON.stringify(permissions)}: ${d(ds)}`);
  }
});
