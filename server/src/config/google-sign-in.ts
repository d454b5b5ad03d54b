/**
 * The `googleSignIn` key: dashboard sign-in with the school's Google accounts (OpenID Connect). The client
 * secret is never written in the JSON (as the SMTP password is not: config/read-secret.ts); only the accounts
 * named in `roles` may sign in, each to the role it is mapped to.
 */
import { z } from 'zod';
import { isLoopbackHost } from '../auth/sessions';
import { DASHBOARD_ROLES, type DashboardRole } from '../dashboard-api/types';
import { GOOGLE_CALLBACK_PATH } from './google-sign-in-paths';
import { envName, readSecret } from './read-secret';
import { schoolDomain } from './school-domain';

export const GOOGLE_ISSUER = 'https://accounts.google.com';
export const DEFAULT_PROVIDER_TIMEOUT_SECONDS = 10;

export const googleSignInSchema = z
  .strictObject({
    /** The OAuth client's id (type Web application) from the school's Google Cloud project. */
    clientId: z.string().trim().min(1),
    clientSecretFile: z.string().min(1).optional(),
    clientSecretEnv: envName.optional(),
    /** The school's Google Workspace domains: the ID token's `hd` claim must be one of them. */
    domains: z.array(schoolDomain).min(1, 'at least one domain: the school Workspace domain whose accounts may sign in'),
    /**
     * Accounts mapped to dashboard roles; any other account, of the school's domain or not, is refused. In a trust
     * (config/schools.ts) each maps to `{role, school}` instead, the school being one of the trust's or "trust".
     */
    roles: z
      .record(z.email().transform((email) => email.toLowerCase()), z.union([z.enum(DASHBOARD_ROLES), z.strictObject({ role: z.enum(DASHBOARD_ROLES), school: z.string().trim().min(1) })]))
      .refine((roles) => Object.keys(roles).length > 0, 'map at least one account to a role (it-lead or dsl)'),
    /** Google's, unless testing against a stand-in. */
    issuer: z.url({ protocol: /^https?$/ }).default(GOOGLE_ISSUER),
    /** How long the provider may take to answer discovery, keys and the code exchange. */
    timeoutSeconds: z.number().min(0.1).max(60).default(DEFAULT_PROVIDER_TIMEOUT_SECONDS),
  })
  .superRefine((google, context) => {
    const sources = [google.clientSecretFile, google.clientSecretEnv].filter((source) => source !== undefined).length;
    if (sources !== 1) context.addIssue({ code: 'custom', path: ['clientSecretFile'], message: 'set one of clientSecretFile or clientSecretEnv: the OAuth client secret (never written in config.json)' });
    const issuer = new URL(google.issuer);
    if (issuer.protocol === 'http:' && !isLoopbackHost(issuer.hostname)) {
      context.addIssue({ code: 'custom', path: ['issuer'], message: `must be https:// (http:// only on loopback, for testing): "${issuer.host}"` });
    }
    for (const email of Object.keys(google.roles)) {
      const emailDomain = email.slice(email.lastIndexOf('@') + 1);
      if (!google.domains.includes(emailDomain)) {
        context.addIssue({ code: 'custom', path: ['roles', email], message: `${email} is not in domains (${google.domains.join(', ')}): it could never sign in` });
      }
    }
  });

export type GoogleSignInFile = z.output<typeof googleSignInSchema>;

/** What the endpoint runs with: the secret read and the redirect URI made from publicUrl. */
export interface GoogleSignInSettings {
  clientId: string;
  clientSecret: string;
  domains: string[];
  roles: Record<string, DashboardRole>;
  /** Each account's school or "trust" (a trust's config names one for every account); absent on a single school's endpoint. */
  schools?: Record<string, string>;
  issuer: string;
  timeoutMs: number;
  redirectUri: string;
}

/** The `{role, school}` mappings' schools, when there are any. */
function schoolsOf(roles: GoogleSignInFile['roles']): { schools?: Record<string, string> } {
  const schools = Object.entries(roles).flatMap(([email, mapping]) => (typeof mapping === 'string' ? [] : [[email, mapping.school] as const]));
  return schools.length > 0 ? { schools: Object.fromEntries(schools) } : {};
}

export function resolveGoogleSignIn(
  google: GoogleSignInFile,
  publicUrl: string,
  baseDir: string,
  env: NodeJS.ProcessEnv,
): { settings: GoogleSignInSettings } | { issue: { path: string[]; message: string } } {
  const secret = readSecret(google.clientSecretFile, google.clientSecretEnv, baseDir, env);
  if (!('value' in secret)) return { issue: { path: ['googleSignIn', secret.key === 'file' ? 'clientSecretFile' : 'clientSecretEnv'], message: secret.problem } };
  return {
    settings: {
      clientId: google.clientId,
      clientSecret: secret.value,
      domains: google.domains,
      roles: Object.fromEntries(Object.entries(google.roles).map(([email, mapping]) => [email, typeof mapping === 'string' ? mapping : mapping.role])),
      ...schoolsOf(google.roles),
      issuer: google.issuer.replace(/\/+$/, ''),
      timeoutMs: Math.round(google.timeoutSeconds * 1000),
      redirectUri: `${publicUrl.replace(/\/+$/, '')}${GOOGLE_CALLBACK_PATH}`,
    },
  };
}
