/**
 * Storage behind one small interface per concern, so a school can move to
 * another database without touching routes. Two engines implement it: SQLite
 * in ./sqlite/ (the embedded default) and PostgreSQL in ./postgres/ (chosen in
 * config: config/database.ts; ./open-store.ts opens either). Methods are async
 * so a networked database fits the same shape; each call is atomic on its own.
 */
import type { EventType, FilterEvent } from '../../../src/events/model';
import type { Override, OverrideRequest } from '../../../src/overrides/model';
import type { Report } from '../../../src/reports/model';
import type { FollowUpRefusal } from '../reports/follow-up';
import type { YearGroup } from '../../../src/policy/year-groups';
import type { DashboardRole, TokenScope } from '../config/schema';
import type { DeviceRow, EventRow, OverrideRow, ReportDetail, ReportPage, ReportStatus, ReportTrailEntry, RosterClass, SchoolListChange, SchoolListEntry, SchoolListEntryDetail, SubjectAccessExport } from './rows';
import type { ListAction, ListAudience } from '../../../src/school-lists/audience';
import type { RiskId, Severity } from '../monitoring/risks';
import type { AlertDetail, AlertPage, AlertStatus, AlertSummary, EvidenceKind } from './alert-rows';
import type { ListCounts } from '../../../src/school-lists/limits';
import type { AlertNotice } from '../monitoring/alert-notice';
import type { NoticeCount } from '../notifications/digest-email';
import type { DigestPeriod } from '../notifications/digest-schedule';
import type { NewOutboxMessage, OutboxPayload } from '../notifications/outbox-messages';
import type { ClassifiedSite, ClassifiedState } from '../dashboard-api/types';
import type { Verification } from '../../../src/shared/identity-proof';
import type { SchoolTable } from './school-tables';

/** Who sent something and when it arrived: kept beside every record (the DfE standard lists the IP address). */
export interface Receipt {
  receivedAt: Date;
  clientIp: string;
  tokenLabel: string;
  tokenScope: TokenScope;
  /**
   * The token's school (schools/scope.ts): the school of every record the request writes, never the body's.
   * routes/receipt.ts always sets it; absent (a receipt a script or test builds itself): the single school's.
   */
  school?: string;
  /**
   * The identity proof that came with the request (http/identity-proof.ts); absent or null: none was checked.
   * Each record is stored verified only when the proof is valid and for the account it names (binding.ts).
   */
  proof?: Verification | null;
}

/** Where a page of events ended: the next page holds only rows ordered after this one. */
export interface EventPosition {
  receivedAt: string;
  time: string;
  id: string;
}

export interface EventFilter {
  /** Only this school's events (schools/scope.ts readFilter); absent: every school's. */
  school?: string;
  user?: string;
  /** Matches the directory id, serial number or asset id. */
  device?: string;
  categories?: string[];
  types?: EventType[];
  /** The site a navigation, search, block, warning or report event names (its `host`, exactly). */
  host?: string;
  /** The recorded event time (see EventRow.time), inclusive from, exclusive to. */
  from?: Date;
  to?: Date;
  /** Receive time, inclusive. */
  receivedFrom?: Date;
}

export interface EventQuery extends EventFilter {
  /** Only rows after this position in the order (the next page). */
  after?: EventPosition;
  limit: number;
}

/** A span of receive time: from (inclusive) to (exclusive). */
export interface ReceiveWindow {
  from: Date;
  to: Date;
}

/** A span of receive time with a name the counts come back under (the overview's local days). */
export interface NamedWindow extends ReceiveWindow {
  name: string;
}

/** How many stops (blocks and warnings) arrived in one named window. */
export interface StopCounts {
  name: string;
  blocks: number;
  warnings: number;
}

/** How many blocks one category, or one site, had. */
export interface BlockCount<K extends string | null> {
  key: K;
  blocks: number;
}

/** The sites the on-device classifier stopped, a page at a time (issue 20). */
export interface ClassifiedSitesQuery {
  /** On receive time, as the alerts view: a device cannot move its stops out of the window by the time it claims. */
  window: ReceiveWindow;
  /** Only sites in this review state. */
  state?: ClassifiedState;
  /** Only this host (exactly as events name it). */
  host?: string;
  /** Only this school's stops (schools/scope.ts readFilter); absent: every school's. */
  school?: string;
  offset: number;
  limit: number;
}

