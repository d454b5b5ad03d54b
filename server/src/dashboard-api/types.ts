/**
 * The dashboard's JSON API: paths and reply shapes, shared by the server
 * routes and the Preact UI. No zod and no server imports, so the browser
 * bundle stays small.
 */
import type { Severity } from '../monitoring/risks';
import type { ListCounts } from '../../../src/school-lists/limits';
import type { DeviceRow, EventRow, OverrideRow, ReportDetail, ReportPage, ReportStatus, RosterClass, SchoolListChange, SchoolListEntry, SchoolListEntryDetail } from '../store/rows';

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
  /**
   * Only on a trust's endpoint (config `schools`): the account's own school, or every school when it works
   * across the trust (the dashboard then names each record's school and offers a filter by school).
   */
  schools?: { scope: 'trust' | 'school'; list: { id: string; name: string }[] };
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

/** Log search pages: 200 rows unless asked, at most 1,000. */
export const LOG_PAGE_DEFAULT = 200;
export const LOG_PAGE_MAX = 1000;
/** The most rows one CSV export holds (enough for a term's investigation); past this, narrow the search. */
export const CSV_MAX_ROWS = 100_000;
/** Blocks the alerts view shows per alert category; the rest are a log search away. */
export const ALERT_BLOCKS_PER_CATEGORY = 200;

/** The blocks in one alert category received since `since`, newest received first. */
export interface AlertBlockGroup {
  category: string;
  /** How many blocks in this category were received since `since`. */
  total: number;
  /** The newest received, at most ALERT_BLOCKS_PER_CATEGORY. */
  blocks: EventRow[];
  /** True when `total` is more than shown. */
  truncated: boolean;
  /** When cut short, the log search cursor (`before`) that continues this list; else null. */
  next: string | null;
  /**
   * True when the reader sees only the count: blocks in a category that is evidence of a DSL-only risk
   * (self-harm) name pupils, and only a DSL sees those (server/src/monitoring/visibility.ts).
   */
  withheld: boolean;
}

export interface AlertsReply {
  /** The window is on receive time: a block that waited on an offline device still alerts when it arrives. */
  since: string;
  alertCategories: string[];
  heartbeatStaleMinutes: number;
  /** One group per alert category, so a flood in one category cannot push another's blocks out of view. */
  blockGroups: AlertBlockGroup[];
  staleDevices: DeviceRow[];
  /** Urgent reports not yet resolved, a page at a time (`urgentOffset` in the query), newest first. */
  urgentReports: ReportPage;
  /** Report floods received since `since`, newest first. */
  floods: FloodAlert[];
}

export interface EventsReply {
  /** Newest received first (see EventStore.search). */
  events: EventRow[];
  /** True when more matched than `limit`: page on with `next`, or narrow the search. */
  truncated: boolean;
  /** The cursor for the next page (pass as `before`), or null on the last page. */
  next: string | null;
}

export type OverrideStatus = 'scheduled' | 'active' | 'expired' | 'ended';

/** The allowlist audit shows the allowlists that start latest, this many (a busy school's year or more). */
export const ALLOWLIST_AUDIT_MAX = 2000;

