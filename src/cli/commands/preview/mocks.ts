/**
 * The mocks `preview` runs programs with (OfflineMocks of src/internal/pulumi-offline/model.ts; the
 * host's child imports this module by its URL): azure-native's placeholder outputs, and Redis ACL rule
 * strings with their passwords hidden.
 */
import type { OfflineMocks } from "../../../internal/pulumi-offline/model.ts";
import { placeholderCall, placeholderState } from "./placeholders.ts";
import { redactAclInputs } from "./redact-inputs.ts";

export const offlineMocks = {
  placeholderState,
  placeholderCall,
  redactInputs: redactAclInputs,
} satisfies OfflineMocks;
