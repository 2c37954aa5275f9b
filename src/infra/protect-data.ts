/**
 * `protectData`: the resources that hold the data (the Azure Cache for Redis; the Managed Redis
 * cluster and its database) are registered with Pulumi's `protect: true`, so the engine refuses to
 * replace or delete them, by URN, in `pulumi preview` and `pulumi up` (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go and step.go; docs/azure-facts.md, "How a deployed stack
 * changes"). A replaced cache is an empty cache: an edit that can only be made by replacing one
 * (a new cacheName, clusterName or resourceGroupName, a new clusteringPolicy) is refused by name
 * until the user opts in with `protectData: false`. `false` leaves `protect` to the component's own
 * options (a child inherits its parent's `protect` when it sets none).
 */
import { checkBoolean } from "./arg-types.ts";
import type { ErrorContext } from "./validate.ts";

/** Checks `protectData` (a plain boolean: Pulumi needs resource options when it registers). */
export function checkProtectData(ctx: ErrorContext, value: unknown): boolean {
  checkBoolean(ctx, "protectData", value);
  return value !== false;
}

/** The resource options of a data-holding child: `protect: true` unless the user opted out. */
export function dataProtection(protectData: boolean): { protect?: true } {
  return protectData ? { protect: true } : {};
}
