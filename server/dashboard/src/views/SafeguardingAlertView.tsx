import { useState } from 'preact/hooks';
import { ApiError, getJson, postJson } from '../api';
import { ALERT_STATUS_WORDS, EVIDENCE_KIND_WORDS, riskWords, SEVERITY_WORDS, WITHHELD_PUPIL } from '../alert-words';
import { IdentityMark } from '../components/IdentityMark';
import { Pager } from '../components/Pager';
import { Loading, useLoad } from '../components/useLoad';
import { count, when } from '../format';
import { EVIDENCE_PAGE_DEFAULT, SAFEGUARDING_ALERTS_PATH, type SafeguardingAlertReply } from '../../../src/dashboard-api/alert-types';
import type { Me } from '../../../src/dashboard-api/types';
import type { AlertEvidence, AlertStatus, AlertTrailEntry } from '../../../src/store/alert-rows';

const EVIDENCE_COLUMNS = ['Received', 'When', 'What', 'Severity', 'Site', 'Words or description', 'Account'];

/** Each row's words: the pupil's own, quoted, where the risk allows; else what kind of thing it was. */
function EvidenceTable({ rows }: { rows: AlertEvidence[] }) {
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label="Evidence (scrolls sideways)">
      <table data-testid="alert-evidence">
        <thead>
          <tr>
            {EVIDENCE_COLUMNS.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.eventId} data-testid="alert-evidence-row">
              <td class="nowrap">{when(row.receivedAt)}</td>
              <td class="nowrap">
                {when(row.time)}
                {row.claimedTime && <div class="problem">device clock ahead: claimed {row.claimedTime}</div>}
              </td>
              <td>{EVIDENCE_KIND_WORDS[row.kind]}</td>
              <td>{SEVERITY_WORDS[row.severity]}</td>
              <td class="url">{row.host || '—'}</td>
              <td>
                {row.quote !== null && <q data-testid="alert-evidence-quote">{row.quote}</q>} {row.description}
              </td>
              <td>
                <IdentityMark verification={row.verification} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function trailWords(entry: AlertTrailEntry): string {
  if (entry.action === 'opened') return `opened it (severity ${entry.severity ? SEVERITY_WORDS[entry.severity] : '—'})`;
  if (entry.action === 'raised') return `raised its severity to ${entry.severity ? SEVERITY_WORDS[entry.severity] : '—'} as evidence arrived`;
  if (entry.action === 'status') return `set status to ${entry.status ? ALERT_STATUS_WORDS[entry.status] : '—'}`;
  return 'added a note';
}

const TRIAGE: { status: AlertStatus; label: string }[] = [
  { status: 'in-review', label: 'In review' },
  { status: 'escalated', label: 'Escalate' },
  { status: 'resolved', label: 'Resolve' },
];

/** One safeguarding alert: who and what (where the reader may see it), the evidence, triage, notes and the trail. */
export function SafeguardingAlertView({ id, me }: { id: string; me: Me }) {
  const [evidenceOffset, setEvidenceOffset] = useState(0);
  const path = `${SAFEGUARDING_ALERTS_PATH}/${encodeURIComponent(id)}`;
  const { data: alert, error, reload } = useLoad(
    () => getJson<SafeguardingAlertReply>(path, { evidenceOffset: String(evidenceOffset), evidenceLimit: String(EVIDENCE_PAGE_DEFAULT) }),
    [id, evidenceOffset],
  );
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!alert) return <Loading error={error} />;

  const save = async (action: string, body: unknown, saved: string) => {
    setProblem(null);
    setDone(null);
    try {
      await postJson(`${path}/${action}`, body);
      setNote('');
      setDone(saved);
      reload();
    } catch (reason) {
      setProblem(reason instanceof ApiError ? (reason.issues[0]?.message ?? reason.message) : String(reason));
    }
  };
  const setStatus = (status: AlertStatus) => {
    if (status === 'resolved' && !note.trim()) {
      setProblem('Say why in the note before resolving.');
      document.getElementById('alert-note')?.focus();
      return;
    }
    void save('status', { status, note: note.trim() || null }, `Status set to ${ALERT_STATUS_WORDS[status]}.`);
  };
  const statusLocked = alert.status === 'escalated' && me.role !== 'dsl';

  return (
    <section aria-labelledby="alert-title" data-testid="safeguarding-alert">
      <p>
        <a href="#alerts">← All alerts</a>
      </p>
      <h2 id="alert-title">
        {riskWords(alert.risk)}: <span class={`severity severity-${alert.severity}`}>{SEVERITY_WORDS[alert.severity]}</span>
      </h2>
      <dl>
        <dt>Pupil</dt>
        <dd data-testid="alert-pupil">{alert.withheld ? WITHHELD_PUPIL : alert.user}</dd>
        <dt>Year group</dt>
        <dd>{alert.yearGroup ?? '—'}</dd>
        <dt>Status</dt>
        <dd data-testid="alert-status">{ALERT_STATUS_WORDS[alert.status]}</dd>
        <dt>First evidence received</dt>
        <dd>{when(alert.openedAt)}</dd>
        <dt>Newest evidence received</dt>
        <dd>{when(alert.lastEvidenceAt)}</dd>
        <dt>Evidence</dt>
        <dd>{count(alert.evidenceCount)}</dd>
      </dl>

      {alert.withheld || alert.evidence === null || alert.trail === null ? (
        <p data-testid="alert-withheld">
          Only a DSL can see this alert's pupil, evidence and notes, and act on it. It is listed here so that no alert waits unseen: tell your DSL if it has
          not moved.
        </p>
      ) : (
        <>
          <h3>Evidence</h3>
          <p>
            Newest received first. Words are quoted only where the risk allows; otherwise the row says what kind of thing it was, and log search holds the
            event.
          </p>
          <Pager
            page={{ total: alert.evidenceCount, offset: alert.evidenceOffset, limit: alert.evidenceLimit, shown: alert.evidence.length }}
            onOffset={setEvidenceOffset}
            testId="evidence-pager"
            label="Pages of evidence"
          />
          <EvidenceTable rows={alert.evidence} />

          <h3>Triage</h3>
          <form
            data-testid="alert-triage"
            onSubmit={(event) => {
              event.preventDefault();
              if (note.trim()) void save('notes', { note }, 'Note added.');
              else setProblem('Write the note first.');
            }}
          >
            <label for="alert-note">Note (needed to resolve)</label>
            <textarea id="alert-note" name="note" value={note} maxLength={2000} onInput={(e) => setNote(e.currentTarget.value)} />
            <div class="inline-form">
              <button type="submit">Add note</button>
              {statusLocked ? (
                <span>Escalated: only a DSL can change its status.</span>
              ) : (
                TRIAGE.filter((option) => option.status !== alert.status).map((option) => (
                  <button type="button" class="secondary" data-testid={`alert-set-${option.status}`} onClick={() => setStatus(option.status)}>
                    {option.label}
                  </button>
                ))
              )}
            </div>
          </form>
          {problem && (
            <p role="alert" class="problem" data-testid="alert-problem">
              {problem}
            </p>
          )}
          {done && (
            <p role="status" data-testid="alert-done">
              {done}
            </p>
          )}

          <h3>Trail</h3>
          <ol data-testid="alert-trail">
            {alert.trail.map((entry) => (
              <li>
                {when(entry.at)}: <strong>{entry.actor === 'endpoint' ? 'The endpoint' : entry.actor}</strong> {trailWords(entry)}
                {entry.note && <q>{entry.note}</q>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
