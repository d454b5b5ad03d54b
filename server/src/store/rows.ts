/**
 * What the store hands back: plain data, no zod, so the dashboard's browser
 * code can import these types (and the status list) without pulling in the
 * server.
 */
import type { Envelope, FilterEvent } from '../../../src/events/model';
import type { Override } from '../../../src/overrides/model';
import type { Report } from '../../../src/reports/model';

export const REPORT_STATUSES = ['new', 'in-review', 'escalated-to-dsl', 'resolved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface EventRow {
  event: FilterEvent;
  receivedAt: string;
  clientIp: string;
  tokenLabel: string;
}

export interface ReportSummary {
  id: string;
  time: string;
  receivedAt: string;
  updatedAt: string;
  user: string;
  device: Envelope['device'];
  yearGroup: Envelope['yearGroup'];
  role: Envelope['role'];
  url: string;
  title: string;
  category: Report['category'];
  reason: Report['reason'];
  comment: string | null;
  urgent: boolean;
  status: ReportStatus;
  hasScreenshot: boolean;
}

/** A page of the reports queue, and how many there are in all. */
export interface ReportPage {
  reports: ReportSummary[];
  total: number;
  offset: number;
  limit: number;
}

export type ReportTrailAction = 'received' | 'pupil-update' | 'status' | 'note';

export interface ReportTrailEntry {
  at: string;
  /** A dashboard username, or `device:<token label>` for what the extension sent. */
  actor: string;
  action: ReportTrailAction;
  status: ReportStatus | null;
  note: string | null;
}

export interface ReportDetail extends ReportSummary {
  extensionVersion: string;
  clientIp: string;
  tokenLabel: string;
  trail: ReportTrailEntry[];
}

export interface OverrideRow extends Override {
  createdAt: string;
  tokenLabel: string;
  clientIp: string;
}

export interface DeviceRow {
  key: string;
  directoryId: string;
  serialNumber: string;
  assetId: string;
  lastUser: string;
  /** When the endpoint last received anything from it (the endpoint's clock). */
  lastSeenAt: string;
  extensionVersion: string;
  policyHash: string | null;
  /** When its newest heartbeat was made, never later than when it arrived. */
  lastHeartbeatAt: string | null;
  clientIp: string;
}

export interface RosterClass {
  className: string;
  pupils: string[];
  uploadedAt: string;
  uploadedBy: string;
}

export interface RosterRow {
  className: string;
  pupil: string;
  uploadedAt: string;
  uploadedBy: string;
}

export interface SubjectAccessExport {
  user: string;
  generatedAt: string;
  events: EventRow[];
  reports: (ReportDetail & { screenshotBase64: string | null })[];
  /** Allowlists that name them as a pupil, or that they opened or ended. */
  overrides: OverrideRow[];
  rosterRows: RosterRow[];
  devices: DeviceRow[];
}
