/**
 * A commit of a stop page the classifier made (the page's `classified` mark) is logged as the
 * block or warn event it is, with the model's score from the decision kept for the host
 * (decisions.ts): the event contract's `classifier: { score }` (src/events/model.ts). The host
 * and URL are already as the policy's logging detail allows (captureCommit).
 */
import type { CapturedPayload } from '../../events/capture';
import { isClassifiedStop } from '../../shared/pages';
import { decisionFor, readDecisions } from './decisions';

function classifiedPage(address: string): URL | null {
  try {
    const page = new URL(address);
    return page.protocol === 'chrome-extension:' && isClassifiedStop(page) ? page : null;
  } catch {
    return null;
  }
}

export async function withClassifierScore(payloads: CapturedPayload[], address: string): Promise<CapturedPayload[]> {
  const page = classifiedPage(address);
  if (!page) return payloads;
  let stoppedHost = '';
  try {
    stoppedHost = new URL(page.hash.slice(1)).hostname;
  } catch {
    return payloads;
  }
  const decision = decisionFor(await readDecisions(), stoppedHost);
  if (!decision) return payloads;
  const score = Math.round(decision.score * 1000) / 1000;
  return payloads.map((payload) => (payload.type === 'block' || payload.type === 'warn' ? { ...payload, classifier: { score } } : payload));
}
