/**
 * "Validation before anything is created" for inputs that are Outputs.
 *
 * Plain values are checked synchronously by the component's constructor. An Output value can only be
 * checked once it resolves, so every check on one is collected here, and every child resource of the
 * component is registered with `dependsOn: gate.after(...)`: an Output that resolves only when every
 * check has passed. Pulumi's SDK resolves `dependsOn` before it sends a resource to the engine
 * (runtime/dependsOn.ts gatherExplicitDependencies), so when a check fails, the registration of
 * every child fails with the check's EntraRedisInputError and nothing of the component is created:
 * no cache without its assignments, no half-written policy chain.
 *
 * During `pulumi preview`, values that are not known yet (e.g. the principal id of an identity created
 * in the same run) are checked at `pulumi up` instead, still before any child is created.
 */
import * as pulumi from "@pulumi/pulumi";

export class InputGate {
  private readonly checks: pulumi.Output<unknown>[] = [];
  private sealed: pulumi.Output<boolean> | undefined;

  /**
   * Checks `value` with `check`: now if it is plain, or when it resolves if it is an Output or a
   * Promise. Returns the value to pass on to resources (for an Output, one that fails like the check).
   */
  check<T>(value: pulumi.Input<T>, check: (resolved: T) => void): pulumi.Input<T> {
    if (!pulumi.Output.isInstance(value) && !(value instanceof Promise)) {
      check(value);
      return value;
    }
    const checked = pulumi.output(value).apply((resolved) => {
      check(resolved as T);
      return resolved;
    }) as pulumi.Output<T>;
    this.add(checked);
    return checked;
  }

  /** Adds a check over several values that runs when all of them resolve (plain values included). */
  checkAll<T>(values: ReadonlyArray<pulumi.Input<T>>, check: (resolved: T[]) => void): void {
    if (values.every((v) => !pulumi.Output.isInstance(v) && !(v instanceof Promise))) {
      check(values as T[]);
      return;
    }
    this.add(pulumi.all(values as pulumi.Input<T>[]).apply((resolved) => check(resolved as T[])));
  }

  /** Adds an Output that must resolve without error before any child is created. */
  add(output: pulumi.Output<unknown>): void {
    if (this.sealed) throw new Error("InputGate: a check was added after children were created");
    this.checks.push(output);
  }

  /** Resolves to true once every check has passed; rejects with the first failure. */
  ready(): pulumi.Output<boolean> {
    this.sealed ??= pulumi.all(this.checks).apply(() => true);
    return this.sealed;
  }

  /**
   * `dependsOn` for a child resource: the given resources, plus the gate (no resource of its own; it
   * only holds the registration until every check has passed). The resources are listed directly, not
   * inside the gate's Output, so the dependency is recorded even when a value is unknown in preview.
   * Resources an Output input came from (e.g. an identity) become dependencies too, which they are anyway.
   */
  after(...resources: pulumi.Resource[]): pulumi.Input<pulumi.Resource>[] {
    // gatherExplicitDependencies accepts Outputs of arrays anywhere in the list; the types don't say so.
    const gate = this.ready().apply(
      () => [] as pulumi.Resource[],
    ) as unknown as pulumi.Input<pulumi.Resource>;
    return [...resources, gate];
  }
}
