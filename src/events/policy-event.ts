/**
 * A `policy` event records each distinct outcome of applying the policy:
 * `applied` when it was clean, `error` (with every problem) when it was
 * repaired. It is written when the outcome changes, not on every worker wake.
 */
import type { PolicyProblem } from '../policy/repair';
import type { Policy } from '../policy/schema';
import { sha256Hex, stableJson } from '../shared/stable-json';
import { envelope, type EnvelopeContext } from './envelope';
import type { PolicyEvent } from './model';

export async function policyOutcomeHash(policy: Policy, problems: readonly PolicyProblem[]): Promise<string> {
  return sha256Hex(stableJson({ policy, problems }));
}

export function policyEvent(context: EnvelopeContext, hash: string, problems: readonly PolicyProblem[], strictest: boolean): PolicyEvent {
  return {
    ...envelope(context),
    type: 'policy',
    status: problems.some((p) => p.severity === 'error') ? 'error' : 'applied',
    policyHash: hash,
    strictest,
    problems: [...problems],
  };
}
