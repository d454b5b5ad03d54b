/**
 * The rule plan (pure): everything the filter should enforce for a profile,
 * as static rulesets to enable plus dynamic rules. The adapter applies it by
 * diff. Authority follows the bands (bands.ts): illegal and admin blocks above
 * safe search, above lesson allows, above admin allows and never-block, above
 * warn "Continue", above categories.
 */
import type { Profile } from '../policy/profile';
import { CATEGORY_PRIORITY, HIGHEST_PRIORITY, RULE_ID, RULE_PRIORITY } from './bands';
import { plannedRulesets } from './ruleset-plan';
import { domainAllowRule, domainStopRules } from './rules/stop-rules';
import { safeSearchRules } from './rules/safe-search';
import { YOUTUBE_HOSTS } from './youtube';
import { schoolListRules } from './rules/school-list-rules';
import type { SchoolListRuleInput } from '../school-lists/device-lists';

type Rule = chrome.declarativeNetRequest.Rule;

/** Always enabled: the education and safeguarding sites no category may block. */
export const NEVER_BLOCK_RULESET = 'never_block';

/** A teacher's lesson allowlist as the pupil's device holds it (src/overrides/lesson-allows.ts). */
export interface LessonAllow {
  id: string;
  domains: string[];
  /** Listed subdomains of `domains` in a locked category: they stay blocked (DNR exclusions beat requestDomains). */
  excludedDomains?: string[];
  expiresAt: number;
}

export type PlanProfile = Pick<Profile, 'actions' | 'allowDomains' | 'blockDomains' | 'approvedAiTools' | 'safeSearch'>;

export interface PlanInput {
  profile: PlanProfile;
  availableRulesets: ReadonlySet<string>;
  extensionId: string;
  lessonAllows?: readonly LessonAllow[];
  /** The dashboard's block and allow lists in force for this device, allows already screened (src/school-lists/). */
  schoolLists?: SchoolListRuleInput;
  now: number;
}

export interface RulePlan {
  rulesets: Set<string>;
  dynamicRules: Rule[];
}

/**
 * Approved AI tools skip the AI warning. Where a year group has AI set to
 * `block` (primary by default: most AI tools are for 13 and over) the
 * school's per-year-group choice stands and approval does not open them.
 */
export function allowedDomains(profile: PlanProfile): string[] {
  const approved = profile.actions.ai === 'block' ? [] : profile.approvedAiTools;
  return [...new Set([...profile.allowDomains, ...approved])].sort();
}

export function planRules(input: PlanInput): RulePlan {
  const { profile } = input;
  const rulesets = plannedRulesets(profile.actions, input.availableRulesets);
  if (input.availableRulesets.has(NEVER_BLOCK_RULESET)) rulesets.add(NEVER_BLOCK_RULESET);

  const lessonRules = (input.lessonAllows ?? [])
    .filter((allow) => allow.expiresAt > input.now && allow.domains.length > 0)
    .sort((a, b) => a.id.localeCompare(b.id))
    .slice(0, RULE_ID.lessonAllow.max - RULE_ID.lessonAllow.min + 1)
    .flatMap((allow, index) => domainAllowRule(RULE_ID.lessonAllow.min + index, RULE_PRIORITY.lessonAllow, allow.domains, allow.excludedDomains));

  const dynamicRules = [
    ...domainStopRules(RULE_ID.adminBlock.min, HIGHEST_PRIORITY.adminBlock, profile.blockDomains, {
      page: 'blocked',
      reason: 'school',
      extensionId: input.extensionId,
    }),
    ...safeSearchRules(profile.safeSearch),
    ...lessonRules,
    ...domainAllowRule(RULE_ID.adminAllow.min, RULE_PRIORITY.adminAllow, allowedDomains(profile)),
    ...youtubeBlockRules(profile, input.extensionId),
    ...(input.schoolLists ? schoolListRules(input.schoolLists, input.extensionId) : []),
  ];
  return { rulesets, dynamicRules };
}

/**
 * `safeSearch.youtube: "block"` (primary by default): YouTube's hosts as a
 * category block would stop them, with the block page's streaming words ("a
 * video or music website"). In the category band, so a teacher's lesson
 * allowlist or the admin's allow list opens it (in Restricted Mode: the
 * header rule stays), and never-block is never asked to.
 */
function youtubeBlockRules(profile: PlanProfile, extensionId: string): Rule[] {
  if (profile.safeSearch.youtube !== 'block') return [];
  return domainStopRules(RULE_ID.youtubeBlock.min, CATEGORY_PRIORITY.block, YOUTUBE_HOSTS, { page: 'blocked', reason: 'streaming', extensionId });
}
