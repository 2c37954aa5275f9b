import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeWith, reported, resource, usePack } from "./helpers.ts";

const POLICY = "managed-redis-database-entra-only";
const TYPE = "azure-native:redisenterprise:Database";
const pack = usePack();
const db = (extra: Record<string, unknown>) =>
  resource(TYPE, "db", {
    resourceGroupName: "rg",
    clusterName: "cl",
    databaseName: "default",
    port: 10000,
    ...extra,
  });

test("Encrypted (or unset: Azure's default) with keys Disabled complies", async () => {
  assert.deepEqual(
    await analyzeWith(
      pack.session(),
      POLICY,
      db({ clientProtocol: "Encrypted", accessKeysAuthentication: "Disabled" }),
    ),
    [],
  );
  assert.deepEqual(
    await analyzeWith(pack.session(), POLICY, db({ accessKeysAuthentication: "Disabled" })),
    [],
  );
});

test("Plaintext and keys Enabled (or unset) are violations", async () => {
  const ds = (
    await analyzeWith(
      pack.session(),
      POLICY,
      db({ clientProtocol: "Plaintext", accessKeysAuthentication: "Enabled" }),
    )
  ).map(reported);
  assert.equal(ds.length, 2);
  assert.match(ds[0], /"db": clientProtocol "Plaintext" .*; set clientProtocol: "Encrypted"/);
  assert.match(ds[1], /"db": accessKeysAuthentication "Enabled" keeps the access keys working/);
  const unset = (await analyzeWith(pack.session(), POLICY, db({ clientProtocol: "Encrypted" }))).map(
    reported,
  );
  assert.equal(unset.length, 1);
  assert.match(unset[0], /accessKeysAuthentication \(not set\) is not set/);
});

test("the enums in any case, as ARM reads them: encrypted/disabled comply, plaintext is a violation", async () => {
  assert.deepEqual(
    await analyzeWith(
      pack.session(),
      POLICY,
      db({ clientProtocol: "encrypted", accessKeysAuthentication: "disabled" }),
    ),
    [],
  );
  const ds = (
    await analyzeWith(
      pack.session(),
      POLICY,
      db({ clientProtocol: "plaintext", accessKeysAuthentication: "DISABLED" }),
    )
  ).map(reported);
  assert.equal(ds.length, 1);
  assert.match(ds[0], /clientProtocol/);
});
