/** InputGate: plain values checked at once, Outputs when they resolve; `after` holds registrations. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { expectRejections, later, reset, resources, settle, value } from "./mocks.ts";
import { InputGate } from "../../src/infra/input-gate.ts";

test("a plain value is checked synchronously", () => {
  const gate = new InputGate();
  assert.throws(() => gate.check(5, (v) => assert.ok(v < 3, "too big")), /too big/);
  assert.equal(
    gate.check(2, (v) => assert.ok(v < 3)),
    2,
  );
});

test("an Output value is checked when it resolves, and ready() rejects with that error", async () => {
  let checked: unknown;
  let caught: unknown;
  await expectRejections(() => {
    const gate = new InputGate();
    checked = gate.check(later(5), (v) => {
      if (v > 3) throw new Error("too big");
    });
    // Awaited inside the capture: the check runs only once later(5) resolves (a 5 ms timer).
    return value(gate.ready()).catch((e: unknown) => {
      caught = e;
    });
  });
  assert.ok(pulumi.Output.isInstance(checked));
  assert.match(String(caught), /too big/);
});

test("checkAll sees every resolved value", async () => {
  const gate = new InputGate();
  let seen: number[] = [];
  gate.checkAll([1, later(2), later(3)], (vs) => {
    seen = vs;
  });
  assert.equal(await value(gate.ready()), true);
  assert.deepEqual(seen, [1, 2, 3]);
});

test("no check may be added after children were created", () => {
  const gate = new InputGate();
  void gate.after();
  assert.throws(() => gate.add(pulumi.output(1)), /after children were created/);
});

/** A provider resource the mocks accept. */
class Thing extends pulumi.CustomResource {
  constructor(name: string, opts?: pulumi.CustomResourceOptions) {
    super("test:index:Thing", name, {}, opts);
  }
}

test("a resource depending on a failed gate is never registered; one on a passing gate is", async () => {
  reset();
  const bad = new InputGate();
  void bad.check(later("x"), () => {
    throw new Error("bad input");
  });
  const errors = await expectRejections(() => {
    new Thing("blocked", { dependsOn: bad.after() });
  });
  assert.ok(errors.some((e) => /bad input/.test(e.message)));
  assert.equal(resources.filter((r) => r.name === "blocked").length, 0);

  const good = new InputGate();
  void good.check(later("x"), () => undefined);
  const first = new Thing("first");
  new Thing("second", { dependsOn: good.after(first) });
  await settle();
  const second = resources.find((r) => r.name === "second");
  assert.ok(second);
  assert.ok(second.dependsOn.includes(resources.find((r) => r.name === "first")!.urn));
});
