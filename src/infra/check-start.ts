/**
 * The opening both components' checks share (`<component>/check.ts`): the error context, the
 * InputGate that holds every child until the checks of Output values have passed, and the unknown-key
 * check, which runs first because a misspelled key would otherwise be dropped silently (or reported as
 * a missing one).
 */
import { InputGate } from "./input-gate.ts";
import type { ComponentKind } from "./part.ts";
import { withPartRefusals } from "./parts/index.ts";
import { checkKnownArguments, type ArgShape, type Defer } from "./unknown-args.ts";
import { fail, type ErrorContext } from "./validate.ts";

/** What a component's check starts from. */
export interface CheckStart {
  /** `EntraRedisCache "name"`: the start of every error message. */
  ctx: ErrorContext;
  gate: InputGate;
  /** Checks a value inside an Output when it resolves, before any child is registered. */
  defer: Defer;
}

/** Starts the check of component `kind` named `name`: args present, no unknown key at any level. */
export function startCheck(kind: ComponentKind, name: string, args: unknown, shape: ArgShape): CheckStart {
  const ctx: ErrorContext = `${kind} "${name}"`;
  if (typeof args !== "object" || args === null)
    fail(
      ctx,
      "args",
      args,
      "are missing",
      "give at least resourceGroupName, assignments and a network choice",
    );
  const gate = new InputGate();
  const defer: Defer = (value, recheck) => {
    gate.check(value, recheck);
  };
  // A part's argument the other component lacks is refused with the part's own reason (part.ts).
  checkKnownArguments(ctx, kind, withPartRefusals(kind, shape), args, defer);
  return { ctx, gate, defer };
}
