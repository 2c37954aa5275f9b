/** checkAclPermissions and redactAclPermissions without a server (the redis-server check is test/server/infra/acl-permissions.test.ts). */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { checkAclPermissions, redactAclPermissions } from "../../src/infra/acl-permissions.ts";
import { REDIS6_ACL_CATEGORIES, REDIS6_COMMANDS } from "../../src/infra/acl-redis6-commands.ts";

import fc from "fast-check";
import { fuzzParameters } from "../fuzz.ts";
import { aclPermissions, aclPermissionsWithPassword, PASSWORD } from "./acl-arbitraries.ts";
import { ACCEPTED, BUILT_INS } from "./acl-permissions-cases.ts";

type Rejection = { input: string; problem: RegExp; fix: RegExp };

// One case per rejection rule; the `problem` pattern is specific to that rule, so each case fails if
// its rule is removed (the input would then be accepted or rejected for another reason).
const REJECTED: Rejection[] = [
  { input: "", problem: /^is empty$/, fix: /\+@read allkeys/ },
  { input: "   ", problem: /^is empty$/, fix: /at least one/ },
  { input: "+get\t~x", problem: /tab or line break/, fix: /single spaces/ },
  { input: "+get\n~x", problem: /tab or line break/, fix: /single spaces/ },
  { input: "+get\u00a0~x", problem: /the space character U\+00A0/, fix: /single spaces \(U\+0020\)/ },
  { input: "+get\u2028~x", problem: /the space character U\+2028/, fix: /single spaces \(U\+0020\)/ },
  { input: "+get \u0001", problem: /control character/, fix: /remove it/ },
  { input: "+@reed allkeys", problem: /unknown ACL category "@reed" \(rule 1\)/, fix: /"\+@read"/ },
  {
    input: "allkeys -@dangerus",
    problem: /unknown ACL category "@dangerus" \(rule 2\)/,
    fix: /"-@dangerous"/,
  },
  { input: "+gett", problem: /unknown Redis command "gett"/, fix: /"\+get"/ },
  { input: "+fcall", problem: /unknown Redis command "fcall"/, fix: /Redis 6 command/ }, // Redis 7 only
  { input: "+config|nosuch", problem: /unknown subcommand "nosuch" of "config"/, fix: /get, help/ },
  {
    input: "+client|no-evict",
    problem: /unknown subcommand "no-evict"/,
    fix: /client's Redis 6 subcommands/,
  }, // Redis 7 only
  { input: "+config|", problem: /malformed subcommand rule/, fix: /exactly one subcommand/ },
  { input: "+config|get|x", problem: /malformed subcommand rule/, fix: /exactly one subcommand/ },
  { input: "+|get", problem: /not a Redis ACL permission rule/, fix: /\+command/ },
  { input: "+", problem: /not a Redis ACL permission rule/, fix: /\+command/ },
  {
    input: "-config|get",
    problem: /removes a single subcommand.*Redis 6/,
    fix: /"-config".*"\+config\|<subcommand>"/,
  },
  { input: "on +get", problem: /user-management rule "on"/, fix: /remove it/ },
  { input: "+get off", problem: /user-management rule "off" \(rule 2\)/, fix: /remove it/ },
  { input: "nopass +get", problem: /user-management rule "nopass"/, fix: /remove it/ },
  { input: "resetpass", problem: /user-management rule "resetpass"/, fix: /remove it/ },
  { input: "reset +get", problem: /user-management rule "reset"/, fix: /remove it/ },
  { input: "skip-sanitize-payload", problem: /user-management rule/, fix: /remove it/ },
  {
    input: "+get >hunter2",
    problem: /user-management rule ">…" \(rule 2\).*password \(value hidden\)/,
    fix: /Entra ID token/,
  },
  { input: "<hunter2", problem: /user-management rule "<…".*password/, fix: /Entra ID token/ },
  { input: "#" + "a".repeat(64), problem: /user-management rule "#…".*password hash/, fix: /Entra ID token/ },
  { input: "!" + "b".repeat(64), problem: /user-management rule "!…".*password hash/, fix: /Entra ID token/ },
  { input: "%R~cache:*", problem: /Redis 7 read\/write key pattern.*runs Redis 6/, fix: /~prefix:\*/ },
  { input: "%W~*", problem: /Redis 7 read\/write key pattern/, fix: /plain key pattern/ },
  { input: "%RW~x", problem: /Redis 7 read\/write key pattern/, fix: /plain key pattern/ },
  { input: "(+get ~x)", problem: /Redis 7 selector rule.*runs Redis 6/, fix: /without selectors/ },
  { input: "clearselectors", problem: /Redis 7 selector rule/, fix: /without selectors/ },
  { input: "allkeys ~x:*", problem: /key pattern "~x:\*" \(rule 2\) after all keys/, fix: /resetkeys/ },
  { input: "~* ~x", problem: /key pattern "~x" \(rule 2\) after all keys/, fix: /resetkeys/ },
  { input: "&events:*", problem: /channel pattern "&events:\*".*allchannels/, fix: /resetchannels before/ },
  {
    input: "resetchannels allchannels &x",
    problem: /channel pattern "&x" \(rule 3\)/,
    fix: /resetchannels before/,
  },
  { input: "~", problem: /key rule "~" without a pattern/, fix: /~cache:\*/ },
  { input: "resetchannels &", problem: /channel rule "&" without a pattern/, fix: /&events:\*/ },
  {
    input: "get",
    problem: /"get" \(rule 1\), which is not a Redis ACL permission rule/,
    fix: /prefix the command with "\+"/,
  },
  { input: "@read", problem: /"@read" \(rule 1\), which is not/, fix: /prefix the category/ },
  { input: "allkeyz", problem: /"allkeyz" \(rule 1\), which is not/, fix: /allkeys/ },
  // Names Object.prototype has (issue 19 item 8): a lookup table must not find them.
  ...["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"].flatMap(
    (name): Rejection[] => [
      {
        input: `+${name}`,
        problem: new RegExp(`unknown Redis command "${name.toLowerCase()}"`),
        fix: /Redis 6 command/,
      },
      {
        input: `+${name}|x`,
        problem: new RegExp(`unknown Redis command "${name.toLowerCase()}"`),
        fix: /Redis 6 command/,
      },
      {
        input: `-${name}`,
        problem: new RegExp(`unknown Redis command "${name.toLowerCase()}"`),
        fix: /Redis 6 command/,
      },
      { input: `+@${name}`, problem: /unknown ACL category/, fix: /Redis 6 categories/ },
    ],
  ),
  { input: "constructor", problem: /"constructor" \(rule 1\), which is not/, fix: /write each rule/ },
];

