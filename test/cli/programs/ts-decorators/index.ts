import * as resources from "@pulumi/azure-native/resources/index.js";

function logged(value: unknown, _context: unknown): void {
  void value;
}

@logged
class Stack {
  readonly group = new resources.ResourceGroup("decorated-rg", { location: "westeurope" });
}

export const groupName = new Stack().group.name;
