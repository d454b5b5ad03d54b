/**
 * The classifier's decisions for this browser session, in storage.session (gone when the browser
 * restarts, as session rules are), and the session rules derived from them. One at a time, in
 * order: adding and re-standing both rewrite the rules.
 */
import { hostMatchesDomain } from '../../shared/domain';
import type { ClassifierActions } from '../../policy/classifier';
import { type ClassifiedDecision, classifiedSessionRules, decisionsStanding, isClassifiedRuleId, withDecision } from '../../filter/classifier/session-rules';

const STORE_KEY = 'classifiedHosts';

let queue: Promise<unknown> = Promise.resolve();
function serial<T>(work: () => Promise<T>): Promise<T> {
  const result = queue.then(work);
  queue = result.catch(() => undefined);
  return result;
}

/**
 * The decisions as this worker last wrote or read them: a stop page's commit may be logged before
 * the write to storage.session has finished, and it must find its decision's score.
 */
let held: ClassifiedDecision[] | null = null;

export async function readDecisions(): Promise<ClassifiedDecision[]> {
  if (held) return held;
  const stored = ((await chrome.storage.session.get(STORE_KEY))[STORE_KEY] as ClassifiedDecision[] | undefined) ?? [];
  held ??= stored;
  return held;
}

/** The decision that covers a host (the host or a parent it was decided for). */
export function decisionFor(decisions: readonly ClassifiedDecision[], host: string): ClassifiedDecision | undefined {
  return decisions.find((d) => hostMatchesDomain(host, d.host));
}

async function write(decisions: ClassifiedDecision[]): Promise<void> {
  held = decisions;
  const old = (await chrome.declarativeNetRequest.getSessionRules()).filter((rule) => isClassifiedRuleId(rule.id)).map((rule) => rule.id);
  await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: old, addRules: classifiedSessionRules(decisions, chrome.runtime.id) });
  await chrome.storage.session.set({ [STORE_KEY]: decisions });
}

export function keepDecision(decision: ClassifiedDecision): Promise<void> {
  // Held at once (the stop page is on its way), written in turn.
  if (held) held = withDecision(held, decision);
  return serial(async () => write(withDecision(await readDecisions(), decision)));
}

/** After a policy apply: drop what the profile no longer stands behind (nothing, when nothing changed). */
export function restandDecisions(settings: ClassifierActions): Promise<void> {
  return serial(async () => {
    const decisions = await readDecisions();
    const standing = decisionsStanding(decisions, settings);
    if (standing.length !== decisions.length) await write(standing);
  });
}
