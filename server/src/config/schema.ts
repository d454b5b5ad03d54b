/**
 * The endpoint's configuration: one JSON file (server/config.json, or the
 * path in SCHOOL_ENDPOINT_CONFIG) plus a few environment overrides. Every
 * field but the secrets has a safe default, so a school writes only tokens
 * and dashboard users.
 */
import { z } from 'zod';
import { DEFAULT_MAX_OVERRIDE_MINUTES } from '../../../src/overrides/model';
import { DEFAULT_LOCKED_CATEGORIES } from '../../../src/policy/defaults';
import { CATEGORY_IDS, type CategoryId } from '../../../src/shared/categories';
import { isPasswordHash } from '../auth/password';
import { isTimeZone } from '../overview/local-days';
import { DASHBOARD_ROLES } from '../dashboard-api/types';
import { databaseSchema, type DatabaseSettings } from './database';
import { googleSignInSchema, type GoogleSignInSettings } from './google-sign-in';
import { identityProofSchema, type IdentityProofSettings } from './identity-proof';
import { schoolDomain } from './school-domain';
import { notificationsSchema, type NotificationSettings } from './notifications';
import { writeLimitsSchema } from './write-limits';
import { ingestSchema } from './ingest';
import { checkSchoolMembers, memberSchool, schoolsSchema } from './schools';
import { isProxyAddress, PROXY_RANGE_NAMES, TRUST_PROXY_TRUE_MESSAGE } from './proxy-addresses';

export const TOKEN_SCOPES = ['device', 'staff'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export { DASHBOARD_ROLES, type DashboardRole } from '../dashboard-api/types';

const label = z.string().trim().min(1).max(100);
const category = z.enum(CATEGORY_IDS);

/** A token as written in the file, or only its sha256 so the file holds no secret. */
const tokenSchema = z.union([
  z.strictObject({ token: z.string().min(16, 'a token needs at least 16 characters'), scope: z.enum(TOKEN_SCOPES), label, school: memberSchool }),
  z.strictObject({ tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'tokenSha256 is 64 lowercase hex digits'), scope: z.enum(TOKEN_SCOPES), label, school: memberSchool }),
]);

const dashboardUserSchema = z.strictObject({
  username: z.string().trim().min(1).max(100),
  passwordHash: z.string().refine(isPasswordHash, 'not a hash from `npm run server -- hash-password`'),
  role: z.enum(DASHBOARD_ROLES),
  /** One of the trust's schools, or "trust" (config/schools.ts); only with `schools`. */
  school: memberSchool,
});

/** The schools this endpoint is written for are in the UK. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

export const DEFAULT_ALERT_CATEGORIES: CategoryId[] = ['illegal', 'self-harm', 'extremism'];
/** The extension's default too: one list, so a school that sets neither gets the same answer from both ends. */
export { DEFAULT_LOCKED_CATEGORIES };