export interface EventStore {
  /** The whole batch in one transaction; an id already held counts as a duplicate. */
  insert(events: readonly FilterEvent[], receipt: Receipt): Promise<{ accepted: number; duplicates: number }>;
  /**
   * Newest received first; within one batch (one receive time) newest recorded
   * time first; then by id. Never by the time a device claims alone: a device
   * can claim any time, and a far-future one would sit above everything.
   */
  search(query: EventQuery): Promise<EventRow[]>;
  count(filter: EventFilter): Promise<number>;
  /**
   * Blocks and warnings received in each window, counted by the database (a school holds millions of
   * events), every window in the reply, in the order given. On receive time: a device can claim any time.
   */
  stopsPerWindow(windows: readonly NamedWindow[], school?: string): Promise<StopCounts[]>;
  /** Blocks received in the window per category, most first (then by name): every category with one. */
  blocksByCategory(window: ReceiveWindow, school?: string): Promise<BlockCount<string>[]>;
  /**
   * Blocks received in the window per site (host), most first (then by name), at most `limit`; how many
   * sites there were, and how many blocks carried no address. Those (the illegal feed's: never recorded)
   * rank as one row with a null key: counted, never given a site.
   */
  blocksBySite(window: ReceiveWindow, limit: number, school?: string): Promise<{ sites: BlockCount<string | null>[]; named: number; withoutAddress: number }>;
  /**
   * Every host with blocks or warnings the classifier made (events carrying `classifier`) received in the
   * window, counted by the database, each with its review state read off the school lists in force
   * (call SchoolListStore.expireDue first); `total` counts every match, so a page is never cut short unseen.
   */
  classifiedSites(query: ClassifiedSitesQuery): Promise<{ sites: ClassifiedSite[]; total: number }>;
}

export interface DeviceStore {
  /** `school`: only that school's devices (schools/scope.ts readFilter); absent: every school's. */
  list(school?: string): Promise<DeviceRow[]>;
}

/** A report as stored: its follow-up secret only as a sha256, never the secret itself. */
export type IncomingReport = Omit<Report, 'followUpSecret'> & { followUpSecretSha256: string | null };

/** A pupil's follow-up (PATCH) as the store receives it. */
export interface ReportFollowUp {
  reason: Report['reason'];
  comment: string | null;
  screenshot?: NonNullable<Report['screenshot']>;
  followUpSecretSha256: string | null;
}

/**
 * `unchanged`: the words the endpoint already holds and no picture to keep (a retry), nothing stored.
 * `other-account`: a valid identity proof for another account than the report names, nothing stored.
 */
export type ReportUpdateResult = 'updated' | 'unchanged' | 'not-found' | 'other-account' | FollowUpRefusal;

export interface ReportPageQuery {
  offset: number;
  limit: number;
  /** Only urgent reports not yet resolved (the alerts view). */
  urgentOpenOnly?: boolean;
  /** Only this school's (schools/scope.ts readFilter); absent: every school's. */
  school?: string;
}

/** Who a report claims to come from, as the rate limits count it. */
export type ReportSender = { user: string } | { deviceKey: string };

/** One report's arrival, for flood alerts. */
export interface ReportArrival {
  key: string;
  receivedAt: number;
}

