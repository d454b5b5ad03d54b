/** The overview's charts in sentences: what a glance at each picture tells, for everyone who reads instead. */
import type { OverviewReply } from '../../src/dashboard-api/types';
import { categoryWords, count, dayWords } from './format';

function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export function perDaySummary(overview: OverviewReply): string {
  const days = overview.perDay;
  const total = (key: 'blocks' | 'warnings' | 'reports' | 'alerts') => days.reduce((sum, day) => sum + day[key], 0);
  const busiest = days.reduce((most, day) => (day.blocks > most.blocks ? day : most), days[0]!);
  const range = `From ${dayWords(days[0]!.day)} to ${dayWords(days.at(-1)!.day)}`;
  const totals = `${plural(total('blocks'), 'block', 'blocks')}, ${plural(total('warnings'), 'warning', 'warnings')} and ${plural(total('reports'), 'report', 'reports')} received; ${plural(total('alerts'), 'safeguarding alert', 'safeguarding alerts')} opened.`;
  return busiest.blocks > 0 ? `${range}: ${totals} Most blocks in a day: ${count(busiest.blocks)}, on ${dayWords(busiest.day)}.` : `${range}: ${totals}`;
}

export function categorySummary(overview: OverviewReply): string {
  const rows = overview.blockedCategories;
  const blocks = rows.reduce((sum, row) => sum + row.blocks, 0);
  return `${plural(blocks, 'block', 'blocks')} in ${plural(rows.length, 'category', 'categories')}; most in ${categoryWords(rows[0]!.category)} (${count(rows[0]!.blocks)}).`;
}

/** A site as the overview names it: the host, or that none was recorded (never a made-up one). */
export function siteWords(host: string | null): string {
  return host ?? 'no address recorded (illegal-feed blocks never record one)';
}

export function siteSummary(overview: OverviewReply): string {
  const { sites, named, withoutAddress } = overview.blockedSites;
  const rows = named + (withoutAddress > 0 ? 1 : 0);
  const unrecorded = withoutAddress > 0 ? `, and ${plural(withoutAddress, 'block', 'blocks')} with no address recorded` : '';
  const shown = sites.length < rows ? ` The ${count(sites.length)} with most are listed.` : '';
  return `Blocks on ${plural(named, 'site', 'sites')}${unrecorded}; most on ${siteWords(sites[0]!.host)} (${count(sites[0]!.blocks)}).${shown}`;
}
