/**
 * The argument properties of both components, run under the Pulumi mocks in the mode the calling
 * test file loaded them in (`up`, or dry-run as `pulumi preview`): a valid argument set registers
 * every child; a mutated one either registers or is refused with an EntraRedisInputError that names
 * the field (thrown at construction for a plain value, through the input gate for an Output), never
 * another exception type, and never with the password a hostile value carries in its message.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { EntraManagedRedis, EntraRedisCache, EntraRedisInputError } from "../../src/index.ts";
import { fuzzParameters } from "../fuzz.ts";
import {
  ARG_PASSWORD,
  CACHE_PATHS,
  hostileValue,
  MANAGED_PATHS,
  mutate,
  validCacheArgs,
  validManagedArgs,
} from "./component-arbitraries.ts";

type Mocks = typeof import("./mocks.ts");

let counter = 0;

/** Constructs, waits for every registration, and returns what was thrown and what was rejected. */
async function construct(
  m: Mocks,
  build: (name: string) => unknown,
): Promise<{ thrown: unknown; rejected: Error[] }> {
  m.reset();
  const name = `fuzz${++counter}`;
  let thrown: unknown;
  const rejected = await m.expectRejections(() => {
    try {
      build(name);
    } catch (err) {
      thrown = err;
    }
  });
  return { thrown, rejected };
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** The refusal (thrown or rejected) is an EntraRedisInputError naming a field, without the password. */
function assertClearRefusal(err: unknown, context: string): void {
  assert.ok(
    err instanceof EntraRedisInputError,
    `${context}: not an EntraRedisInputError: ${describeError(err)}`,
  );
  assert.ok(err.field.length > 0, `${context}: no field named`);
  assert.ok(
    !err.message.includes(ARG_PASSWORD),
    `${context}: the password is in the message: ${err.message}`,
  );
}

const renderPath = (path: readonly (string | number)[]) => path.join(".");

export function componentArgProperties(m: Mocks): void {
  const managedValid = validManagedArgs({ subnetId: m.SUBNET_ID, virtualNetworkId: m.VNET_ID });
  const components = [
    {
      label: "EntraRedisCache",
      valid: validCacheArgs as fc.Arbitrary<object>,
      paths: CACHE_PATHS,
      build: (name: string, args: object) => new EntraRedisCache(name, args as never),
    },
    {
      label: "EntraManagedRedis",
      valid: managedValid as fc.Arbitrary<object>,
      paths: MANAGED_PATHS,
      build: (name: string, args: object) => new EntraManagedRedis(name, args as never),
    },
  ];

  for (const c of components) {
    test(`${c.label}: a valid argument set registers every child (fast-check, ${m.DRY_RUN ? "preview" : "up"})`, async () => {
      await fc.assert(
        fc.asyncProperty(c.valid, async (args) => {
          const { thrown, rejected } = await construct(m, (name) => c.build(name, args));
          assert.equal(thrown, undefined, `refused: ${describeError(thrown)}\n${JSON.stringify(args)}`);
          assert.deepEqual(rejected.map(describeError), [], JSON.stringify(args));
          assert.ok(m.resources.length >= 2, "children registered");
        }),
        fuzzParameters(10),
      );
    });

    test(`${c.label}: a mutated argument registers or is refused by name, never otherwise (fast-check, ${m.DRY_RUN ? "preview" : "up"})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          c.valid,
          fc.constantFrom(...c.paths),
          hostileValue,
          fc.boolean(),
          async (args, path, value, asOutput) => {
            // An Output is checked by the input gate when it resolves; a plain value at construction.
            const given = asOutput && path.length === 1 ? pulumi.output(value) : value;
            const mutated = mutate(args, path, given);
            const context = `${renderPath(path)} = ${describeValue(value)}${asOutput && path.length === 1 ? " (Output)" : ""}`;
            const { thrown, rejected } = await construct(m, (name) => c.build(name, mutated));
            if (thrown !== undefined) assertClearRefusal(thrown, context);
            for (const err of rejected) assertClearRefusal(err, `${context} (rejected)`);
          },
        ),
        fuzzParameters(60),
      );
    });
  }
}

function describeValue(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return "a function";
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 60);
  } catch {
    return String(value).slice(0, 60);
  }
}
