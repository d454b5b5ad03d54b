/**
 * Repairs a policy field by field instead of rejecting it whole (Dark Reader's
 * approach): one typo must not cost a school its whole configuration, and it
 * must never open the filter. Each invalid value is dropped or replaced with a
 * safe one, and becomes a problem the status page and the event log show.
 */
import { z } from 'zod';
import { BLOCK_ONLY_CATEGORIES } from '../filter/catalogue';
import type { Action, CategoryId } from '../shared/categories';
import { normaliseDomain } from '../shared/domain';
import { type Policy, policySchema } from './schema';

export interface PolicyProblem {
  /** Dotted path to the field, e.g. `categoryActions.KS3.social` or `blockDomains[2]`. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface RepairResult {
  policy: Policy;
  problems: PolicyProblem[];
}

/**
 * The safe value for an invalid field, where dropping it would not be safe.
 * A mistyped category action or classifier setting blocks (the admin meant to
 * say something about it); everything else falls back to the default, which is safe by design.
 */
function safeReplacement(path: string[]): unknown {
  if (path[0] === 'categoryActions' && path.length === 3) return 'block';
  // Likewise a mistyped classifier setting: never "off" by accident (the profile still caps it).
  if (path[0] === 'classifier' && path.length === 2) return 'block';
  return undefined;
}

/** What the device does instead, in words for the status page. */
function consequence(path: string[]): string {
  const replacement = safeReplacement(path);
  if (replacement !== undefined) return `using "${String(replacement)}"`;
  if (path.length === 1 && path[0] === 'role') return 'treated as pupil';
  if (path.length === 1 && path[0] === 'yearGroup') return 'strictest pupil profile applied';
  return 'ignored';
}

/** Secrets never reach the status page or the event log. */
function describe(value: unknown, path: string[] = []): string {
  if (path.includes('token')) return '(hidden)';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function join(path: (string | number)[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

function repairValue(schema: z.ZodType, value: unknown, path: string[], problems: PolicyProblem[]): unknown {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  if (value === undefined) return undefined;

  if (inner instanceof z.ZodObject) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ path: join(path), message: `expected an object, got ${describe(value, path)}; ${consequence(path)}`, severity: 'error' });
      return safeReplacement(path);
    }
    const shape = inner.shape as Record<string, z.ZodType>;
    const out: Record<string, unknown> = {};
    const problemsBefore = problems.length;
    for (const [key, child] of Object.entries(value)) {
      const childSchema = shape[key];
      if (!childSchema) {
        problems.push({ path: join([...path, key]), message: 'unknown key; ignored (Chrome drops it too)', severity: 'warning' });
        continue;
      }
      const repaired = repairValue(childSchema, child, [...path, key], problems);
      if (repaired !== undefined) out[key] = repaired;
    }
    // Object-level rules (e.g. both endpoint fields) are checked once the parts are sound.
    const whole = inner.safeParse(out);
    if (!whole.success) {
      if (problems.length > problemsBefore) {
        problems.push({ path: join(path), message: `incomplete after the errors above; ${consequence(path)}`, severity: 'error' });
      } else {
        for (const issue of whole.error.issues) {
          problems.push({ path: join([...path, ...(issue.path as string[])]), message: `${issue.message}; ${join(path)} ${consequence(path)}`, severity: 'error' });
        }
      }
      return safeReplacement(path);
    }
    return out;
  }

  if (inner instanceof z.ZodArray) {
    if (!Array.isArray(value)) {
      problems.push({ path: join(path), message: `expected a list, got ${describe(value, path)}; ignored`, severity: 'error' });
      return undefined;
    }
    const element = inner.element as z.ZodType;
    const kept: unknown[] = [];
    value.forEach((item, index) => {
      const parsed = element.safeParse(item);
      if (parsed.success) kept.push(parsed.data);
      else problems.push({ path: `${join(path)}[${index}]`, message: `${parsed.error.issues[0]?.message ?? 'invalid'}; entry ignored`, severity: 'error' });
    });
    return kept;
  }

  const parsed = inner.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.push({
    path: join(path),
    message: `${parsed.error.issues[0]?.message ?? 'invalid'} (got ${describe(value, path)}); ${consequence(path)}`,
    severity: 'error',
  });
  return safeReplacement(path);
}

/** Lowercase, punycode and dedupe the domain lists once, so every consumer sees one form. */
function normaliseDomainLists(policy: Policy): Policy {
  const lists = ['approvedAiTools', 'allowDomains', 'blockDomains'] as const;
  const out = { ...policy };
  for (const key of lists) {
    const list = out[key];
    if (list) out[key] = [...new Set(list.map((d) => (normaliseDomain(d) as { domain: string }).domain))];
  }
  return out;
}

/**
 * A warn on a block-only category (rules/catalogue.json `warnable: false`) becomes a block: the build
 * ships no warn list for it, and nobody should click through to pornography or malware. Reported, so
 * the status page says what the device did with the policy.
 */
function blockOnlyWarns(policy: Policy, problems: PolicyProblem[]): Policy {
  const layers = policy.categoryActions;
  if (!layers) return policy;
  const repaired: NonNullable<Policy['categoryActions']> = {};
  for (const [layer, actions] of Object.entries(layers) as [keyof typeof layers, Partial<Record<CategoryId, Action>> | undefined][]) {
    if (!actions) continue;
    const out = { ...actions };
    for (const category of BLOCK_ONLY_CATEGORIES) {
      if (out[category] !== 'warn') continue;
      out[category] = 'block';
      problems.push({
        path: `categoryActions.${layer}.${category}`,
        message: `${category} can be blocked or allowed, not warned (a pupil must not be able to click through to it); blocked`,
        severity: 'warning',
      });
    }
    repaired[layer] = out;
  }
  return { ...policy, categoryActions: repaired };
}

export function repairPolicy(raw: unknown): RepairResult {
  const problems: PolicyProblem[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ path: '', message: `the policy must be a JSON object, got ${describe(raw)}; using safe defaults`, severity: 'error' });
    return { policy: {}, problems };
  }
  const repaired = repairValue(policySchema, raw, [], problems) as Policy | undefined;
  return { policy: blockOnlyWarns(normaliseDomainLists(repaired ?? {}), problems), problems };
}
