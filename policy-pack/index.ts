// A policy pack that holds every Redis of a stack to azure-redis-entra's rules, whoever declared it.
// Copy this folder, adjust the options (or leave them and set them per stack with a policy config),
// then: `npm install` here, and `pulumi preview --policy-pack <this folder>` in your program.
// Offline, without the Pulumi CLI: `npx azure-redis-entra preview <program> --policy <this folder>`.
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, redisPolicies } from "azure-redis-entra/policy";

new PolicyPack(POLICY_PACK_NAME, {
  description: "Redis on Azure with Microsoft Entra ID only: TLS 1.2, no open network, least privilege.",
  policies: redisPolicies({
    // Object ids that may hold Data Owner (or another full-access assignment), e.g. a break-glass admin.
    dataOwnerObjectIds: [],
    // Require a private endpoint for every cache and Managed Redis cluster.
    requirePrivateEndpoint: false,
    // Accept public network access without firewall rules.
    allowPublicNetworkAccess: false,
    // Levels: "mandatory" fails `pulumi preview`/`up`, "advisory" reports, "disabled" skips.
    enforcementLevels: { "managed-redis-default-policy": "advisory" },
  }),
});
