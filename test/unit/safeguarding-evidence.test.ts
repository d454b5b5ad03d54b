/**
 * The pure rules behind safeguarding alerts: what in an event is evidence (and
 * what of the pupil's words may be quoted), when blocks are repeated attempts,
 * when evidence joins an open alert, and what an IT Lead may see.
 */
import { describe, expect, it } from 'vitest';
import type { FilterEvent } from '../../src/events/model';
import { CATEGORY_IDS } from '../../src/shared/categories';
import { CATEGORY_RISKS, categoryRisk } from '../../server/src/monitoring/category-risks';
import { evidenceFrom } from '../../server/src/monitoring/evidence';
import { blocksInBurst, joinsAlert, raisedOneStep } from '../../server/src/monitoring/incident';
import { RISK_IDS, severityRank, type RiskHit, type RiskMatcher, type RiskText } from '../../server/src/monitoring/risks';
import { changeRefusal, detailFor, summaryFor } from '../../server/src/monitoring/visibility';
import type { AlertDetail } from '../../server/src/store/alert-rows';

const RECEIVED = new Date('2026-03-02T10:00:00.000Z');
const MINUTE = 60_000;

const envelope = {
  id: '6f1c0a52-2a37-4d43-9a57-0d5b8c3b9e01',
  time: '2026-03-02T09:58:00.000Z',
  user: 'pupil@school.example',
  device: { directoryId: 'dir', serialNumber: 'SN', assetId: 'A' },
  yearGroup: 'Y9' as const,
  role: 'pupil' as const,
  extensionVersion: '1.0.0',
};

function search(query: string, role: 'pupil' | 'staff' = 'pupil'): FilterEvent {
  return { ...envelope, role, type: 'search', engine: 'google', query, host: 'www.google.com' };
}

function hit(risk: RiskHit['risk'], severity: RiskHit['severity'], description: string): RiskHit {
  return { risk, severity, entryId: `${risk}/en/test`, description, language: 'en' };
}

/** A stand-in for the phrase lists: answers from a table of exact texts, and records what it was asked. */
class TableMatcher implements RiskMatcher {
  readonly asked: RiskText[] = [];
  constructor(private readonly table: Record<string, RiskHit[]>) {}
  match(text: RiskText): RiskHit[] {
    this.asked.push(text);
    return this.table[text.text] ?? [];
  }
}

const rules = { includeStaff: false };

describe('evidence from an event', () => {
  it('quotes a search term for a quotable risk, with the entry’s description', () => {
    const matcher = new TableMatcher({ 'how to hurt myself': [hit('self-harm', 'high', 'asking how to self-harm')] });
    expect(evidenceFrom(search('how to hurt myself'), RECEIVED, matcher, rules)).toEqual([
      {
        eventId: envelope.id,
        user: envelope.user,
        yearGroup: 'Y9',
        risk: 'self-harm',
        kind: 'search',
        severity: 'high',
        category: null,
        time: envelope.time,
        claimedTime: null,
        host: 'www.google.com',
        quote: 'how to hurt myself',
        description: 'asking how to self-harm',
      },
    ]);
    expect(matcher.asked).toEqual([{ source: 'search', text: 'how to hurt myself' }]);
  });

  it('never quotes words for a risk described, not quoted, nor words that also matched one', () => {
    const matcher = new TableMatcher({
      'explicit words': [hit('pornography', 'low', 'searching for pornography')],
      'mixed words': [hit('self-harm', 'medium', 'self-harm words'), hit('cse', 'critical', 'signs of grooming')],
    });
    const [described] = evidenceFrom(search('explicit words'), RECEIVED, matcher, rules);
    expect(described).toMatchObject({ risk: 'pornography', quote: null, description: 'searching for pornography' });
    const mixed = evidenceFrom(search('mixed words'), RECEIVED, matcher, rules);
    expect(mixed.map((row) => [row.risk, row.quote])).toEqual([
      ['self-harm', null],
      ['cse', null],
    ]);
    expect(JSON.stringify([described, mixed])).not.toMatch(/explicit words|mixed words/);
  });

  it('keeps one row per risk, the most severe entry', () => {
    const matcher = new TableMatcher({ 'end it all pills': [hit('suicide', 'high', 'talk of ending life'), hit('suicide', 'critical', 'asking about an overdose')] });
    const rows = evidenceFrom(search('end it all pills'), RECEIVED, matcher, rules);
    expect(rows.map((row) => [row.risk, row.severity, row.description])).toEqual([['suicide', 'critical', 'asking about an overdose']]);
  });

  it('reads a navigation event’s page title when it carries one, and asks nothing of an empty search', () => {
    const matcher = new TableMatcher({ 'A worrying title': [hit('violence', 'medium', 'threats of violence')] });
    const navigation = { ...envelope, type: 'navigation', host: 'news.example', title: 'A worrying title' } as FilterEvent;
    expect(evidenceFrom(navigation, RECEIVED, matcher, rules)).toMatchObject([{ kind: 'title', host: 'news.example', quote: 'A worrying title', risk: 'violence' }]);
    const untitled = { ...envelope, type: 'navigation', host: 'news.example' } as FilterEvent;
    expect(evidenceFrom(untitled, RECEIVED, matcher, rules)).toEqual([]);
    expect(evidenceFrom(search('   '), RECEIVED, matcher, rules)).toEqual([]);
    expect(matcher.asked).toEqual([{ source: 'title', text: 'A worrying title' }]);
  });

  it('makes blocks and warnings in high-risk categories evidence, and nothing else', () => {
    const matcher = new TableMatcher({});
    const block = { ...envelope, type: 'block', category: 'self-harm', host: 'x.example' } as FilterEvent;
    const warn = { ...envelope, type: 'warn', category: 'self-harm', host: 'x.example' } as FilterEvent;
    const games = { ...envelope, type: 'block', category: 'games', host: 'x.example' } as FilterEvent;
    expect(evidenceFrom(block, RECEIVED, matcher, rules)).toMatchObject([{ kind: 'block', risk: 'self-harm', severity: 'high', category: 'self-harm', quote: null }]);
    expect(evidenceFrom(warn, RECEIVED, matcher, rules)).toMatchObject([{ kind: 'warn', risk: 'self-harm', severity: 'medium' }]);
    expect(evidenceFrom(games, RECEIVED, matcher, rules)).toEqual([]);
  });

  it('clamps a time claimed far ahead to the receive time, keeping the claim', () => {
    const ahead = { ...envelope, time: '2099-01-01T00:00:00.000Z', type: 'block', category: 'drugs', host: 'x.example' } as FilterEvent;
    expect(evidenceFrom(ahead, RECEIVED, new TableMatcher({}), rules)).toMatchObject([{ time: RECEIVED.toISOString(), claimedTime: '2099-01-01T00:00:00.000Z' }]);
  });

  it('ignores staff unless the school asks', () => {
    const matcher = new TableMatcher({ 'self-harm signs in teenagers': [hit('self-harm', 'medium', 'self-harm words')] });
    expect(evidenceFrom(search('self-harm signs in teenagers', 'staff'), RECEIVED, matcher, rules)).toEqual([]);
    expect(evidenceFrom(search('self-harm signs in teenagers', 'staff'), RECEIVED, matcher, { includeStaff: true })).toHaveLength(1);
  });
});

