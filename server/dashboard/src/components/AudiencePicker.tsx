import { KEY_STAGES, YEAR_GROUPS } from '../../../../src/policy/year-groups';
import { type ListAudience, type ListScope } from '../../../../src/school-lists/audience';

const SCOPES: [ListScope, string][] = [
  ['everyone', 'Everyone (staff too)'],
  ['pupils', 'All pupils'],
  ['key-stages', 'Key stages'],
  ['year-groups', 'Year groups'],
];

/** A picked audience may be incomplete while the IT Lead picks (no key stage ticked yet): the endpoint refuses that, and says so. */
export function audienceOf(scope: ListScope, keyStages: string[], yearGroups: string[]): ListAudience {
  if (scope === 'key-stages') return { scope, keyStages: KEY_STAGES.filter((stage) => keyStages.includes(stage)) };
  if (scope === 'year-groups') return { scope, yearGroups: YEAR_GROUPS.filter((year) => yearGroups.includes(year)) };
  return { scope };
}

/** Who an entry is for: everyone, all pupils, or some key stages or year groups. */
export function AudiencePicker({ audience, onChange, name }: { audience: ListAudience; onChange: (audience: ListAudience) => void; name: string }) {
  const keyStages: string[] = audience.scope === 'key-stages' ? audience.keyStages : [];
  const yearGroups: string[] = audience.scope === 'year-groups' ? audience.yearGroups : [];
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  return (
    <fieldset class="audience" data-testid={`${name}-audience`}>
      <legend>Who for</legend>
      {SCOPES.map(([scope, label]) => (
        <label class="inline">
          <input type="radio" name={`${name}-scope`} value={scope} checked={audience.scope === scope} onChange={() => onChange(audienceOf(scope, keyStages, yearGroups))} />{' '}
          {label}
        </label>
      ))}
      {audience.scope === 'key-stages' && (
        <div role="group" aria-label="Key stages">
          {KEY_STAGES.map((stage) => (
            <label class="inline">
              <input type="checkbox" name={`${name}-key-stage`} value={stage} checked={keyStages.includes(stage)} onChange={() => onChange(audienceOf('key-stages', toggle(keyStages, stage), []))} />{' '}
              {stage}
            </label>
          ))}
        </div>
      )}
      {audience.scope === 'year-groups' && (
        <div role="group" aria-label="Year groups">
          {YEAR_GROUPS.map((year) => (
            <label class="inline">
              <input type="checkbox" name={`${name}-year-group`} value={year} checked={yearGroups.includes(year)} onChange={() => onChange(audienceOf('year-groups', [], toggle(yearGroups, year)))} />{' '}
              {year}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