export const configSchema = z
  .strictObject({
    listen: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.int().min(0).max(65535).default(8787),
      })
      .prefault({}),
    /** The address devices and staff reach the endpoint at, when it is not the listen address (a reverse proxy). */
    publicUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Relative paths start at the config file's folder. */
    dataDir: z.string().min(1).default('data'),
    /** The storage engine (config/database.ts): SQLite in dataDir unless set. */
    database: databaseSchema,
    /**
     * The reverse proxy's addresses (false: none). The logged client IP, and the address sign-in limits count, is the
     * right-most X-Forwarded-For hop that is not one of these: what the proxy saw (see proxy-addresses.ts).
     */
    trustProxy: z
      .union([z.boolean(), z.array(z.string())])
      .default(false)
      .superRefine((value, context) => {
        if (value === true) context.addIssue({ code: 'custom', message: TRUST_PROXY_TRUE_MESSAGE });
        if (!Array.isArray(value)) return;
        value.forEach((entry, index) => {
          if (!isProxyAddress(entry)) {
            context.addIssue({ code: 'custom', path: [index], message: `"${entry}" is not an IP address, a CIDR range (10.0.0.0/8) or one of ${PROXY_RANGE_NAMES.join(', ')}` });
          }
        });
      })
      // An empty list trusts nobody, like false.
      .transform((value): false | string[] => (Array.isArray(value) && value.length > 0 ? value : false)),
    /**
     * How long a client may take to send its request: a connection that trickles its headers or stalls its body is
     * closed, so a few slow sockets cannot hold the endpoint open forever (see http/timeouts.ts for the sizes).
     */
    timeouts: z
      .strictObject({
        headersSeconds: z.number().min(0.1).max(600).default(20),
        requestSeconds: z.number().min(0.1).max(3600).default(60),
        keepAliveSeconds: z.number().min(0.1).max(3600).default(72),
      })
      .prefault({})
      .refine((timeouts) => timeouts.headersSeconds <= timeouts.requestSeconds, {
        path: ['headersSeconds'],
        message: 'headersSeconds cannot be longer than requestSeconds (the headers are part of the request)',
      }),
    /** A trust's schools (config/schools.ts); absent: the endpoint serves one school. */
    schools: schoolsSchema.optional(),
    tokens: z.array(tokenSchema).min(1, 'at least one token: devices cannot post without one'),
    dashboardUsers: z.array(dashboardUserSchema).default([]),
    retentionDays: z.int().min(1).max(3650).default(365),
    maxOverrideMinutes: z.int().min(1).max(24 * 60).default(DEFAULT_MAX_OVERRIDE_MINUTES),
    alertCategories: z.array(category).default(DEFAULT_ALERT_CATEGORIES),
    /** Safeguarding alerts from staff's own browsing too (monitoring/evidence.ts says why not by default). */
    alertOnStaff: z.boolean().default(false),
    heartbeatStaleMinutes: z.int().min(1).max(7 * 24 * 60).default(30),
    /**
     * The school's time zone (IANA name): where the overview's days start and end. Not the server's zone: a
     * server on a cloud machine usually runs on UTC, and a UK school's day starts an hour earlier in summer.
     */
    timeZone: z.string().refine(isTimeZone, 'not a time zone name this runtime knows (e.g. Europe/London, UTC)').default(DEFAULT_TIME_ZONE),
    /** Categories no teacher may open for a lesson; `illegal` is always added. */
    lockedCategories: z
      .array(category)
      .default([...DEFAULT_LOCKED_CATEGORIES])
      .transform((ids) => [...new Set<CategoryId>(['illegal', ...ids])]),
    /** Domains (and their subdomains) no allowlist may open, beyond the locked categories' lists. */
    lockedDomains: z.array(schoolDomain).default([]),
    /**
     * Where the compiled category rulesets are (`npm run rules` writes rules/build): the endpoint reads the
     * locked categories' lists from here to refuse allowlists for them. Relative paths start at the config
     * file's folder; unset means the repository's rules/build.
     */
    rulesDir: z.string().min(1).optional(),
    /**
     * The school's own risk phrase lists, added to the built-in ones (server/risk-phrases/README.md says the
     * format). Relative paths start at the config file's folder. A file that does not load is refused by
     * loadRiskMatcher (monitoring/phrases/load.ts), naming the file and entry.
     */
    riskPhrases: z
      .strictObject({
        extraFiles: z.array(z.string().trim().min(1, 'an empty path')).default([]),
      })
      .prefault({}),
    /** Email and webhook for safeguarding alerts (config/notifications.ts); absent: none. */
    notifications: notificationsSchema.optional(),
    /** Dashboard sign-in with the school's Google accounts (config/google-sign-in.ts); absent: passwords only. */
    googleSignIn: googleSignInSchema.optional(),
    /** Which ID tokens prove who is signed in on a device, and where a proof is required (config/identity-proof.ts); absent: none checked. */
    identityProof: identityProofSchema.optional(),
    /** How much one token and one account may write in a window (config/write-limits.ts has the sizes and why). */
    writeLimits: writeLimitsSchema,
    /** How event batches are grouped into transactions, and how many may wait (config/ingest.ts has the sizes and why). */
    ingest: ingestSchema,
  })
  .superRefine((config, context) => {
    const labels = new Set<string>();
    config.tokens.forEach((token, index) => {
      if (labels.has(token.label)) context.addIssue({ code: 'custom', path: ['tokens', index, 'label'], message: `label "${token.label}" is used twice` });
      labels.add(token.label);
    });
    const users = new Set<string>();
    config.dashboardUsers.forEach((user, index) => {
      if (users.has(user.username)) context.addIssue({ code: 'custom', path: ['dashboardUsers', index, 'username'], message: `username "${user.username}" is used twice` });
      users.add(user.username);
    });
    const googleRoles = config.googleSignIn?.roles;
    const notificationSchools = config.notifications?.email?.schools;
    for (const issue of checkSchoolMembers({ schools: config.schools, tokens: config.tokens, dashboardUsers: config.dashboardUsers, googleRoles, notificationSchools })) {
      context.addIssue({ code: 'custom', ...issue });
    }
    if (config.notifications && !config.publicUrl) {
      context.addIssue({ code: 'custom', path: ['publicUrl'], message: "notifications link to the dashboard: set publicUrl to the address staff reach the endpoint at (e.g. https://filter.school.example)" });
    }
    if (config.googleSignIn && !config.publicUrl) {
      context.addIssue({ code: 'custom', path: ['publicUrl'], message: 'Google sign-in sends staff back to <publicUrl>/dashboard/api/oidc/callback: set publicUrl to the address staff reach the dashboard at (e.g. https://filter.school.example)' });
    }
  });

export type ConfigFile = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type TokenConfig = ParsedConfig['tokens'][number];
export type DashboardUser = ParsedConfig['dashboardUsers'][number];

/** The parsed config with `dataDir`, `rulesDir` and `riskPhrases.extraFiles` made absolute, and the notifications', Google client's and database URL's secrets read (null: none configured). */
export type Config = Omit<ParsedConfig, 'rulesDir' | 'notifications' | 'googleSignIn' | 'identityProof' | 'database'> & {
  database: DatabaseSettings;
  rulesDir: string;
  configPath: string | null;
  notifications: NotificationSettings | null;
  googleSignIn: GoogleSignInSettings | null;
  identityProof: IdentityProofSettings | null;
};
