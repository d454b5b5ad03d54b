/**
 * The email about one alert (pure). It carries what gets the right person to the dashboard quickly and
 * nothing a mailbox should hold: no pupil's name or account, no search term, page title or site, no
 * evidence text. The dashboard, behind a sign-in, shows those to whoever may see them.
 *
 * The subject names the severity only, not the risk: a phone's lock screen, a shared screen or a
 * notification pop-up in front of a class shows the subject to whoever is near, and "Suicide" or "Child
 * sexual exploitation" there tells them something about a pupil in the school, and is alarming to read in
 * passing. The severity is what the DSL needs to decide to open it now. The same previews show the first
 * lines of the body, so the body opens with neutral words and the link; the risk comes further down.
 */
import type { AlertNotice } from '../monitoring/alert-notice';
import { RISK_NAMES } from '../monitoring/risks';
import { alertLink } from './links';
import type { EmailMessage } from './outbox-messages';
import { describeTime } from './school-time';
import { escapeHtml, htmlRows, plural, severityWord, textRows, yearGroupWords } from './words';

export function alertSubject(notice: Pick<AlertNotice, 'severity' | 'change'>): string {
  return notice.change === 'raised' ? `Safeguarding alert raised to ${notice.severity} severity` : `Safeguarding alert: ${notice.severity} severity`;
}

export function alertEmail(notice: AlertNotice, to: string[], publicUrl: string, timeZone: string): EmailMessage {
  const link = alertLink(publicUrl, notice.alertId);
  const opening = notice.change === 'raised' ? 'A safeguarding alert has been raised in severity and needs your attention.' : 'A new safeguarding alert needs your attention.';
  const rows = [
    ['Severity', notice.change === 'raised' ? `${severityWord(notice.severity)} (raised)` : severityWord(notice.severity)],
    ['Risk', RISK_NAMES[notice.risk]],
    ['Year group', yearGroupWords(notice.yearGroup)],
    ['First evidence', `${describeTime(new Date(notice.openedAt), timeZone)} (${timeZone})`],
    ['Latest evidence', `${describeTime(new Date(notice.lastEvidenceAt), timeZone)} (${timeZone})`],
    ['Evidence', plural(notice.evidenceCount, 'piece', 'pieces')],
  ] as const;
  const why = 'This email names no pupil and quotes nothing they searched for or saw: sign in to the dashboard to see the pupil and the evidence.';
  const text = [opening, '', 'Open it on the dashboard (sign-in needed):', link, '', textRows(rows), '', why, ''].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(opening)}</p>`,
    `<p><a href="${escapeHtml(link)}">Open the alert on the dashboard</a> (sign-in needed)</p>`,
    htmlRows(rows),
    `<p>${escapeHtml(why)}</p>`,
    '</body></html>',
  ].join('\n');
  return { channel: 'email', to, subject: alertSubject(notice), text, html };
}
