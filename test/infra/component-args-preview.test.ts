/** Argument properties of both components under the mocks as `pulumi preview` runs them (component-args-kit.ts). */
import assert from "node:assert/strict";
import { componentArgProperties } from "./component-args-kit.ts";

// The mocks read the mode when first imported; a static import would load them before this line.
process.env.AZURE_REDIS_ENTRA_TEST_DRY_RUN = "1";
const m: typeof import("./mocks.ts") = await import("./mocks.ts");
assert.equal(m.DRY_RUN, true);

componentArgProperties(m);
