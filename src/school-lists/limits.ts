/**
 * How much the school lists may hold, so that every device can always apply
 * all of what applies to it (pure; the endpoint refuses a change past these,
 * and a device refuses a reply past them, keeping what it holds).
 *
 * Why these numbers: Chrome guarantees an extension 30,000 dynamic rules, of
 * which 5,000 may be "unsafe" (any action but block, allow, allowAllRequests
 * and upgradeScheme: our redirect to the block page is unsafe) and 1,000 may
 * use a regex (src/filter/limits.ts). Domain entries cost no rules of their
 * own: all of a device's blocked domains share ONE redirect rule and all its
 * allowed domains ONE allow rule (src/filter/rules/school-list-rules.ts), so
 * 50,000 domains are two rules. A path-level entry cannot share: each is one
 * rule, a redirect for a block. 2,000 path blocks plus the filter's own
 * unsafe rules (the policy's blockDomains, safe search: six) stay under
 * 2,010 of the 5,000, leaving more than half for what comes later.
 *
 * 50,000 entries in all is the size the issue asked to be shown to fit. A
 * school with a bigger list should compile it into the extension as a
 * category list (rules/sources.local.json): static rulesets hold millions of
 * domains, while a dynamic rule is rebuilt by Chrome on every change.
 */
export const SCHOOL_LIST_LIMITS = {
  /** Entries in force at once, every action, audience and kind together. */
  entries: 50_000,
  /** Path-level block entries in force: one redirect ("unsafe") rule each. */
  pathBlocks: 2_000,
  /** Path-level allow entries in force: one allow rule each. */
  pathAllows: 2_000,
  /** Sites in one "add" (a pasted list). */
  targetsPerAdd: 5_000,
} as const;

export interface ListCounts {
  blockDomains: number;
  blockPaths: number;
  allowDomains: number;
  allowPaths: number;
}

export function totalEntries(counts: ListCounts): number {
  return counts.blockDomains + counts.blockPaths + counts.allowDomains + counts.allowPaths;
}

/** What is over a limit, each as a sentence the IT Lead can act on; empty when all fit. */
export function listLimitProblems(counts: ListCounts): string[] {
  const problems: string[] = [];
  const total = totalEntries(counts);
  if (total > SCHOOL_LIST_LIMITS.entries) {
    problems.push(
      `the school lists would hold ${total.toLocaleString('en-GB')} entries; they hold at most ${SCHOOL_LIST_LIMITS.entries.toLocaleString('en-GB')} (for a bigger list, compile it into the extension as a category list)`,
    );
  }
  if (counts.blockPaths > SCHOOL_LIST_LIMITS.pathBlocks) {
    problems.push(
      `the block list would hold ${counts.blockPaths.toLocaleString('en-GB')} single addresses; it holds at most ${SCHOOL_LIST_LIMITS.pathBlocks.toLocaleString('en-GB')}, as each is a rule of its own in Chrome (block the whole domain instead where you can)`,
    );
  }
  if (counts.allowPaths > SCHOOL_LIST_LIMITS.pathAllows) {
    problems.push(
      `the allow list would hold ${counts.allowPaths.toLocaleString('en-GB')} single addresses; it holds at most ${SCHOOL_LIST_LIMITS.pathAllows.toLocaleString('en-GB')}, as each is a rule of its own in Chrome (allow the whole domain instead where you can)`,
    );
  }
  return problems;
}