export interface OverridesReply {
  overrides: (OverrideRow & { status: OverrideStatus })[];
  /** True when there are more than ALLOWLIST_AUDIT_MAX: older ones are in each teacher's subject access export. */
  truncated: boolean;
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

/** School list pages: 100 rows unless asked, at most 500; each page says the total, so nothing is cut short unseen. */
export const SCHOOL_LIST_PAGE_DEFAULT = 100;
export const SCHOOL_LIST_PAGE_MAX = 500;

export interface SchoolListsPageReply {
  entries: SchoolListEntry[];
  total: number;
  offset: number;
  limit: number;
  /** Everything in force, by action and kind, and the most the lists hold (src/school-lists/limits.ts). */
  counts: ListCounts;
  limits: { entries: number; pathBlocks: number; pathAllows: number; targetsPerAdd: number };
}

export interface SchoolListTrailReply {
  changes: SchoolListChange[];
  total: number;
  offset: number;
  limit: number;
}

export type SchoolListEntryReply = SchoolListEntryDetail;

export interface SchoolListAddReply {
  added: SchoolListEntry[];
}

/** Entries in force that cover a host: what a report's page shows beside its actions. */
export interface SchoolListCoveringReply {
  host: string;
  entries: SchoolListEntry[];
}

/** The overview's window, in whole local days: two weeks unless asked, at most about a term. */
export const OVERVIEW_DAYS_DEFAULT = 14;
export const OVERVIEW_DAYS_MAX = 90;
/** The overview names this many sites; it says how many there were in all. */
export const OVERVIEW_TOP_SITES = 10;

/** One local day of the overview: what arrived at the endpoint that day. */
export interface OverviewDay {
  /** The school's calendar date, `YYYY-MM-DD`. */
  day: string;
  blocks: number;
  warnings: number;
  /** Reports received (the queue's reports, not the devices' report events). */
  reports: number;
  /** Safeguarding alerts opened (their first evidence received). */
  alerts: number;
}

export interface OverviewOpenReports {
  /** Reports not resolved. */
  total: number;
  urgent: number;
  /** Every open status, in the queue's order, each with how many are urgent. */
  byStatus: { status: Exclude<ReportStatus, 'resolved'>; reports: number; urgent: number }[];
}

/**
 * The overview the DSL and IT Lead open first. Each section is a key of its own, so a section
 * added later (safeguarding alerts by severity) joins beside these without changing them.
 */
export interface OverviewReply {
  /**
   * The whole local days counted, oldest first, in the school's time zone (config `timeZone`), on
   * receive time as the alerts view is: `from` is the first day's start, `to` the last day's end
   * (today is the last day, so far).
   */
  window: { days: number; timeZone: string; from: string; to: string };
  perDay: OverviewDay[];
  /** Every category with a block in the window, most first. */
  blockedCategories: { category: string; blocks: number }[];
  /**
   * The sites with most blocks in the window, at most OVERVIEW_TOP_SITES rows. Blocks that carry no
   * address (the illegal feed's are never recorded) rank as one row whose `host` is null. `named` is
   * how many sites (hosts) had blocks in all, `withoutAddress` how many blocks had none.
   */
  blockedSites: { sites: { host: string | null; blocks: number }[]; named: number; withoutAddress: number };
  openReports: OverviewOpenReports;
  /** Devices whose heartbeat stopped (or never came): the devices page's `stale`. */
  silentDevices: { silent: number; devices: number; heartbeatStaleMinutes: number };
  /**
   * Safeguarding alerts not yet resolved, by severity, most severe first (every severity, zeros included).
   * Counts only: who and why are on the alerts page, where the DSL-only rule applies.
   */
  openAlerts: { total: number; bySeverity: { severity: Severity; alerts: number }[] };
}

/** Classified sites (issue 20): the window of receive time looked back over, 30 days unless asked, at most the default retention. */
export const CLASSIFIED_DAYS_DEFAULT = 30;
export const CLASSIFIED_DAYS_MAX = 365;
/** Classified sites a page holds: 50 unless asked, at most 200; each page says the total. */
export const CLASSIFIED_PAGE_DEFAULT = 50;
export const CLASSIFIED_PAGE_MAX = 200;

/**
 * What the IT Lead decided about a site the on-device classifier stopped, read off the school lists:
 * `confirmed` when a block in force covers it (the site or a parent), `rejected` when only an allow does
 * (a block beats an allow on devices, so it wins here too), else `undecided`.
 */
export const CLASSIFIED_STATES = ['undecided', 'confirmed', 'rejected'] as const;
export type ClassifiedState = (typeof CLASSIFIED_STATES)[number];

/** The school list entry that decided a site: the page links to it (`#school-list/<id>`). */
export type ClassifiedDecisionEntry = Pick<SchoolListEntry, 'id' | 'action' | 'target' | 'audience' | 'createdBy' | 'createdAt'>;

/** One host the classifier stopped (blocks and warnings carrying `classifier`) in the window. */
export interface ClassifiedSite {
  host: string;
  /** The categories it looked like, most stops first (one, unless the model's judgement changed). */
  categories: string[];
  blocks: number;
  warnings: number;
  /** Distinct pupils' accounts stopped there (staff and nobody-signed-in not counted). */
  pupils: number;
  /** When its first and latest classified stop in the window arrived (receive time, as the window). */
  firstSeen: string;
  lastSeen: string;
  /** The model's highest score for it, 0 to 1. */
  topScore: number;
  state: ClassifiedState;
  /** The entry that decided it; null while undecided. */
  entry: ClassifiedDecisionEntry | null;
}

export interface ClassifiedSitesReply {
  /** On receive time: from `days` before now, up to and including now. */
  window: { days: number; from: string; to: string };
  /** Undecided first, then most stops (blocks and warnings), newest last seen, then by host. */
  sites: ClassifiedSite[];
  /** Every site matching (the state filter, if any), so a page is never cut short unseen. */
  total: number;
  offset: number;
  limit: number;
}

export const CLASSIFIED_DECISIONS = ['confirm', 'reject'] as const;
export type ClassifiedDecision = (typeof CLASSIFIED_DECISIONS)[number];

/** A confirm or reject: the entry added to the school's block or allow list. */
export interface ClassifiedDecisionReply {
  entry: SchoolListEntry;
}
