/**
 * The daily digest (pure): counts, never names. Alerts opened and raised in the period by severity and by
 * risk (from the notices this endpoint received), reports received, urgent reports still open, devices
 * gone silent, and the dashboard link. It is sent every day, a quiet one included: a DSL who gets nothing
 * cannot tell a quiet day from a broken mail route.
 *
 * The IT Lead's copy folds the DSL-only risks (self-harm, suicide, CSE) into one line: the IT Lead knows
 * such alerts exist and how severe they are, as on the dashboard, never which of those risks they are.
 */
import { DSL_ONLY_RISKS, isDslOnly, RISK_IDS, RISK_NAMES, SEVERITIES, type RiskId, type Severity } from '../monitoring/risks';
import { dashboardLink } from './links';
import type { DigestPeriod } from './digest-schedule';
import type { EmailMessage } from './outbox-messages';
import { describeDate, describeTime } from './school-time';
import { escapeHtml } from './words';

export interface NoticeCount {
  change: 'opened' | 'raised';
  risk: RiskId;
  severity: Severity;
  count: number;
}

export interface DigestFigures {
  notices: readonly NoticeCount[];
  reportsReceived: number;
  urgentReportsOpen: number;
  silentDevices: number;
  devices: number;
  heartbeatStaleMinutes: number;
}

export type DigestAudience = 'dsl' | 'it-lead';

const RESTRICTED = `Seen by the DSL only (${DSL_ONLY_RISKS.map((risk) => RISK_NAMES[risk].toLowerCase()).join(', ')})`;

interface Section {
  heading: string;
  lines: string[];
}

function alertSection(heading: string, counts: readonly NoticeCount[], audience: DigestAudience): Section {
  const total = counts.reduce((sum, count) => sum + count.count, 0);
  const bySeverity = [...SEVERITIES].reverse().map((severity) => `${severity} ${counts.filter((count) => count.severity === severity).reduce((sum, count) => sum + count.count, 0)}`);
  const byRisk = new Map<string, number>();
  for (const risk of RISK_IDS) {
    const n = counts.filter((count) => count.risk === risk).reduce((sum, count) => sum + count.count, 0);
    if (n === 0) continue;
    const name = audience === 'it-lead' && isDslOnly(risk) ? RESTRICTED : RISK_NAMES[risk];
    byRisk.set(name, (byRisk.get(name) ?? 0) + n);
  }
  return { heading: `${heading}: ${total} (${bySeverity.join(', ')})`, lines: [...byRisk].map(([name, n]) => `${name}: ${n}`) };
}

export function digestSubject(period: DigestPeriod, timeZone: string): string {
  return `Safeguarding daily summary: ${describeDate(period.end, timeZone)}`;
}

export function digestEmail(period: DigestPeriod, figures: DigestFigures, audience: DigestAudience, to: string[], publicUrl: string, timeZone: string): EmailMessage {
  const sections: Section[] = [
    alertSection('Alerts opened', figures.notices.filter((count) => count.change === 'opened'), audience),
    alertSection('Alerts raised in severity', figures.notices.filter((count) => count.change === 'raised'), audience),
    { heading: `Reports from pupils received: ${figures.reportsReceived}`, lines: [] },
    { heading: `Urgent reports not yet resolved: ${figures.urgentReportsOpen}`, lines: [] },
    { heading: `Devices gone silent (no heartbeat for ${figures.heartbeatStaleMinutes} minutes): ${figures.silentDevices} of ${figures.devices}`, lines: [] },
  ];
  const intro = `Safeguarding summary from ${describeTime(period.start, timeZone)} to ${describeTime(period.end, timeZone)} (${timeZone}).`;
  const links = [
    ['Alerts', dashboardLink(publicUrl, 'alerts')],
    ['Reports', dashboardLink(publicUrl, 'reports')],
    ['Devices', dashboardLink(publicUrl, 'devices')],
  ] as const;
  const note = 'Counts only: this email names no pupil. Sign in to the dashboard for the alerts themselves.';
  const text = [
    intro,
    '',
    ...sections.flatMap((section) => [section.heading, ...section.lines.map((line) => `  ${line}`)]),
    '',
    ...links.map(([label, url]) => `${label}: ${url}`),
    '',
    note,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(intro)}</p>`,
    '<ul>',
    ...sections.map((section) => `<li>${escapeHtml(section.heading)}${section.lines.length ? `<ul>${section.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>` : ''}</li>`),
    '</ul>',
    `<p>${links.map(([label, url]) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`).join(' · ')}</p>`,
    `<p>${escapeHtml(note)}</p>`,
    '</body></html>',
  ].join('\n');
  return { channel: 'email', to, subject: digestSubject(period, timeZone), text, html };
}

