/**
 * The warn page's two buttons. "Continue" is decided here from the worker's
 * own profile and rulesets (warn-continue.ts), never from the page's word;
 * both choices are logged.
 */
import { type ContinueDecision, decideClassifiedContinue, decideContinue } from '../filter/warn-continue';
import { isClassifiedStop } from '../shared/pages';
import { decisionFor, readDecisions } from './classifier/decisions';
import { isCategoryId } from '../shared/categories';
import type { ContinueReply, Message } from '../shared/messages';
import { DEFAULT_WARN_CONTINUE_MINUTES, STRICTEST_ACTIONS } from '../policy/defaults';
import { recordEvent } from './record-event';
import { categoryBlockIndexes, rulesetIndex } from './ruleset-indexes';
import { openContinue } from './warn-continues';
import type { WorkerState } from './worker-state';

type StoppedPageMessage = Extract<Message, { type: 'warn/continue' | 'warn/back' }>;

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

async function logDecision(state: WorkerState, message: StoppedPageMessage, decision: 'continue' | 'back', refused?: string): Promise<void> {
  if (!isCategoryId(message.category)) return;
  const category = message.category;
  const full = state.profile?.logging.detail === 'full';
  await recordEvent(state, (base) => ({
    ...base,
    type: 'warn-decision',
    decision,
    category,
    host: hostOf(message.url),
    ...(full ? { url: message.url } : {}),
    ...(refused ? { refused } : {}),
  }));
}

export async function handleContinue(state: WorkerState, message: Extract<Message, { type: 'warn/continue' }>, sender: chrome.runtime.MessageSender): Promise<ContinueReply> {
  const tabId = sender.tab?.id;
  if (tabId === undefined || tabId < 0) return { ok: false, reason: 'no-tab' };
  // A warning the classifier gave (the page's own address says so): the worker's decision for the host decides.
  const classified = sender.url !== undefined && isClassifiedStop(new URL(sender.url));
  const decision = classified ? await classifiedDecision(state, message) : await listedDecision(state, message);
  if (!decision.ok) {
    await logDecision(state, message, 'continue', decision.reason);
    return decision;
  }
  const expiresAt = await openContinue(tabId, decision.host, decision.category, state.profile?.warnContinueMinutes ?? DEFAULT_WARN_CONTINUE_MINUTES);
  if (expiresAt === undefined) return { ok: false, reason: 'too-many' };
  await logDecision(state, message, 'continue');
  return { ok: true, expiresAt };
}

async function listedDecision(state: WorkerState, message: Extract<Message, { type: 'warn/continue' }>): Promise<ContinueDecision> {
  const warnIndex = isCategoryId(message.category) ? await rulesetIndex(`${message.category}_warn`) : undefined;
  const enabled = await chrome.declarativeNetRequest.getEnabledRulesets();
  return decideContinue({
    category: message.category,
    url: message.url,
    actions: state.profile?.actions ?? STRICTEST_ACTIONS,
    // Only a warn ruleset Chrome is enforcing right now counts.
    warnIndex: enabled.includes(`${message.category}_warn`) ? warnIndex : undefined,
    blockIndexes: await categoryBlockIndexes(),
  });
}

async function classifiedDecision(state: WorkerState, message: Extract<Message, { type: 'warn/continue' }>): Promise<ContinueDecision> {
  const decision = decisionFor(await readDecisions(), hostOf(message.url));
  return decideClassifiedContinue({ category: message.category, url: message.url, decision, settings: state.profile?.classifier ?? {} });
}

export async function handleBack(state: WorkerState, message: Extract<Message, { type: 'warn/back' }>): Promise<{ ok: true }> {
  await logDecision(state, message, 'back');
  return { ok: true };
}
