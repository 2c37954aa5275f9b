/**
 * Hides passwords that a hand-written Redis ACL rule string may carry (`>password`, `#hash`, ...)
 * before resource inputs reach the preview's tree, --json and the offline policy check. The rule
 * prefixes stay, so a user-management rule is still seen (and refused) as one.
 */
import { redactAclPermissions } from "../../../infra/acl-permissions.ts";

type Inputs = Record<string, unknown>;

const redact = (v: unknown): unknown => (typeof v === "string" ? redactAclPermissions(v) : v);

/** `inputs` of a resource of `type`, with ACL rule strings redacted (a copy where anything changes). */
export function redactAclInputs(type: string, inputs: Inputs): Inputs {
  if (type === "azure-native:redis:AccessPolicy" && "permissions" in inputs) {
    return { ...inputs, permissions: redact(inputs.permissions) };
  }
  if (type === "azure-native:redisenterprise:AccessPolicyAssignment" && "accessString" in inputs) {
    return { ...inputs, accessString: redact(inputs.accessString) };
  }
  const properties = inputs.properties;
  if (
    type === "azure-native:resources:Resource" &&
    typeof properties === "object" &&
    properties !== null &&
    "accessString" in properties
  ) {
    const p = properties as Inputs;
    return { ...inputs, properties: { ...p, accessString: redact(p.accessString) } };
  }
  return inputs;
}
