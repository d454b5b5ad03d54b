/**
 * The dashboard's JSON API: paths and reply shapes, shared by the server
 * routes and the Preact UI. No zod and no server imports, so the browser
 * bundle stays small.
 */
import type { DeviceRow, EventRow, OverrideRow, ReportDetail, ReportPage, RosterClass } from '../store/rows';

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

/** A page of the queue: `total` says how many there are in all, so nothing is cut short unseen. */
export type ReportsReply = ReportPage;

/** The most reports one page of the queue may hold. */
export const MAX_REPORTS_PAGE = 200;
export const DEFAULT_REPORTS_PAGE = 50;

/** Many reports from one token, or one claimed device, in a short time (server/src/limits/floods.ts). */
export interface FloodAlert {
  by: 'token' | 'device';
  /** The token label, or the device key: `directory:<id>`, `serial:<number>` or `user:<email>`. */
  key: string;
  count: number;
  /** When its first and last reports arrived. */
  from: string;
  to: string;
  /** What counts as a flood: at least `threshold` within `windowMinutes`. */
  threshold: number;
  windowMinutes: number;
}

export type ReportReply = ReportDetail;

export interface AlertsReply {
  since: string;
  alertCategories: string[];
  heartbeatStaleMinutes: number;
  blocks: EventRow[];
  staleDevices: DeviceRow[];
  /** Urgent reports not yet resolved, a page at a time (`urgentOffset` in the query), newest first. */
  urgentReports: ReportPage;
  /** Report floods received since `since`, newest first. */
  floods: FloodAlert[];
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
