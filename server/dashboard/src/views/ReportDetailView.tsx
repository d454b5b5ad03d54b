import { useState } from 'preact/hooks';
import { ApiError, apiUrl, getJson, postJson } from '../api';
import { IdentityMark } from '../components/IdentityMark';
import { SafeLink } from '../components/SafeLink';
import { Loading, useLoad } from '../components/useLoad';
import { categoryWords, when, words } from '../format';
import { ReportListActions } from '../components/ReportListActions';
import type { Me, ReportReply } from '../../../src/dashboard-api/types';
import { REPORT_STATUSES, type ReportStatus, type ReportVersion } from '../../../src/store/rows';

const SOURCE: Record<ReportVersion['source'], string> = {
  report: 'with the report',
  'follow-up': 'added afterwards',
  'held-before-versions': 'held when the endpoint began keeping versions (earlier words were not kept)',
};

/** Every version of the pupil's words, oldest first: shown whenever they changed, so nobody reads only the last. */
function WordsVersions({ versions }: { versions: ReportVersion[] }) {
  return (
    <>
      <h3>Every version of the pupil's words</h3>
      <p>A report's words are evidence: the endpoint keeps each version as it arrived, oldest first. The newest is shown above.</p>
      <ol data-testid="report-versions">
        {versions.map((version) => (
          <li data-testid="report-version" data-version={version.version}>
            <strong>Version {version.version}</strong>, received {when(version.at)} {SOURCE[version.source]}
            {' ('}
            {version.tokenLabel ? `through ${version.tokenLabel}, from ${version.clientIp}; ` : ''}account: <IdentityMark verification={version.verification} />
            ): reason {words(version.reason)};{' '}
            {version.comment === null ? 'no words' : <q data-testid="report-version-comment">{version.comment}</q>}
          </li>
        ))}
      </ol>
    </>
  );
}

export function ReportDetailView({ id, me }: { id: string; me: Me }) {
  const { data: report, error, reload } = useLoad(() => getJson<ReportReply>(`/reports/${encodeURIComponent(id)}`), [id]);
  const [status, setStatus] = useState<ReportStatus | ''>('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  if (!report) return <Loading error={error} />;
  const wordsChanged = report.versions.length > 1 || report.versions.some((version) => version.source === 'held-before-versions');
  const lockedToDsl = report.status === 'escalated-to-dsl' && me.role !== 'dsl';

  const save = async (path: string, body: unknown) => {
    setProblem(null);
    try {
      await postJson(path, body);
      setNote('');
      setStatus('');
      reload();
    } catch (reason) {
      setProblem(reason instanceof ApiError ? reason.message : String(reason));
    }
  };

  return (
    <section aria-labelledby="report-title" data-testid="report-detail">
      <p>
        <a href="#reports">← All reports</a>
      </p>
      <h2 id="report-title" data-testid="report-title">
        {report.title || '(no title)'}
      </h2>
      {report.urgent && <p class="badge-urgent">Urgent: a DSL should see this first.</p>}
      <dl>
        <dt>Address</dt>
        <dd data-testid="report-url">
          <SafeLink url={report.url} />
        </dd>
        <dt>Reason</dt>
        <dd>{words(report.reason)}</dd>
        <dt>Pupil's words</dt>
        <dd data-testid="report-comment">{report.comment ?? '—'}</dd>
        {wordsChanged && (
          <dd class="badge-urgent" data-testid="report-words-changed">
            {report.versions.length > 1 ? `Changed after sending: ${report.versions.length} versions, all kept below.` : 'Earlier words may have been replaced before versions were kept: see below.'}
          </dd>
        )}
        <dt>Category</dt>
        <dd data-testid="report-category">{categoryWords(report.category)}</dd>
        <dt>Who and where</dt>
        <dd>
          {report.user} ({report.role}
          {report.yearGroup ? `, ${report.yearGroup}` : ''}) on device {report.device.serialNumber || report.device.directoryId || 'unknown'}, from {report.clientIp}
        </dd>
        <dt>Account</dt>
        <dd data-testid="report-identity">
          <IdentityMark verification={report.verification} />
        </dd>
        <dt>Reported</dt>
        <dd>
          {when(report.time)} (received {when(report.receivedAt)})
        </dd>
        <dt>Status</dt>
        <dd data-testid="detail-status">{words(report.status)}</dd>
      </dl>
      {report.hasScreenshot && (
        <figure>
          <img class="screenshot" src={apiUrl(`/reports/${encodeURIComponent(report.id)}/screenshot`)} alt="Screenshot sent with the report" data-testid="screenshot" />
        </figure>
      )}

      {wordsChanged && <WordsVersions versions={report.versions} />}

      <h3>Action</h3>
      {lockedToDsl ? (
        <p>Escalated to the DSL: only a DSL can change its status. You can still add a note.</p>
      ) : (
        <form
          data-testid="status-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (status) void save(`/reports/${encodeURIComponent(report.id)}/status`, { status, note: note.trim() || null });
          }}
        >
          <label>
            New status
            <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value as ReportStatus)} required>
              <option value="">Choose…</option>
              {REPORT_STATUSES.map((option) => (
                <option value={option}>{words(option)}</option>
              ))}
            </select>
          </label>
          <label>
            Note (optional)
            <textarea name="note" value={note} maxLength={2000} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <button type="submit">Change status</button>
        </form>
      )}
      {lockedToDsl && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (note.trim()) void save(`/reports/${encodeURIComponent(report.id)}/notes`, { note });
          }}
        >
          <label>
            Note
            <textarea name="note" value={note} maxLength={2000} onInput={(e) => setNote(e.currentTarget.value)} required />
          </label>
          <button type="submit">Add note</button>
        </form>
      )}
      {problem && <p role="alert" class="problem">{problem}</p>}

      <h3>Act on this site</h3>
      <ReportListActions report={report} me={me} onChanged={reload} />

      <h3>Trail</h3>
      <ol data-testid="trail">
        {report.trail.map((entry) => (
          <li>
            {when(entry.at)}: <strong>{entry.actor}</strong> {entry.action === 'status' ? `set status to ${words(entry.status)}` : entry.action === 'school-list' ? 'changed the school lists' : words(entry.action)}
            {entry.note && <q>{entry.note}</q>}
            {entry.schoolListEntryId && (
              <>
                {' '}
                (<a href={`#school-list/${encodeURIComponent(entry.schoolListEntryId)}`} data-testid="trail-school-list-entry">the entry</a>)
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
