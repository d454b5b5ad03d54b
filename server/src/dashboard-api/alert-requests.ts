/** What the dashboard may send about safeguarding alerts, validated on the server. */
import { z } from 'zod';
import { RISK_IDS, SEVERITIES } from '../monitoring/risks';
import { ALERT_STATUSES } from '../store/alert-rows';
import { ALERTS_PAGE_DEFAULT, ALERTS_PAGE_MAX, EVIDENCE_PAGE_DEFAULT, EVIDENCE_PAGE_MAX } from './alert-types';
import { optional, pageOffset, schoolFilterField } from './requests';

export const alertListQuerySchema = z.object({
  ...schoolFilterField,
  offset: pageOffset,
  limit: z.coerce.number().int().min(1).max(ALERTS_PAGE_MAX).default(ALERTS_PAGE_DEFAULT),
  status: optional(z.enum(ALERT_STATUSES)),
  risk: optional(z.enum(RISK_IDS)),
  severity: optional(z.enum(SEVERITIES)),
});

export const alertQuerySchema = z.object({
  evidenceOffset: pageOffset,
  evidenceLimit: z.coerce.number().int().min(1).max(EVIDENCE_PAGE_MAX).default(EVIDENCE_PAGE_DEFAULT),
});

/** Resolving needs a note: why it was closed is part of the record. */
export const alertStatusChangeSchema = z
  .object({
    status: z.enum(ALERT_STATUSES),
    note: z.string().trim().max(2000).nullable().default(null),
  })
  .refine((change) => change.status !== 'resolved' || (change.note !== null && change.note !== ''), { path: ['note'], message: 'say why in a note when resolving an alert' });
