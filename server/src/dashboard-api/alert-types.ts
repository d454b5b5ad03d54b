/** The dashboard's safeguarding alerts API: paths, page sizes and replies (no zod, for the browser bundle). */
import type { AlertDetail, AlertPage } from '../store/alert-rows';
import { DASHBOARD_API } from './types';

export const SAFEGUARDING_ALERTS_API = `${DASHBOARD_API}/safeguarding-alerts`;
/** The path under DASHBOARD_API, for the dashboard's own calls. */
export const SAFEGUARDING_ALERTS_PATH = '/safeguarding-alerts';

/** The dashboard page of one alert is `/dashboard/#safeguarding-alert/<id>`: the list links to it, and an email or webhook can too. */
export const ALERT_PAGE_HASH_PREFIX = 'safeguarding-alert/';

export function alertPageHash(alertId: string): string {
  return `#${ALERT_PAGE_HASH_PREFIX}${encodeURIComponent(alertId)}`;
}

/** Alerts a page: 50 unless asked, at most 200; each page says the total, so nothing is cut short unseen. */
export const ALERTS_PAGE_DEFAULT = 50;
export const ALERTS_PAGE_MAX = 200;
/** An alert's evidence a page: 100 unless asked, at most 500 (the alert's evidence count is the total). */
export const EVIDENCE_PAGE_DEFAULT = 100;
export const EVIDENCE_PAGE_MAX = 500;

/** Open before resolved, most severe first, newest evidence first; an IT Lead's copy withholds DSL-only alerts' pupils. */
export type SafeguardingAlertsReply = AlertPage;
/** Evidence and trail are null when withheld from the reader. */
export type SafeguardingAlertReply = AlertDetail;
