/**
 * The dashboard's JSON API: paths and reply shapes, shared by the server
 * routes and the Preact UI. No zod and no server imports, so the browser
 * bundle stays small.
 */
import type { DeviceRow, EventRow, OverrideRow, ReportDetail, ReportSummary, RosterClass } from '../store/rows';

export const DASHBOARD_API = '/dashboard/api';
/** Every dashboard API call that changes something must carry this header (with the SameSite=Strict cookie, the CSRF defence). */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'school-filter-dashboard';
export const SESSION_COOKIE = 'school_filter_session';

export const DASHBOARD_ROLES = ['it-lead', 'dsl'] as const;
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

export interface Me {
  username: string;
  role: DashboardRole;
}

export interface ReportsReply {
  reports: ReportSummary[];
}

export type ReportReply = ReportDetail;

export interface AlertsReply {
  since: string;
  alertCategories: string[];
  heartbeatStaleMinutes: number;
  blocks: EventRow[];
  staleDevices: DeviceRow[];
  urgentReports: ReportSummary[];
}

export interface EventsReply {
  events: EventRow[];
  /** True when more matched than `limit`: narrow the search. */
  truncated: boolean;
}

export type OverrideStatus = 'scheduled' | 'active' | 'expired' | 'ended';

export interface OverridesReply {
  overrides: (OverrideRow & { status: OverrideStatus })[];
}

export interface DevicesReply {
  heartbeatStaleMinutes: number;
  devices: (DeviceRow & { stale: boolean })[];
}

export interface RostersReply {
  classes: RosterClass[];
}

export interface RosterUploadReply {
  classes: number;
  pupils: number;
}
