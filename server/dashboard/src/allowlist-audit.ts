/**
 * One allowlist as the audit shows it: who opened it, what for whom, why, and
 * every time that matters. The teacher's account is what their device named;
 * the token label and address are what the endpoint itself saw, so both are
 * shown. Plain strings: the view only lays them out, and a test can read them
 * without a browser.
 */
import type { OverridesReply } from '../../src/dashboard-api/types';
import { staffActionWords } from '../../src/dashboard-api/verification';
import { when } from './format';

type AuditedOverride = OverridesReply['overrides'][number];

export interface AllowlistAuditRow {
  status: string;
  openedBy: string;
  openedThrough: string;
  openedAt: string;
  sites: string;
  audience: string;
  reason: string;
  startsAt: string;
  endsAt: string;
  ended: string;
}

/** Year groups as they are, classes marked as classes (a class may be called anything), pupils by email. */
export function audienceText(audience: AuditedOverride['audience']): string {
  return [...audience.yearGroups, ...audience.classes.map((name) => `class ${name}`), ...audience.pupils].join(', ');
}

export function allowlistAuditRow(override: AuditedOverride): AllowlistAuditRow {
  return {
    status: override.status,
    openedBy: `${override.createdBy} (${staffActionWords(override.createdByVerified)})`,
    openedThrough: `token "${override.tokenLabel}" from ${override.clientIp}`,
    openedAt: when(override.createdAt),
    sites: override.domains.join(', '),
    audience: audienceText(override.audience),
    reason: override.reason,
    startsAt: when(override.startsAt),
    endsAt: when(override.endsAt),
    ended: override.endedAt ? `${when(override.endedAt)} by ${override.endedBy ?? 'unknown'} (${staffActionWords(override.endedByVerified === true)})` : '—',
  };
}
