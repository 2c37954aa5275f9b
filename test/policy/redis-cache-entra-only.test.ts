import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeWith, GOOD_CACHE, reported, resource, usePack } from "./helpers.ts";

const POLICY = "redis-cache-entra-only";
const REDIS = "azure-native:redis:Redis";
const pack = usePack();

test("a cache with Entra ID on and keys off complies", async () => {
  assert.deepEqual(await analyzeWith(pack.session(), POLICY, resource(REDIS, "good", GOOD_CACHE)), []);
});

test('aadEnabled "True" and "TRUE" are Entra ID on (Azure takes the string in any case)', async () => {
  for (const aadEnabled of ["True", "TRUE"]) {
    const props = { ...GOOD_CACHE, redisConfiguration: { aadEnabled } };
    assert.deepEqual(await analyzeWith(pack.session(), POLICY, resource(REDIS, "cased", props)), []);
  }
});

test("Entra ID off and keys on are two violations, each naming the resource, the property and the fix", async () => {
  const props = {
    ...GOOD_CACHE,
    redisConfiguration: { aadEnabled: "false" },
    disableAccessKeyAuthentication: false,
  };
  const ds = await analyzeWith(pack.session(), POLICY, resource(REDIS, "bad", props));
  assert.equal(ds.length, 2);
  assert.ok(ds.every((d) => d.enforcementLevel === "mandatory"));
  assert.match(
    reported(ds[0]),
    /^azure-native:redis:Redis "bad": redisConfiguration\.aadEnabled "false" .*; set redisConfiguration\.aadEnabled: "true"/,
  );
  assert.match(
    reported(ds[1]),
    /^azure-native:redis:Redis "bad": disableAccessKeyAuthentication false .*; set disableAccessKeyAuthentication: true/,
  );
});

test("unset aadEnabled and unset disableAccessKeyAuthentication (Azure's defaults) violate", async () => {
  const { redisConfiguration: _c, disableAccessKeyAuthentication: _d, ...rest } = GOOD_CACHE;
  const ds = await analyzeWith(pack.session(), POLICY, resource(REDIS, "defaults", rest));
  assert.deepEqual(
    ds.map((d) => reported(d).split(" ")[2]),
    ["redisConfiguration.aadEnabled", "disableAccessKeyAuthentication"],
  );
});

test("the level can be lowered to advisory or disabled by policy config", async () => {
  const props = { ...GOOD_CACHE, disableAccessKeyAuthentication: false };
  const advisory = await analyzeWith(pack.session(), POLICY, resource(REDIS, "keys", props), {
    [POLICY]: "advisory",
  });
  assert.deepEqual(
    advisory.map((d) => d.enforcementLevel),
    ["advisory"],
  );
  const disabled = await analyzeWith(pack.session(), POLICY, resource(REDIS, "keys", props), {
    [POLICY]: { enforcementLevel: "disabled" },
  });
  assert.deepEqual(disabled, []);
});
