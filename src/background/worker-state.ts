/**
 * The worker's in-memory view, rebuilt on every wake. It is never the source of
 * truth (managed storage and Chrome's enabled rulesets are), so losing it when
 * Chrome stops the worker costs nothing but a re-read.
 */
import type { PolicyStatus } from '../shared/status';

export type WorkerState = PolicyStatus;

export function initialWorkerState(): WorkerState {
  return { appliedAt: null, reason: null, managed: {}, problems: [], policyHash: null, profile: null, email: '', device: null, enabledRulesets: [], dynamicRuleCount: 0, ruleWrites: 0 };
}