describe("checkAclPermissions: hand-written cases", () => {
  for (const input of ACCEPTED) {
    test(`accepts ${JSON.stringify(input)}`, () => {
      assert.deepEqual(checkAclPermissions(input), { ok: true });
    });
  }
  for (const [name, permissions] of Object.entries(BUILT_INS)) {
    test(`accepts the built-in ${name} policy`, () => {
      assert.deepEqual(checkAclPermissions(permissions), { ok: true });
    });
  }
  for (const { input, problem, fix } of REJECTED) {
    test(`rejects ${JSON.stringify(input.length > 40 ? input.slice(0, 40) + "…" : input)}`, () => {
      const result = checkAclPermissions(input);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.match(result.problem, problem);
      assert.match(result.fix, fix);
      for (const text of [result.problem, result.fix]) {
        assert.doesNotMatch(text, /[.]$/, "problem and fix are clauses without a trailing period");
        assert.doesNotMatch(text, /\n/);
      }
    });
  }

  test("never echoes a password or hash, wherever it appears", () => {
    const secrets = ["hunter2", "c".repeat(64)];
    for (const input of [
      ">hunter2",
      "+get <hunter2 ~x",
      `#${"c".repeat(64)}`,
      `+@read !${"c".repeat(64)}`,
      "+@reed >hunter2",
      // A password after a wrong separator or none (issue 19 item 9).
      "+@read\u00a0>hunter2",
      "+@read\u3000>hunter2",
      "+@read,>hunter2",
      "allkeys>hunter2",
      "+get>hunter2",
      "+config|>hunter2",
      "+config|get<hunter2",
      "~*>hunter2 allkeys ~x",
      "resetchannels &x,<hunter2 (x",
    ]) {
      const result = checkAclPermissions(input);
      assert.equal(result.ok, false);
      if (result.ok) continue;
      for (const secret of secrets) {
        assert.ok(
          !result.problem.includes(secret) && !result.fix.includes(secret),
          `${input}: secret leaked`,
        );
      }
    }
  });

  test("redactAclPermissions hides password and hash values", () => {
    assert.equal(redactAclPermissions("+get >hunter2  <old #abc !def ~k"), "+get >***  <*** #*** !*** ~k");
    assert.equal(redactAclPermissions("+@read allkeys"), "+@read allkeys");
    assert.equal(redactAclPermissions("allkeys>hunter2 +@read,>hunter2"), "allkeys>*** +@read,>***");
    assert.equal(redactAclPermissions("+@read\u00a0>hunter2"), "+@read\u00a0>***");
  });

  test("the tables hold Redis 6 names only", () => {
    assert.ok(REDIS6_ACL_CATEGORIES.includes("read") && REDIS6_ACL_CATEGORIES.includes("all"));
    assert.ok(REDIS6_COMMANDS.has("get") && REDIS6_COMMANDS.has("getdel"));
    assert.equal(REDIS6_COMMANDS.get("fcall"), undefined, "FCALL is Redis 7");
    assert.ok(REDIS6_COMMANDS.get("config")?.includes("get"));
  });
});

describe("checkAclPermissions: properties (fast-check)", () => {
  // Accepting is not the question here (`~a>b` is a key pattern, `+select|0,>b` a first argument, as
  // Redis reads them; the redis-server test checks acceptance): what may hold a password is never shown.
  test("a password or hash behind any separator (or none) is never shown", () => {
    fc.assert(
      fc.property(aclPermissionsWithPassword, (input) => {
        const result = checkAclPermissions(input);
        const texts = result.ok ? [] : [result.problem, result.fix];
        for (const text of [...texts, redactAclPermissions(input)])
          assert.ok(!text.includes(PASSWORD), `${JSON.stringify(input)}: ${text}`);
      }),
      fuzzParameters(2000),
    );
  });

  test("every verdict is a result, never an exception; problems and fixes are one-line clauses", () => {
    fc.assert(
      fc.property(fc.oneof(aclPermissions, fc.string()), (input) => {
        const result = checkAclPermissions(input);
        if (result.ok) return;
        for (const text of [result.problem, result.fix]) {
          assert.ok(text.length > 0 && !/[.\n]$/.test(text) && !text.includes("\n"), text);
        }
      }),
      fuzzParameters(2000),
    );
  });
});
