/**
 * The ready policy pack: `new PolicyPack("azure-redis-entra", ...)` with every policy at its default
 * level. Loading this module starts the pack (PolicyPack serves Pulumi's analyzer protocol), so it is
 * the `index.ts` of a policy pack folder (see policy-pack/ and docs/policy.md), never a library import.
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, redisPolicies } from "./index.ts";

export const pack = new PolicyPack(POLICY_PACK_NAME, {
  description:
    "azure-redis-entra: Redis on Azure with Microsoft Entra ID only, TLS 1.2, no open network, least privilege.",
  policies: redisPolicies(),
});