export interface ReportStore {
  /**
   * Idempotent by id: `created` is false and nothing changes when the id is already held.
   * The pupil's words become version 1. `receivedNote` goes in the trail's first entry
   * (e.g. a screenshot the rule refused).
   */
  create(report: IncomingReport, receipt: Receipt, receivedNote: string | null): Promise<{ created: boolean }>;
  /**
   * The pupil's reason and comment added afterwards, decided by server/src/reports/follow-up.ts in
   * the same transaction as it reads the report: new words are a new version (none is overwritten),
   * and a refusal changes nothing.
   */
  update(id: string, followUp: ReportFollowUp, receipt: Receipt): Promise<ReportUpdateResult>;
  /** The queue a page at a time, never cut short: open before resolved, urgent first, newest first; `total` counts them all. */
  list(page: ReportPageQuery): Promise<ReportPage>;
  has(id: string): Promise<boolean>;
  /** When the reports claiming this account or device (store/device-key.ts) arrived after `since`, oldest first. */
  receivedSince(sender: ReportSender, since: Date): Promise<Date[]>;
  /** Every report received since `since`, by token label or by claimed device, grouped by that key and in order of arrival. */
  arrivalsSince(by: 'token' | 'device', since: Date, school?: string): Promise<ReportArrival[]>;
  get(id: string): Promise<ReportDetail | null>;
  screenshot(id: string): Promise<Buffer | null>;
  setStatus(id: string, status: ReportStatus, actor: StaffActor, note: string | null, at: Date): Promise<boolean>;
  addNote(id: string, actor: StaffActor, note: string, at: Date): Promise<boolean>;
  trail(id: string): Promise<ReportTrailEntry[]>;
  /** Reports received in each window, counted by the database, in the order given. */
  receivedPerWindow(windows: readonly NamedWindow[], school?: string): Promise<{ name: string; reports: number }[]>;
  /** Reports not resolved, per status and urgency: only the combinations held. */
  openCounts(school?: string): Promise<{ status: ReportStatus; urgent: boolean; reports: number }[]>;
}

export interface StaffActor {
  username: string;
  role: DashboardRole;
}

export interface OverrideStore {
  /** Idempotent by id: a repeat returns the stored allowlist unchanged. `createdByVerified`: an identity proof showed `createdBy` made it (default: no). */
  /** The allowlist is the receipt's school's; `override` is null when the id is held by another school's (nothing changes). */
  create(request: OverrideRequest, receipt: Receipt, createdByVerified?: boolean): Promise<{ created: boolean; override: Override | null }>;
  /** Ends it early; ending an ended allowlist changes nothing. Null for an unknown id or another school's. */
  end(id: string, endedBy: { account: string; verified: boolean }, at: Date, school: string): Promise<Override | null>;
  /**
   * In force at `now` for this user of `school`: by year group, by class (that school's rosters) or by name.
   * A null user (nobody signed in) matches by year group only.
   */
  activeFor(user: string | null, yearGroup: YearGroup | null, now: Date, school: string): Promise<Override[]>;
  /** One teacher's allowlists in `school` not yet over at `now` (in force or still to start, not ended), soonest end first. */
  notOverCreatedBy(createdBy: string, now: Date, school: string): Promise<Override[]>;
  /** Latest start first, at most `limit`; `school`: only that school's, absent: every school's. */
  list(limit: number, school?: string): Promise<OverrideRow[]>;
}

/** A change made from a report: its trail names the entry, and the report may be resolved in the same step. */
export interface ReportLink {
  reportId: string;
  resolve: boolean;
}

/** What an add stores per site (the route has parsed and checked it): an entry's own fields, before it has an id. */
export type NewSchoolListEntry = Pick<SchoolListEntry, 'action' | 'target' | 'kind' | 'audience' | 'reason' | 'endsAt' | 'school'>;

/**
 * The schools whose school list entries a read takes (schools/scope.ts listSchools): a school's device or staff
 * take the whole trust's and their own; absent: every entry (a trust user, or an endpoint serving one school).
 */
export type ListSchools = readonly string[] | undefined;

export interface SchoolListQuery {
  /** `in-force` (newest first) or `ended` (latest ended first). */
  state: 'in-force' | 'ended';
  /** Entries whose site contains this text. */
  search?: string;
  action?: ListAction;
  schools?: ListSchools;
  offset: number;
  limit: number;
}

export type SchoolListAddResult = { added: SchoolListEntry[] } | { alreadyListed: SchoolListEntry[] };

