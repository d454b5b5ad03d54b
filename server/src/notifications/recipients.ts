/**
 * Who is told about an alert (pure). Self-harm, suicide and CSE alerts are seen in full by a DSL only
 * (monitoring/risks.ts, DSL_ONLY_RISKS), so their email goes to the DSL addresses only, never the IT Lead's.
 */
import { isDslOnly, type RiskId } from '../monitoring/risks';

export interface Recipients {
  dslRecipients: readonly string[];
  itLeadRecipients: readonly string[];
}

/** IT Lead addresses that are not also DSL addresses (case-insensitively): one person, one copy, the DSL's. */
export function itLeadOnly(recipients: Recipients): string[] {
  const dsl = new Set(recipients.dslRecipients.map((address) => address.toLowerCase()));
  return [...new Set(recipients.itLeadRecipients.filter((address) => !dsl.has(address.toLowerCase())))];
}

export function alertRecipients(risk: RiskId, recipients: Recipients): string[] {
  return isDslOnly(risk) ? [...recipients.dslRecipients] : [...recipients.dslRecipients, ...itLeadOnly(recipients)];
}

/**
 * In a trust: the trust's recipients (every school's alerts) and the alert's school's own, by the same rule, each
 * address once (case-insensitively). Another school's recipients are never told.
 */
export function schoolAlertRecipients(risk: RiskId, trust: Recipients & { schools?: Readonly<Record<string, Recipients>> }, school: string | undefined): string[] {
  const own = school === undefined ? undefined : trust.schools?.[school];
  const addresses = [...alertRecipients(risk, trust), ...(own ? alertRecipients(risk, own) : [])];
  const seen = new Set<string>();
  return addresses.filter((address) => !seen.has(address.toLowerCase()) && seen.add(address.toLowerCase()));
}
