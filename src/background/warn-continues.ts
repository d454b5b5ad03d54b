/**
 * The session rules behind "Continue" on warn pages, and their expiry.
 * Each rule's end time lives in storage.session beside it (both vanish when
 * the browser restarts). An alarm ends it even if the worker was stopped in
 * between; a timer ends it on the second while the worker is alive (alarms
 * fire no sooner than 30 s); every wake sweeps whatever either missed.
 */
import { RULE_ID } from '../filter/bands';
import { continueRule, nextContinueRuleId } from '../filter/warn-continue';

const STORE_KEY = 'warnContinues';
const ALARM_PREFIX = 'warn-continue:';

interface ContinueRecord {
  tabId: number;
  host: string;
  category: string;
  expiresAt: number;
}

type Records = Record<string, ContinueRecord>;

// Opening and expiring both rewrite the records: one at a time, in order.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(work: () => Promise<T>): Promise<T> {
  const result = queue.then(work);
  queue = result.catch(() => undefined);
  return result;
}

async function readRecords(): Promise<Records> {
  return ((await chrome.storage.session.get(STORE_KEY))[STORE_KEY] as Records | undefined) ?? {};
}

function isContinueRule(id: number): boolean {
  return id >= RULE_ID.warnContinue.min && id <= RULE_ID.warnContinue.max;
}

export function openContinue(tabId: number, host: string, category: string, minutes: number): Promise<number | undefined> {
  return serial(() => open(tabId, host, category, minutes, Date.now()));
}

/** Removes every continue rule whose time is up, or that has no record (never leave an allow behind). */
export function expireContinues(): Promise<number[]> {
  return serial(() => expire(Date.now()));
}

async function open(tabId: number, host: string, category: string, minutes: number, now: number): Promise<number | undefined> {
  const records = await readRecords();
  const rules = (await chrome.declarativeNetRequest.getSessionRules()).filter((rule) => isContinueRule(rule.id));
  // Continuing the same site in the same tab again extends it instead of stacking rules.
  const same = Object.entries(records).filter(([, r]) => r.tabId === tabId && r.host === host).map(([id]) => Number(id));
  const id = nextContinueRuleId(rules.map((rule) => rule.id).filter((used) => !same.includes(used)));
  if (id === undefined) return undefined;
  const expiresAt = now + minutes * 60_000;
  await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: same, addRules: [continueRule(id, tabId, host)] });
  for (const old of same) delete records[old];
  records[id] = { tabId, host, category, expiresAt };
  await chrome.storage.session.set({ [STORE_KEY]: records });
  await chrome.alarms.create(`${ALARM_PREFIX}${id}`, { when: expiresAt });
  setTimeout(() => void expireContinues(), expiresAt - now + 50);
  return expiresAt;
}

async function expire(now: number): Promise<number[]> {
  const records = await readRecords();
  const rules = (await chrome.declarativeNetRequest.getSessionRules()).filter((rule) => isContinueRule(rule.id));
  const ended = rules.map((rule) => rule.id).filter((id) => (records[id]?.expiresAt ?? 0) <= now);
  if (ended.length === 0) return [];
  await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: ended });
  for (const id of ended) {
    delete records[id];
    await chrome.alarms.clear(`${ALARM_PREFIX}${id}`);
  }
  await chrome.storage.session.set({ [STORE_KEY]: records });
  return ended;
}

export function isContinueAlarm(alarm: chrome.alarms.Alarm): boolean {
  return alarm.name.startsWith(ALARM_PREFIX);
}
