/**
 * Runs one example program (examples/<name>/index.ts) under Pulumi mocks, with the given stack config,
 * and prints one JSON line: the resource types it registered and its resolved stack outputs.
 * Usage: node test/examples/run-example.ts <name> '<config JSON>'. Used by examples.test.ts.
 */
import { register } from "node:module";
import * as pulumi from "@pulumi/pulumi";

register(new URL("./resolve-hooks.ts", import.meta.url));

const [name, configJson] = process.argv.slice(2);
if (!name) throw new Error("usage: run-example.ts <example> [config JSON]");
const project = `azure-redis-entra-${name}`;
const config = JSON.parse(configJson ?? "{}") as Record<string, unknown>;
pulumi.runtime.setAllConfig(
  Object.fromEntries(Object.entries(config).map(([k, v]) => [`${project}:${k}`, typeof v === "string" ? v : JSON.stringify(v)])),
);

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/";
// ARM-shaped ids for the resources whose ids the components validate.
const ID_PATHS: Record<string, (name: string) => string> = {
  "azure-native:network:VirtualNetwork": (n) => `Microsoft.Network/virtualNetworks/${n}`,
  "azure-native:network:Subnet": (n) => `Microsoft.Network/virtualNetworks/vnet/subnets/${n}`,
};
const types: string[] = [];
let counter = 0;

await pulumi.runtime.setMocks(
  {
    newResource(args) {
      types.push(args.type);
      counter++;
      const id = SUBSCRIPTION + (ID_PATHS[args.type]?.(args.name) ?? `Mock.Provider/${args.type.split(":").pop()}/${args.name}`);
      return {
        id,
        state: {
          ...args.inputs,
          name: args.inputs["name"] ?? args.name,
          // Each identity gets its own object id.
          principalId: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
          clientId: `client-${args.name}`,
          hostName: `${args.name}.mock.example`,
          sslPort: 6380,
          defaultHostName: `${args.name}.mock.example`,
        },
      };
    },
    call(args) {
      return { ...args.inputs };
    },
  },
  project,
  "test",
  true,
);

const program = (await import(new URL(`../../examples/${name}/index.ts`, import.meta.url).href)) as Record<string, unknown>;
const outputs: Record<string, unknown> = {};
for (const [key, value] of Object.entries(program)) {
  const output: pulumi.Output<unknown> = pulumi.output(value as pulumi.Input<unknown>);
  outputs[key] = await new Promise((resolve) => output.apply((v) => (resolve(v), v)));
}
// Wait for every outstanding registration (children registered after outputs resolve included).
await pulumi.runtime.disconnect();
process.stdout.write(JSON.stringify({ types: [...new Set(types)].sort(), outputs }) + "\n");
