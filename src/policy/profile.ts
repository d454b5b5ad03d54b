/**
 * Resolves the repaired policy and the signed-in user into the profile the
 * filter enforces: role, year group and one action per category.
 *
 * Fail-closed rules (issue 3, DESIGN.md): a missing or invalid role means
 * pupil; a pupil whose year group is unknown, invalid or underivable gets the
 * strictest profile; `illegal` is blocked whatever the policy says.
 */
import type { Action, CategoryId } from '../shared/categories';
import { CATEGORY_IDS } from '../shared/categories';
import {
  type CategoryActions,
  DEFAULT_ACTIONS,
  DEFAULT_CONTACT,
  DEFAULT_LOCKED_CATEGORIES,
  DEFAULT_SAFE_SEARCH,
  DEFAULT_UPLOAD_INTERVAL_MINUTES,
  DEFAULT_WARN_CONTINUE_MINUTES,
  type SafeSearch,
  STRICTEST_ACTIONS,
} from './defaults';
import { DEFAULT_QUEUE_LIMITS } from '../events/bounds';
import { DEFAULT_LESSON_REFRESH_MINUTES, DEFAULT_MAX_OVERRIDE_MINUTES } from '../overrides/model';
import { type ClassifierActions, classifierActions } from './classifier';
import type { PolicyProblem } from './repair';
import type { Policy, Role } from './schema';
import { deriveYearGroup, type KeyStage, keyStageOf, type YearGroup } from './year-groups';

export interface Profile {
  role: Role;
  yearGroup: YearGroup | null;
  keyStage: KeyStage | null;
  /** How the year group was decided, for the status page. */
  yearGroupSource: 'policy' | 'email' | 'none';
  /** True when the strictest pupil profile applies because the year group is unknown. */
  strictest: boolean;
  actions: CategoryActions;
  /** What the on-device classifier does per category it decides on, already capped by `actions`. */
  classifier: ClassifierActions;
  lockedCategories: CategoryId[];
  safeSearch: SafeSearch;
  approvedAiTools: string[];
  allowDomains: string[];
  blockDomains: string[];
  logging: { detail: 'full' | 'domain' | 'off'; uploadIntervalMinutes: number; maxQueueEvents: number; maxQueueBytes: number };
  lessonAllowlists: { maxMinutes: number; refreshMinutes: number };
  reportScreenshots: boolean;
  blockPageContact: string;
  schoolName: string;
  warnContinueMinutes: number;
}

export interface Identity {
  email: string;
}

function overlay(base: CategoryActions, ...layers: (Partial<Record<CategoryId, Action>> | undefined)[]): CategoryActions {
  const out = { ...base };
  for (const layer of layers) {
    if (!layer) continue;
    for (const id of CATEGORY_IDS) {
      const value = layer[id];
      if (value) out[id] = value;
    }
  }
  out.illegal = 'block';
  return out;
}

function resolveYearGroup(
  policy: Policy,
  problems: readonly PolicyProblem[],
  identity: Identity,
  now: Date,
): { yearGroup: YearGroup | null; source: Profile['yearGroupSource']; problem?: PolicyProblem } {
  // An explicit but invalid yearGroup is an admin mistake: do not guess past it.
  if (problems.some((p) => p.path === 'yearGroup')) return { yearGroup: null, source: 'none' };
  if (policy.yearGroup) return { yearGroup: policy.yearGroup, source: 'policy' };
  if (policy.yearGroupFromEmail) {
    const derived = deriveYearGroup(identity.email, policy.yearGroupFromEmail, now);
    if (derived.ok) return { yearGroup: derived.yearGroup, source: 'email' };
    return {
      yearGroup: null,
      source: 'none',
      problem: { path: 'yearGroupFromEmail', message: `${derived.detail}; strictest pupil profile applied`, severity: 'error' },
    };
  }
  return {
    yearGroup: null,
    source: 'none',
    problem: { path: 'yearGroup', message: 'no year group for this pupil (set yearGroup or yearGroupFromEmail); strictest pupil profile applied', severity: 'error' },
  };
}

export function resolveProfile(
  policy: Policy,
  repairProblems: readonly PolicyProblem[],
  identity: Identity,
  now: Date,
): { profile: Profile; problems: PolicyProblem[] } {
  const problems = [...repairProblems];
  const role: Role = policy.role ?? 'pupil';
  if (policy.role === undefined && !problems.some((p) => p.path === 'role')) {
    problems.push({ path: 'role', message: 'no role set; treated as pupil', severity: 'warning' });
  }

  let yearGroup: YearGroup | null = null;
  let yearGroupSource: Profile['yearGroupSource'] = 'none';
  let actions: CategoryActions;
  let keyStage: KeyStage | null = null;

  if (role === 'staff') {
    actions = overlay(DEFAULT_ACTIONS.staff, policy.categoryActions?.staff);
  } else {
    const resolved = resolveYearGroup(policy, problems, identity, now);
    if (resolved.problem) problems.push(resolved.problem);
    yearGroup = resolved.yearGroup;
    yearGroupSource = resolved.source;
    if (yearGroup) {
      keyStage = keyStageOf(yearGroup);
      actions = overlay(DEFAULT_ACTIONS[keyStage], policy.categoryActions?.[keyStage], policy.categoryActions?.[yearGroup]);
    } else {
      actions = { ...STRICTEST_ACTIONS };
    }
  }

  const stage: keyof typeof DEFAULT_SAFE_SEARCH =
    role === 'staff' ? 'staff' : keyStage && ['KS3', 'KS4', 'KS5'].includes(keyStage) ? 'secondary' : 'primary';
  const locked = new Set<CategoryId>(policy.lockedCategories ?? DEFAULT_LOCKED_CATEGORIES);
  locked.add('illegal');

  return {
    problems,
    profile: {
      role,
      yearGroup,
      keyStage,
      yearGroupSource,
      strictest: role === 'pupil' && yearGroup === null,
      actions,
      classifier: classifierActions(role, policy.classifier, actions),
      lockedCategories: CATEGORY_IDS.filter((id) => locked.has(id)),
      safeSearch: { ...DEFAULT_SAFE_SEARCH[stage], ...policy.safeSearch },
      approvedAiTools: policy.approvedAiTools ?? [],
      allowDomains: policy.allowDomains ?? [],
      blockDomains: policy.blockDomains ?? [],
      logging: {
        detail: policy.logging?.detail ?? 'domain',
        uploadIntervalMinutes: policy.logging?.uploadIntervalMinutes ?? DEFAULT_UPLOAD_INTERVAL_MINUTES,
        maxQueueEvents: policy.logging?.maxQueueEvents ?? DEFAULT_QUEUE_LIMITS.maxEvents,
        maxQueueBytes: policy.logging?.maxQueueMegabytes !== undefined ? policy.logging.maxQueueMegabytes * 1024 * 1024 : DEFAULT_QUEUE_LIMITS.maxBytes,
      },
      lessonAllowlists: {
        maxMinutes: policy.lessonAllowlists?.maxMinutes ?? DEFAULT_MAX_OVERRIDE_MINUTES,
        refreshMinutes: policy.lessonAllowlists?.refreshMinutes ?? DEFAULT_LESSON_REFRESH_MINUTES,
      },
      reportScreenshots: policy.reportScreenshots ?? false,
      blockPageContact: policy.blockPageContact ?? DEFAULT_CONTACT,
      schoolName: policy.schoolName ?? '',
      warnContinueMinutes: policy.warnContinueMinutes ?? DEFAULT_WARN_CONTINUE_MINUTES,
    },
  };
}
