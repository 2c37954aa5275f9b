/**
 * Shared arguments and input-rule runners for the component tests under Pulumi mocks: a fresh
 * component name per construction, the smallest valid arguments of each component, and the two ways
 * a rule refuses (a plain value: the constructor throws before anything is registered; an Output
 * value: checked when it resolves, no child registered). Import it after (or with) ./mocks.ts: the
 * mock runtime is set up by that module.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { children, expectRejections, OID1, reset, RG, SUB, SUBNET_ID, VNET_ID } from "./mocks.ts";
import {
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  type EntraManagedRedisArgs,
  type EntraRedisCacheArgs,
} from "../../src/index.ts";

/** A fresh component name per construction: `namer("cache")` gives cache1, cache2, ... */
export function namer(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** The smallest valid new EntraRedisCache: one assignment (alias "app"), one firewall rule. */
export const cacheArgs = (): EntraRedisCacheArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  firewallRules: [{ startIp: "203.0.113.10" }],
});

/** The smallest valid EntraManagedRedis: one assignment (alias "api"), a private endpoint with a new zone. */
export const managedArgs = (): EntraManagedRedisArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "api" }],
  privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
});

/** The resource id of an Azure Managed Redis database "default" (another region's member). */
export const databaseId = (cluster: string, rg = "rg-west", sub = SUB): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Cache/redisEnterprise/${cluster}/databases/default`;

/** The resource id of an Azure Cache for Redis (another region's cache, or an existing one). */
export const cacheId = (cache: string, rg = "rg-north", sub = SUB): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Cache/Redis/${cache}`;

/** `build` throws an EntraRedisInputError for `field` matching `message`, and nothing of `name` is registered. */
export function assertRefused(build: () => void, name: string, field: string, message: RegExp): void {
  assert.throws(build, (err: unknown) => {
    assert.ok(err instanceof EntraRedisInputError, String(err));
    assert.equal(err.field, field);
    assert.match(err.message, message);
    return true;
  });
  assert.deepEqual(children(name), [], "nothing registered");
}

/** A component and how the tests build it. */
export interface Component<A> {
  /** The class name, as error messages start (`EntraRedisCache "cache1": ...`). */
  readonly kind: "EntraRedisCache" | "EntraManagedRedis";
  /** The component's Pulumi type. */
  readonly type: string;
  readonly build: (name: string, args: A) => unknown;
}

export const REDIS_CACHE: Component<EntraRedisCacheArgs> = {
  kind: "EntraRedisCache",
  type: "azure-redis-entra:index:EntraRedisCache",
  build: (name, args) => new EntraRedisCache(name, args),
};

export const MANAGED_REDIS: Component<EntraManagedRedisArgs> = {
  kind: "EntraManagedRedis",
  type: "azure-redis-entra:index:EntraManagedRedis",
  build: (name, args) => new EntraManagedRedis(name, args),
};

/** A rule refusing a plain value: the field the error names and what its message says. */
export type PlainCase<A> = [title: string, args: () => A, field: string, message: RegExp];

/** A rule refusing an Output value once it resolves: what the message says. */
export type OutputCase<A> = [title: string, args: () => A, message: RegExp];

/**
 * One test per case: the constructor throws an EntraRedisInputError naming the field, starting with
 * the component and the field, and registers nothing, not even the component.
 */
export function plainRuleTests<A>(component: Component<A>, next: () => string, cases: PlainCase<A>[]): void {
  for (const [title, args, field, message] of cases) {
    test(title, () => {
      reset();
      const name = next();
      assert.throws(
        () => component.build(name, args()),
        (err: unknown) => {
          assert.ok(err instanceof EntraRedisInputError, `expected EntraRedisInputError, got ${String(err)}`);
          assert.equal(err.field, field);
          assert.match(err.message, message);
          assert.ok(err.message.startsWith(`${component.kind} "${name}": ${field} `), err.message);
          return true;
        },
      );
      assert.deepEqual(children(name), [], "nothing may be registered, not even the component");
    });
  }
}

/** One test over all `cases`: each error is one sentence naming field, value and fix (the fix last). */
export function oneSentenceTest<A>(component: Component<A>, next: () => string, cases: PlainCase<A>[]): void {
  test("each error is one sentence naming field, value and fix", () => {
    for (const [, args] of cases) {
      try {
        component.build(next(), args());
        assert.fail("expected an error");
      } catch (err) {
        assert.ok(err instanceof EntraRedisInputError);
        assert.doesNotMatch(err.message, /\n/);
        assert.ok(err.fix.length > 0);
        assert.ok(err.message.endsWith(err.fix));
      }
    }
  });
}

/**
 * One test per case: the failed check surfaces as EntraRedisInputErrors starting with the component
 * and matching `message`, and no child is registered (the component itself is).
 */
export function outputRuleTests<A>(
  component: Component<A>,
  next: () => string,
  cases: OutputCase<A>[],
): void {
  for (const [title, args, message] of cases) {
    test(title, async () => {
      reset();
      const name = next();
      const errors = await expectRejections(() => {
        component.build(name, args());
      });
      assert.ok(errors.length > 0, "the failed check must surface");
      for (const err of errors) {
        assert.ok(err instanceof EntraRedisInputError, `expected EntraRedisInputError, got ${err.message}`);
        assert.match(err.message, message);
        assert.ok(err.message.startsWith(`${component.kind} "${name}": `), err.message);
      }
      assert.deepEqual(
        children(name).map((r) => r.type),
        [component.type],
        "no child resource may be registered when an Output input is invalid",
      );
    });
  }
}
