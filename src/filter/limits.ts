/**
 * Chrome's declarativeNetRequest limits, as measured on this Chromium
 * (shared/CHROMIUM-NOTES.md), and the worst case our rulesets can reach.
 * Some are silent when exceeded (a ruleset past the static total is just not
 * enabled; regex rules past 1,000 are ignored), so the build refuses to
 * produce rulesets that could cross them rather than trusting Chrome to complain.
 */
export const CHROME_LIMITS = {
  staticRulesets: 100,
  enabledRulesets: 50,
  /** Static rules every extension is guaranteed; beyond it rules come from a shared pool that may be gone. */
  guaranteedStaticRules: 30_000,
  staticRegexRules: 1_000,
  dynamicRules: 30_000,
  unsafeDynamicRules: 5_000,
  /** Regex rules among the dynamic and session rules. */
  dynamicRegexRules: 1_000,
  sessionRules: 5_000,
} as const;

export interface RulesetSize {
  id: string;
  rules: number;
  regexRules: number;
}

type Rule = chrome.declarativeNetRequest.Rule;

export function rulesetSize(id: string, rules: readonly Rule[]): RulesetSize {
  return { id, rules: rules.length, regexRules: rules.filter((rule) => rule.condition.regexFilter !== undefined).length };
}

/**
 * The largest enabled set any profile can produce: every category may be
 * warn or block (never both), illegal and never-block are always on.
 */
export function worstCaseEnabled(sizes: readonly RulesetSize[]): { rulesets: number; rules: number; regexRules: number } {
  const byCategory = new Map<string, RulesetSize[]>();
  for (const size of sizes) {
    const category = size.id.replace(/_(block|warn)$/, '');
    byCategory.set(category, [...(byCategory.get(category) ?? []), size]);
  }
  let rules = 0;
  let regexRules = 0;
  for (const options of byCategory.values()) {
    rules += Math.max(...options.map((o) => o.rules));
    regexRules += Math.max(...options.map((o) => o.regexRules));
  }
  return { rulesets: byCategory.size, rules, regexRules };
}

export function limitProblems(sizes: readonly RulesetSize[]): string[] {
  const worst = worstCaseEnabled(sizes);
  const problems: string[] = [];
  if (sizes.length > CHROME_LIMITS.staticRulesets) problems.push(`${sizes.length} static rulesets; Chrome allows ${CHROME_LIMITS.staticRulesets}`);
  if (worst.rulesets > CHROME_LIMITS.enabledRulesets) problems.push(`up to ${worst.rulesets} enabled rulesets; Chrome allows ${CHROME_LIMITS.enabledRulesets}`);
  if (worst.rules > CHROME_LIMITS.guaranteedStaticRules) {
    problems.push(
      `a profile could enable ${worst.rules} static rules; Chrome guarantees ${CHROME_LIMITS.guaranteedStaticRules} (each path-level URL entry costs a rule: list whole domains where you can, or drop a URL source)`,
    );
  }
  if (worst.regexRules > CHROME_LIMITS.staticRegexRules) problems.push(`a profile could enable ${worst.regexRules} regex rules; Chrome ignores those past ${CHROME_LIMITS.staticRegexRules}`);
  return problems;
}

/**
 * Chrome's own split (Chrome 121+): block, allow, allowAllRequests and
 * upgradeScheme are "safe"; every other action counts against the 5,000
 * unsafe dynamic rules. A redirect to our block page is unsafe, and so is
 * safe search's modifyHeaders.
 */
const SAFE_ACTIONS: ReadonlySet<string> = new Set(['block', 'allow', 'allowAllRequests', 'upgradeScheme']);

export interface DynamicRuleCounts {
  rules: number;
  unsafe: number;
  regex: number;
}

export function dynamicRuleCounts(rules: readonly Rule[]): DynamicRuleCounts {
  let unsafe = 0;
  let regex = 0;
  for (const rule of rules) {
    if (!SAFE_ACTIONS.has(rule.action.type)) unsafe++;
    if (rule.condition.regexFilter !== undefined) regex++;
  }
  return { rules: rules.length, unsafe, regex };
}

/** Where a planned set of dynamic rules passes what Chrome guarantees (an update past them is refused whole). */
export function dynamicRuleProblems(rules: readonly Rule[]): string[] {
  const counts = dynamicRuleCounts(rules);
  const problems: string[] = [];
  if (counts.rules > CHROME_LIMITS.dynamicRules) problems.push(`${counts.rules} dynamic rules; Chrome allows ${CHROME_LIMITS.dynamicRules}`);
  if (counts.unsafe > CHROME_LIMITS.unsafeDynamicRules) problems.push(`${counts.unsafe} redirect or header rules; Chrome allows ${CHROME_LIMITS.unsafeDynamicRules}`);
  if (counts.regex > CHROME_LIMITS.dynamicRegexRules) problems.push(`${counts.regex} regex rules; Chrome allows ${CHROME_LIMITS.dynamicRegexRules}`);
  return problems;
}
