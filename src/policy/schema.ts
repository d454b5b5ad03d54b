/**
 * The managed policy: what an IT admin pastes into the Admin console ("Policy
 * for extensions", per organisational unit). One zod schema is the truth;
 * public/managed_schema.json is generated from it (src/policy/chrome-schema.ts)
 * and a test keeps the two in agreement.
 *
 * Every key is optional: a missing key means "the default for this user", and
 * the defaults are safe (src/policy/defaults.ts).
 */
import { z } from 'zod';
import { ACTIONS, CATEGORY_IDS, type CategoryId } from '../shared/categories';
import { normaliseDomain } from '../shared/domain';
import { CLASSIFIED_CATEGORIES, type ClassifiedCategory } from '../filter/classifier/dataset';
import { CLASSIFIER_SETTINGS } from './classifier';
import { YOUTUBE_SETTINGS } from './defaults';
import { KEY_STAGES, YEAR_GROUPS } from './year-groups';

export const ROLES = ['pupil', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export const LOGGING_DETAILS = ['full', 'domain', 'off'] as const;

export const action = z.enum(ACTIONS).describe('allow, warn or block');

const categoryActions = z
  .object(Object.fromEntries(CATEGORY_IDS.map((id) => [id, action.optional()])) as Record<CategoryId, z.ZodOptional<typeof action>>)
  .describe('Action per category id (allow, warn or block).');

/** Profiles can be set for a key stage, a single year group, or staff; the most specific wins. */
export const PROFILE_KEYS = [...KEY_STAGES, ...YEAR_GROUPS, 'staff'] as const;

const classifierSetting = z.enum(CLASSIFIER_SETTINGS).describe('block, warn or off');

const classifierSettings = z
  .object(Object.fromEntries(CLASSIFIED_CATEGORIES.map((id) => [id, classifierSetting.optional()])) as Record<ClassifiedCategory, z.ZodOptional<typeof classifierSetting>>)
  .describe(
    'What the on-device classifier does with an unlisted site that looks like adult, gambling, proxy or ai: block, warn or off. Defaults: pupils adult, gambling and proxy block, ai warn; staff off. Never more than the profile does for the category.',
  );

const domain = z
  .string()
  .refine((value) => normaliseDomain(value).ok, { error: (issue) => `"${String(issue.input)}" is not a domain name (${(normaliseDomain(String(issue.input)) as { reason: string }).reason})` })
  .describe('A domain name such as example.org; its subdomains are included.');

function isIntakePattern(pattern: string): boolean {
  try {
    new RegExp(pattern);
  } catch {
    return false;
  }
  return pattern.includes('(?<intake>');
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** https (http only on loopback, for testing): the endpoint and the identity issuer both carry secrets or proofs. */
const secureUrl = () => z
  .string()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname));
      } catch {
        return false;
      }
    },
    { error: 'must be an https:// URL (http:// only on loopback, for testing)' },
  );

const endpointUrl = secureUrl().describe("The school endpoint's base URL, e.g. https://filter.school.example");

export const policySchema = z.object({
  schoolName: z.string().max(200).optional().describe('School name shown on block pages and the status page.'),
  role: z.enum(ROLES).optional().describe('pupil or staff. Missing or invalid means pupil.'),
  yearGroup: z.enum(YEAR_GROUPS).optional().describe('R, Y1 ... Y13, for OUs split by year group.'),
  yearGroupFromEmail: z
    .object({
      pattern: z
        .string()
        .refine(isIntakePattern, { error: 'must be a regular expression with a named group (?<intake>...)' })
        .describe('Regular expression with a named group "intake" (2- or 4-digit year the pupil joined).'),
      intakeYearGroup: z.enum(YEAR_GROUPS).describe('Year group pupils join in their intake year (R for primary, Y7 for secondary).'),
    })
    .optional()
    .describe('Derives the year group from the signed-in email when OUs are not split by year.'),
  categoryActions: z
    .object(Object.fromEntries(PROFILE_KEYS.map((key) => [key, categoryActions.optional()])) as Record<(typeof PROFILE_KEYS)[number], z.ZodOptional<typeof categoryActions>>)
    .optional()
    .describe('Overrides of the default category actions per key stage (EYFS, KS1-KS5), year group (R, Y1-Y13) or staff.'),
  approvedAiTools: z.array(domain).optional().describe('AI tools the school approves: let through without a warning where AI is warned.'),
  allowDomains: z.array(domain).optional().describe('Always allowed, above every category (never above illegal or blockDomains).'),
  blockDomains: z.array(domain).optional().describe('Always blocked, above every allow.'),
  lockedCategories: z.array(z.enum(CATEGORY_IDS)).optional().describe('Categories teachers may never open. illegal is always locked.'),
  safeSearch: z
    .object({
      google: z.boolean().optional(),
      bing: z.boolean().optional(),
      duckduckgo: z.boolean().optional(),
      youtube: z.enum(YOUTUBE_SETTINGS).optional(),
    })
    .optional()
    .describe('Force safe search per engine; YouTube blocked (block), or Restricted Mode strict or moderate, or off.'),
  endpoint: z
    .object({
      url: endpointUrl,
      token: z.string().min(16).describe('Bearer token issued by the school endpoint for this OU.'),
    })
    .optional()
    .describe('The school endpoint that receives logs and reports and serves lesson allowlists.'),
  identityProof: z
    .object({
      clientId: z
        .string()
        .min(1, { error: "must name the school's OAuth client id" })
        .describe("The school's OAuth client id (a web client whose redirect URI is https://EXTENSION_ID.chromiumapp.org/); the endpoint trusts proofs issued to it."),
      authorizationUrl: secureUrl()
        .optional()
        .describe('The issuer\'s OpenID authorization endpoint (default https://accounts.google.com/o/oauth2/v2/auth).'),
    })
    .optional()
    .describe("Proves the signed-in school account to the endpoint with every upload, report and lesson allowlist (an ID token obtained without a prompt). Without it the endpoint cannot verify who sent a record."),
  logging: z
    .object({
      detail: z.enum(LOGGING_DETAILS).optional().describe('full URLs, domain only, or off.'),
      uploadIntervalMinutes: z.int().min(1).max(1440).optional(),
      maxQueueEvents: z.int().min(1000).max(1_000_000).optional().describe('Events kept on the device while the endpoint is unreachable (default 50,000).'),
      maxQueueMegabytes: z.int().min(1).max(500).optional().describe('Bytes kept on the device, in MB (default 25). When full, the oldest navigation events go first.'),
    })
    .optional()
    .describe('How much browsing is logged and how often it is uploaded.'),
  lessonAllowlists: z
    .object({
      maxMinutes: z.int().min(5).max(480).optional().describe('Longest lesson allowlist a teacher may open, in minutes (default 120; the endpoint has its own maximum too).'),
      refreshMinutes: z
        .number()
        .min(0.5)
        .max(60)
        .optional()
        .describe("How often pupils' devices ask the endpoint for lesson allowlists, in minutes (default 1). A block or warn page also asks at once."),
    })
    .optional()
    .describe("Teachers' temporary lesson allowlists."),
  reportScreenshots: z.boolean().optional().describe('Allow a screenshot with a pupil report (never for illegal or adult pages).'),
  blockPageContact: z.string().max(500).optional().describe('Who to ask, shown on block pages.'),
  classifier: classifierSettings.optional(),
  warnContinueMinutes: z
    .number()
    .min(0.5)
    .max(480)
    .optional()
    .describe('How long "Continue" on a warning page opens that site in that tab (minutes, 0.5 to 480; default 15).'),
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyKey = keyof Policy;
