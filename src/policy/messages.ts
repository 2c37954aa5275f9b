/**
 * Violation messages in the components' style (`EntraRedisInputError`): one sentence naming the
 * resource, the property and its value, the problem and the fix.
 */
import { renderValue } from "../infra/errors.ts";

/** What a message is about: a resource's type token and logical name. */
export interface Subject {
  type: string;
  name: string;
}

/** `azure-native:redis:Redis "cache": minimumTlsVersion "1.0" allows TLS 1.0; set minimumTlsVersion: "1.2"`. */
export function violation(
  subject: Subject,
  property: string,
  value: unknown,
  problem: string,
  fix: string,
): string {
  return `${subject.type} "${subject.name}": ${property} ${renderValue(value)} ${problem}; ${fix}`;
}
