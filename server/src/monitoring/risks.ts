/**
 * The risks the endpoint watches for (pure, shared by the phrase lists, the alerts, the
 * notifications and the dashboard). The list is the UK Safer Internet Centre's "appropriate
 * monitoring" checklist: bullying, child sexual exploitation, discrimination, drugs, extremism
 * and radicalisation, gambling, pornography, self-harm, suicide, violence, illegal material.
 */
export const RISK_IDS = [
  'bullying',
  'cse',
  'discrimination',
  'drugs',
  'extremism',
  'gambling',
  'pornography',
  'self-harm',
  'suicide',
  'violence',
  'illegal',
] as const;
export type RiskId = (typeof RISK_IDS)[number];

export const RISK_NAMES: Record<RiskId, string> = {
  bullying: 'Bullying',
  cse: 'Child sexual exploitation',
  discrimination: 'Discrimination',
  drugs: 'Drugs',
  extremism: 'Extremism and radicalisation',
  gambling: 'Gambling',
  pornography: 'Pornography',
  'self-harm': 'Self-harm',
  suicide: 'Suicide',
  violence: 'Violence',
  illegal: 'Illegal material',
};

/** Lowest first: an alert takes the highest severity of its evidence. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function higherSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/**
 * Seen in full by a DSL only: an IT Lead sees that such an alert exists (its severity, year group
 * and times, so the queue is never hidden), never the pupil, the evidence or the notes.
 */
export const DSL_ONLY_RISKS: readonly RiskId[] = ['self-harm', 'suicide', 'cse'];

export function isDslOnly(risk: RiskId): boolean {
  return DSL_ONLY_RISKS.includes(risk);
}

/**
 * Risks whose matched words are never copied into an alert: the evidence says what kind of
 * term it was (the phrase list entry's description), not the term. The event log keeps what
 * the pupil typed, for a DSL who needs it.
 */
export const DESCRIBED_NOT_QUOTED: readonly RiskId[] = ['pornography', 'cse', 'illegal'];

export function isQuotable(risk: RiskId): boolean {
  return !DESCRIBED_NOT_QUOTED.includes(risk);
}

/** One phrase-list entry matching one piece of text. */
export interface RiskHit {
  risk: RiskId;
  severity: Severity;
  /** The entry's id in its list, e.g. `suicide/en/method-overdose`. */
  entryId: string;
  /** What the entry catches, in words a DSL reads, e.g. "asking about an overdose". Never explicit. */
  description: string;
  /** BCP 47 language of the entry, e.g. `en`, `pl`, `ur`. */
  language: string;
}

/** Text to check, and where it came from. */
export interface RiskText {
  source: 'search' | 'title';
  text: string;
}

export interface RiskMatcher {
  /** Every entry that matches, at most one hit per entry; none for benign look-alikes the lists exclude. */
  match(text: RiskText): RiskHit[];
}
