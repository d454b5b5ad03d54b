import { useState } from 'preact/hooks';
import { defaultLessonPreset } from '../../../overrides/lesson-duration';
import { parsePupilList, pupilListProblem } from '../../../overrides/lesson-pupils';
import { lessonFormIssues } from '../../../overrides/lesson-request';
import { audienceSummary } from '../../../overrides/lesson-summary';
import { clockTime } from '../../../overrides/lesson-time';
import type { Override } from '../../../overrides/model';
import type { LessonPanelView, RefusalIssue } from '../../../overrides/panel';
import { askWorker } from '../../shared/worker-client';
import { AudienceFields, type AudienceInput } from './AudienceFields';
import { DomainRows } from './DomainRows';
import { DurationChoice } from './DurationChoice';
import { fieldIssues } from './issue-fields';
import { type Outcome, OutcomeMessage } from './OutcomeMessage';
import { ReasonField } from './ReasonField';

type Available = Extract<LessonPanelView, { available: true }>;

const NO_AUDIENCE: AudienceInput = { yearGroups: [], classes: [], pupilsText: '' };

/**
 * "Allow for this lesson": sites, who, how long, why. Everything the page can
 * check it checks on submit and shows beside each field at once; the worker
 * checks again (and the locked lists, which only it reads) before sending.
 */
export function LessonForm({ view, now, onCreated }: { view: Available; now: Date; onCreated: (override: Override) => void }) {
  const [domains, setDomains] = useState<string[]>([view.suggestedDomain ?? '']);
  const [audience, setAudience] = useState<AudienceInput>(NO_AUDIENCE);
  const [minutes, setMinutes] = useState(() => defaultLessonPreset(view.presetMinutes));
  const [reason, setReason] = useState('');
  const [issues, setIssues] = useState<RefusalIssue[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (ok: boolean, headline: string, details: string[]) => setOutcome((previous) => ({ ok, headline, details, serial: (previous?.serial ?? 0) + 1 }));

  async function submit(): Promise<void> {
    const pupils = parsePupilList(audience.pupilsText);
    const pupilProblem = pupilListProblem(pupils);
    const chosen = { yearGroups: audience.yearGroups, classes: audience.classes, pupils: pupils.pupils };
    const local = lessonFormIssues({ domains, audience: chosen, reason })
      // Unreadable addresses are the problem to fix, not "choose who".
      .filter((issue) => !(pupilProblem && issue.path === 'audience'));
    if (pupilProblem) local.push({ path: 'audience.pupils', message: pupilProblem });
    setIssues(local);
    if (local.length > 0) {
      show(false, 'Please check the form: nothing was opened.', local.map((issue) => issue.message));
      return;
    }
    setBusy(true);
    try {
      const reply = await askWorker({ type: 'lesson/create', domains, audience: chosen, minutes, reason });
      if (reply.ok) {
        const { override } = reply;
        setIssues([]);
        setReason('');
        show(true, `Open until ${clockTime(new Date(override.endsAt))} for ${audienceSummary(override.audience)}: ${override.domains.join(', ')}.`, [
          "Pupils' devices pick it up within a minute or as soon as they meet the block page.",
        ]);
        onCreated(override);
      } else {
        setIssues(reply.issues);
        show(false, reply.error, reply.issues.map((issue) => issue.message));
      }
    } catch (error) {
      show(false, `The extension could not be asked to open it (${String(error)}). Nothing was opened.`, []);
    }
    setBusy(false);
  }

  const byField = fieldIssues(issues);
  return (
    <form
      class="lesson-form"
      noValidate
      data-testid="lesson-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy) void submit();
      }}
    >
      <DomainRows rows={domains} onChange={setDomains} errorsFor={byField.domainRow} generalErrors={byField.domains} />
      <AudienceFields
        yearGroups={view.yearGroups}
        classes={view.classes}
        classesError={view.classesError}
        value={audience}
        onChange={setAudience}
        errors={byField.audience}
        pupilErrors={byField.pupils}
      />
      <DurationChoice presets={view.presetMinutes} maxMinutes={view.maxMinutes} minutes={minutes} now={now} onChange={setMinutes} errors={byField.duration} />
      <ReasonField value={reason} onChange={setReason} errors={byField.reason} />
      <button type="submit" data-testid="lesson-submit" aria-disabled={busy ? 'true' : undefined}>
        {busy ? 'Opening…' : 'Allow for this lesson'}
      </button>
      <OutcomeMessage outcome={outcome} testId="lesson-outcome" />
    </form>
  );
}