describe('the category map', () => {
  it('names only real categories and real risks, warnings never above blocks', () => {
    for (const [category, mapped] of Object.entries(CATEGORY_RISKS)) {
      expect(CATEGORY_IDS).toContain(category);
      expect(RISK_IDS).toContain(mapped.risk);
      expect(severityRank(mapped.warn)).toBeLessThanOrEqual(severityRank(mapped.block));
    }
    expect(categoryRisk('hate')?.risk).toBe('discrimination');
    expect(categoryRisk('adult')?.risk).toBe('pornography');
    expect(categoryRisk('school')).toBeNull();
    expect(categoryRisk('toString')).toBeNull();
  });
});

describe('repeated attempts', () => {
  const at = Date.parse('2026-03-02T10:00:00.000Z');
  it('counts the blocks in the busiest ten minutes that include this one', () => {
    expect(blocksInBurst(at, [at - 4 * MINUTE, at - 8 * MINUTE])).toBe(3);
    expect(blocksInBurst(at, [at - 10 * MINUTE, at + 10 * MINUTE])).toBe(2);
    expect(blocksInBurst(at, [at - 25 * MINUTE, at - 50 * MINUTE])).toBe(1);
    expect(blocksInBurst(at, [at + 3 * MINUTE, at + 6 * MINUTE, at - 20 * MINUTE])).toBe(3);
    expect(blocksInBurst(at, [])).toBe(1);
  });

  it('raises one step, critical staying critical', () => {
    expect(['low', 'medium', 'high', 'critical'].map((s) => raisedOneStep(s as 'low'))).toEqual(['medium', 'high', 'critical', 'critical']);
  });
});

describe('joining an alert', () => {
  it('joins an open alert whose newest evidence is within a day, never a resolved one', () => {
    const received = new Date('2026-03-03T10:00:00.000Z');
    expect(joinsAlert({ status: 'in-review', lastEvidenceAt: '2026-03-02T10:00:00.000Z' }, received)).toBe(true);
    expect(joinsAlert({ status: 'new', lastEvidenceAt: '2026-03-02T09:59:59.999Z' }, received)).toBe(false);
    expect(joinsAlert({ status: 'resolved', lastEvidenceAt: '2026-03-03T09:59:00.000Z' }, received)).toBe(false);
  });
});

describe('who sees what', () => {
  const alert: AlertDetail = {
    id: 'a',
    user: 'pupil@school.example',
    school: 'school',
    yearGroup: 'Y9',
    risk: 'suicide',
    severity: 'critical',
    status: 'new',
    openedAt: RECEIVED.toISOString(),
    lastEvidenceAt: RECEIVED.toISOString(),
    evidenceCount: 1,
    withheld: false,
    evidence: [],
    evidenceOffset: 0,
    evidenceLimit: 100,
    trail: [],
  };

  it('withholds a DSL-only alert’s pupil, evidence and trail from an IT Lead, never from a DSL', () => {
    expect(detailFor('dsl', alert)).toBe(alert);
    expect(detailFor('it-lead', alert)).toEqual({ ...alert, user: null, withheld: true, evidence: null, trail: null });
    expect(summaryFor('it-lead', { ...alert, risk: 'gambling' })).toMatchObject({ user: alert.user, withheld: false });
  });

  it('lets only a DSL act on a DSL-only alert, and only a DSL change an escalated one', () => {
    expect(changeRefusal('it-lead', { risk: 'cse', status: 'new' }, 'note')).toBe('only a DSL may act on an alert of this risk');
    expect(changeRefusal('it-lead', { risk: 'drugs', status: 'escalated' }, 'status')).toBe('only a DSL may change an escalated alert');
    expect(changeRefusal('it-lead', { risk: 'drugs', status: 'escalated' }, 'note')).toBeNull();
    expect(changeRefusal('dsl', { risk: 'cse', status: 'escalated' }, 'status')).toBeNull();
  });
});