export interface SchoolListStore {
  /**
   * Marks every entry whose end date has passed as expired (a trail row each,
   * at its end date, and a new version), in one transaction; returns how many.
   * Called before every read and change, so no view shows an entry as in force past its end.
   */
  expireDue(now: Date): Promise<number>;
  /** The version devices' ETags are made from: one row. */
  version(): Promise<string>;
  /** The version and every entry in force of `schools`, read together (one snapshot). */
  snapshot(schools?: ListSchools): Promise<{ version: string; entries: SchoolListEntry[] }>;
  /** The entries in force of `schools`: what one school's devices apply, for the limits every device can hold. */
  counts(schools?: ListSchools): Promise<ListCounts>;
  /**
   * Adds every entry or none: none when any site is already on its school's list for that action
   * (`alreadyListed` names those held). A link writes the report's trail (and resolves it) in the same transaction.
   */
  add(entries: readonly NewSchoolListEntry[], actor: StaffActor, at: Date, link: ReportLink | null): Promise<SchoolListAddResult>;
  /** Null for an unknown id or one no longer in force. */
  edit(id: string, change: { audience: ListAudience; endsAt: string | null; reason: string }, actor: StaffActor, at: Date, link: ReportLink | null): Promise<SchoolListEntry | null>;
  remove(id: string, reason: string, actor: StaffActor, at: Date, link: ReportLink | null): Promise<SchoolListEntry | null>;
  get(id: string): Promise<SchoolListEntryDetail | null>;
  list(query: SchoolListQuery): Promise<{ entries: SchoolListEntry[]; total: number }>;
  /** The trail of every change, newest first. */
  trail(page: { offset: number; limit: number; schools?: ListSchools }): Promise<{ changes: SchoolListChange[]; total: number }>;
  /** Entries in force of `schools` whose site covers `host` (its domain or a parent, or an address on it): for a report's page. */
  covering(host: string, schools?: ListSchools): Promise<SchoolListEntry[]>;
}

export interface RosterRowInput {
  className: string;
  pupil: string;
}

export interface ClassSize {
  name: string;
  pupils: number;
}

export interface RosterStore {
  /** Every class named in the upload is replaced whole in `school` (absent: the single school's); other classes stay as they were. */
  replaceClasses(rows: readonly RosterRowInput[], uploadedBy: string, at: Date, school?: string): Promise<{ classes: number; pupils: number }>;
  /** `school`: only that school's classes; absent: every school's. */
  list(school?: string): Promise<RosterClass[]>;
  /** Each of the school's classes' name and how many pupils it has, by name: for a teacher's picker, so no emails. */
  classSizes(school: string): Promise<ClassSize[]>;
}

export interface Session {
  username: string;
  role: DashboardRole;
  expiresAt: Date;
}

export interface SessionStore {
  /** Sessions are keyed by the sha256 of the cookie value, so a copy of the database signs nobody in. */
  create(idSha256: string, session: Session, at: Date): Promise<void>;
  find(idSha256: string, now: Date): Promise<Session | null>;
  delete(idSha256: string): Promise<void>;
}

export interface SignInFailure {
  /** A configured username, or one shared key for every unknown one (auth/sign-in-limits.ts). */
  account: string;
  address: string;
  at: Date;
}

export interface SignInStore {
  /**
   * Records one failed sign-in, and forgets every failure before `forgetBefore` (no limit looks back that far).
   * Returns its id, for `withdrawFailure`.
   */
  recordFailure(failure: SignInFailure, forgetBefore: Date): Promise<number>;
  /**
   * The check and the record as one step, atomic across requests and processes: the failures after `since`
   * (for that account, from that address) are read, `refuse` decides from them, and only if it refuses nothing
   * is this attempt recorded (and failures before `since` forgotten). Attempts sent all at once each see the
   * ones before them: read and record as two calls, forty guesses at once all read none.
   */
  recordUnlessRefused<R>(failure: SignInFailure, since: Date, refuse: (failures: { account: Date[]; address: Date[] }) => R | null): Promise<{ refused: R } | { id: number }>;
  /** Forgets one failure: an attempt is recorded before its password is checked, and withdrawn if it was right. */
  withdrawFailure(id: number): Promise<void>;
  /** When the failures after `since` happened, for that account and from that address, oldest first. */
  failuresSince(account: string, address: string, since: Date): Promise<{ account: Date[]; address: Date[] }>;
  /** Break glass (`npm run server -- unlock-sign-in`): forgets every failure; returns how many. */
  clear(): Promise<number>;
}

