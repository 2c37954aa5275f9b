/** Argument properties of both components under the mocks as `pulumi up` runs them (component-args-kit.ts). */
import * as m from "./mocks.ts";
import { componentArgProperties } from "./component-args-kit.ts";

componentArgProperties(m);
