/**
 * What in an arriving event is evidence of a risk: a search term or page title a
 * phrase list matches, or a block or warning in a high-risk category. Pure: the
 * matcher is passed in, and the store decides grouping and repeats.
 */
import type { FilterEvent } from '../../../src/events/model';
import { recordedTime } from '../store/event-time';
import type { NewEvidence } from '../store/store';
import { categoryRisk } from './category-risks';
import { higherSeverity, isQuotable, type RiskHit, type RiskMatcher, type RiskText } from './risks';

export interface EvidenceRules {
  /**
   * Staff's own browsing raises no alert unless the school asks (config `alertOnStaff`): monitoring is
   * for pupils' safety, a teacher reading about self-harm is usually preparing a lesson, and staff conduct
   * is a matter for the head and HR, not the DSL's queue. Staff events stay in the log either way.
   */
  includeStaff: boolean;
}

/** The page title the extension sends on navigation events at logging detail `full` (optional: older versions send none). */
function titleOf(event: FilterEvent): string | null {
  const title = (event as { title?: unknown }).title;
  return event.type === 'navigation' && typeof title === 'string' && title.trim() !== '' ? title : null;
}

function textOf(event: FilterEvent): RiskText | null {
  if (event.type === 'search' && event.query.trim() !== '') return { source: 'search', text: event.query };
  const title = titleOf(event);
  return title === null ? null : { source: 'title', text: title };
}

/** One hit per risk: the most severe entry that matched (the evidence table holds one row per event and risk). */
function strongestPerRisk(hits: readonly RiskHit[]): RiskHit[] {
  const byRisk = new Map<string, RiskHit>();
  for (const hit of hits) {
    const held = byRisk.get(hit.risk);
    if (!held || higherSeverity(held.severity, hit.severity) !== held.severity) byRisk.set(hit.risk, hit);
  }
  return [...byRisk.values()];
}

/**
 * A classified stop (issue 20: no list named the site; the on-device model scored it as looking like the
 * category) is evidence as a listed one is, at the same severity: the classifier acts only on adult,
 * gambling, proxy and AI, of which adult and gambling are risks here, both already at the lowest severity,
 * and it blocks only above a threshold set for 99% precision or more on sites it never saw. What differs is
 * what the DSL is told: that a model, not a list, judged the site, and how sure it was.
 */
function stopDescription(event: Extract<FilterEvent, { type: 'block' | 'warn' }>): string {
  const stopped = event.type === 'block' ? 'Blocked' : 'Warned';
  const category = event.category.replaceAll('-', ' ');
  return event.classifier
    ? `${stopped}: a site no list names, which the on-device classifier judged to look like ${category} (score ${event.classifier.score.toFixed(2)})`
    : `${stopped}: a site the filter lists as ${category}`;
}

export function evidenceFrom(event: FilterEvent, receivedAt: Date, matcher: RiskMatcher, rules: EvidenceRules): NewEvidence[] {
  if (event.role === 'staff' && !rules.includeStaff) return [];
  const base = { eventId: event.id, user: event.user, yearGroup: event.yearGroup, ...recordedTime(event.time, receivedAt) };

  if (event.type === 'block' || event.type === 'warn') {
    const mapped = categoryRisk(event.category);
    if (!mapped) return [];
    const blocked = event.type === 'block';
    return [
      {
        ...base,
        risk: mapped.risk,
        kind: event.type,
        severity: blocked ? mapped.block : mapped.warn,
        category: event.category,
        // Already empty for an illegal-feed block: the route strips what carriesAddress forbids before storing.
        host: event.host,
        quote: null,
        description: stopDescription(event),
      },
    ];
  }

  const text = textOf(event);
  if (!text) return [];
  const hits = strongestPerRisk(matcher.match(text));
  // One text can match a quotable risk and one that is never quoted ("... " plus explicit words): then no
  // evidence from it quotes the text, or the self-harm row would copy what the pornography row must not.
  const quotable = hits.every((hit) => isQuotable(hit.risk));
  return hits.map((hit) => ({
    ...base,
    risk: hit.risk,
    kind: text.source,
    severity: hit.severity,
    category: null,
    host: 'host' in event ? event.host : '',
    // The pupil's words only where the risk may be quoted; otherwise the list entry's description says what it was.
    quote: quotable ? text.text : null,
    description: hit.description,
  }));
}