/** One piece of evidence from an arriving event (monitoring/evidence.ts), before it joins an alert. */
export interface NewEvidence {
  eventId: string;
  user: string;
  yearGroup: YearGroup | null;
  risk: RiskId;
  /** `repeat` is decided by the store, from the blocks it holds. */
  kind: Exclude<EvidenceKind, 'repeat'>;
  severity: Severity;
  /** The filter category of a block or warning (repeats are counted per category); null for words. */
  category: string | null;
  /** The recorded time (store/event-time.ts) and the device's claim when it was clamped. */
  time: string;
  claimedTime: string | null;
  host: string;
  quote: string | null;
  description: string;
}

/** An alert opened, or an open alert whose severity rose, by one batch: what the notifier is told. */
export interface AlertChange {
  alert: AlertSummary;
  change: 'opened' | 'raised';
}

export interface AlertQuery {
  offset: number;
  limit: number;
  /** Only this school's (schools/scope.ts readFilter); absent: every school's. */
  school?: string;
  status?: AlertStatus;
  risk?: RiskId;
  severity?: Severity;
}

export interface AlertStore {
  /**
   * Records the evidence of one batch in one transaction: each joins its pupil's open alert for
   * the risk (monitoring/incident.ts) or opens one; evidence already held for that event and risk
   * is ignored, so a batch posted twice adds nothing. Returns the alerts opened or raised. `school`: the batch's
   * (the sending token's); evidence joins only that school's alerts and opens alerts of that school. Absent: the
   * single school's (schools/scope.ts).
   */
  addEvidence(evidence: readonly NewEvidence[], receivedAt: Date, school?: string): Promise<AlertChange[]>;
  /** Open before resolved, most severe first, newest evidence first; `total` counts every match. */
  list(query: AlertQuery): Promise<AlertPage>;
  /** One alert with a page of its evidence (newest received first) and its whole trail. */
  get(id: string, evidencePage: { offset: number; limit: number }): Promise<AlertDetail | null>;
  setStatus(id: string, status: AlertStatus, actor: StaffActor, note: string | null, at: Date): Promise<boolean>;
  addNote(id: string, actor: StaffActor, note: string, at: Date): Promise<boolean>;
  /** Alerts opened (first evidence received) in each window, for the overview. */
  openedPerWindow(windows: readonly NamedWindow[], school?: string): Promise<{ name: string; alerts: number }[]>;
  /** Alerts not resolved, counted by severity (only severities with any). */
  openCounts(school?: string): Promise<{ severity: Severity; alerts: number }[]>;
}

/** A message in the outbox, claimed for an attempt. */
export interface OutboxMessage {
  id: string;
  kind: NewOutboxMessage['kind'];
  payload: OutboxPayload;
  /** Including the one being made now. */
  attempts: number;
}

export interface NotificationStore {
  /**
   * Records the notice and queues its messages in one transaction. False, and nothing queued, when this
   * notice (alert, change and severity) was already received.
   */
  recordNotice(notice: AlertNotice, receivedAt: Date, messages: readonly NewOutboxMessage[]): Promise<boolean>;
  /** Notices received in [from, to), counted by change, risk and severity. */
  noticeCounts(from: Date, to: Date): Promise<NoticeCount[]>;
  hasDigest(localDate: string): Promise<boolean>;
  /** Records the day's digest and queues its messages in one transaction; false, and nothing queued, when that date's digest is already recorded. */
  queueDigest(period: DigestPeriod, at: Date, messages: readonly NewOutboxMessage[]): Promise<boolean>;
  /**
   * Unsent messages due at `now`, oldest first, each with its next attempt moved to `leaseUntil` in the same
   * transaction, so no other pass (or process) takes it while it is being sent.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]>;
  markSent(id: string, at: Date): Promise<void>;
  markFailed(id: string, error: string, nextAttemptAt: Date): Promise<void>;
  /** When the soonest unsent message is next due; null when none is waiting. */
  nextAttemptAt(): Promise<Date | null>;
}

export interface PurgeCounts {
  events: number;
  reports: number;
  overrides: number;
  /** School list entries ended (removed or expired) longer ago than the period, with their trail. */
  schoolListEntries: number;
  devices: number;
  sessions: number;
  /** Safeguarding alerts whose newest evidence arrived longer ago than the period, with their evidence and trail. */
  alerts: number;
  /** Alert notices received, sent notifications and digest records older than the period (an unsent message is kept). */
  notifications: number;
}

export interface PrivacyStore {
  /** UK GDPR storage limitation: removes what is older than the cutoff (see retention/purge.ts for what "older" means). */
  purgeOlderThan(cutoff: Date, now: Date): Promise<PurgeCounts>;
  /**
   * Everything held about one person, for a subject access request. `school`: only the allowlists of that school
   * (an allowlist in the export carries no school of its own); the route keeps the rest to the reader's school.
   */
  subjectAccess(user: string, now: Date, school?: string): Promise<SubjectAccessExport>;
}

/** One request's share of a write limit: `weight` more counted under `key` in the fixed window starting `windowStart`. */
export interface WindowHit {
  key: string;
  windowStart: Date;
  weight: number;
}

export interface WriteWindowStore {
  /** Adds every hit to its key's window (a window that has moved on starts again from the hit) and returns each key's count after, in order. */
  count(hits: readonly WindowHit[]): Promise<number[]>;
  /** Forgets the windows that started before `before` (they are over, and they name accounts); returns how many. */
  forgetBefore(before: Date): Promise<number>;
}

export interface IssuedToken {
  /** sha256 hex of the token; the token itself is never stored. */
  digest: string;
  label: string;
  scope: TokenScope;
  /** The school of the label it replaced (a rotation never moves a token to another school). */
  school: string;
  issuedAt: Date;
  issuedBy: string;
}

/** When a token (issued, or from the config file, by digest) stops being accepted. */
export interface TokenRetirement {
  digest: string;
  label: string;
  retiresAt: Date;
  decidedAt: Date;
  decidedBy: string;
}

export interface TokenTrailEntry {
  at: Date;
  actor: string;
  label: string;
  action: 'rotated' | 'retired-now';
  detail: string;
}

export interface TokenStore {
  issued(): Promise<IssuedToken[]>;
  retirements(): Promise<TokenRetirement[]>;
  /** One transaction: `issue` stored (if any), each retirement written (replacing an earlier one for that digest), the trail entry added. */
  change(change: { issue: IssuedToken | null; retire: readonly TokenRetirement[]; trail: TokenTrailEntry }): Promise<void>;
  /** Newest first. */
  trail(limit: number): Promise<TokenTrailEntry[]>;
}

/** What became of a job asked to run alone: it ran (and gave `result`), or another run of it was under way and it did not. */
export type AloneRun<T> = { ran: true; result: T } | { ran: false };

/**
 * Jobs that must not run twice at once, whichever process (or store on the same database) starts them: the
 * daily retention purge, which every endpoint process schedules. PostgreSQL holds an advisory lock; SQLite a
 * lease row (each engine's job-store.ts says how each behaves when its holder dies).
 */
export interface JobStore {
  /** Runs `work` unless a run of the job named `name` is under way; never waits for that run. */
  runAlone<T>(name: string, work: () => Promise<T>): Promise<AloneRun<T>>;
}

/** A school's records as a whole (schools/scope.ts). */
export interface SchoolStore {
  /**
   * Every record of school `from` becomes `to`'s, in one transaction (`npm run server -- rename-school`): how many rows
   * of each table moved. Nothing moves when any row would clash with one `to` already holds (a class or a listed site).
   */
  rename(from: string, to: string): Promise<{ table: SchoolTable; rows: number }[]>;
}

export interface Store {
  events: EventStore;
  devices: DeviceStore;
  reports: ReportStore;
  alerts: AlertStore;
  overrides: OverrideStore;
  schoolLists: SchoolListStore;
  rosters: RosterStore;
  sessions: SessionStore;
  signIns: SignInStore;
  privacy: PrivacyStore;
  notifications: NotificationStore;
  writeWindows: WriteWindowStore;
  tokens: TokenStore;
  jobs: JobStore;
  schools: SchoolStore;
  close(): Promise<void>;
}
