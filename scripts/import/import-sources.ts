/**
 * Reads every source named in one or more sources files and returns cleaned
 * per-category domain and URL lists, with every problem and note. Sources
 * files are read in order, so a school's local file adds to the repository's.
 */
import { CATEGORY_IDS, type CategoryId } from '../../src/shared/categories';
import { cleanCategory, pruneDomains } from '../../src/filter/import/clean';
import { parseList } from '../../src/filter/import/parse-list';
import { type EntryScreen, makeScreen, type NeverBlockKind } from '../../src/filter/import/screen';
import { addParsed, emptyStats } from '../../src/filter/import/stats';
import type { ImportResult, ListFormat, NeverBlockRemoval, ParsedList, Problem, UrlEntry } from '../../src/filter/import/types';
import { planUt1 } from '../../src/filter/import/ut1';
import { loadCriticalEndpoints } from './critical-endpoints-file';
import { openSource, type SourceMember } from './read-source';
import { loadSourcesFile, type ListSource, type NeverBlockSource, type SourcesFile, type Ut1Source } from './sources';

interface Collected {
  raw: Record<CategoryId, { domains: string[]; urls: UrlEntry[] }>;
  neverBlock: string[];
  /** Every never-block domain as listed, with its kind (screen.ts). */
  neverBlockKinds: Map<string, NeverBlockKind>;
  problems: Problem[];
  refused: ImportResult['refused'];
  notes: string[];
  stats: ImportResult['stats'];
}

const NOTE_EXAMPLES = 5;

export interface ImportOptions {
  /** The critical-endpoint fixture; rules/critical-endpoints.json by default. */
  criticalEndpoints?: string;
}

/** Paths of sources files, or sources already loaded (the default list set, made from the lock). */
export async function importSources(sourceFiles: readonly (string | SourcesFile)[], options: ImportOptions = {}): Promise<ImportResult> {
  const collected: Collected = {
    raw: perCategory(() => ({ domains: [], urls: [] })),
    neverBlock: [],
    neverBlockKinds: new Map(),
    problems: [],
    refused: [],
    notes: [],
    stats: perCategory(emptyStats),
  };
  const files = [];
  for (const path of sourceFiles) files.push(typeof path === 'string' ? await loadSourcesFile(path) : path);
  // Never-block first, from every file: whether a path-level entry is refused
  // depends on it, wherever the never-block list was named.
  for (const file of files) {
    for (const [index, source] of file.neverBlock.entries()) {
      await readNeverBlock(source, file.dir, `${file.name}: neverBlock[${index}]`, collected);
    }
  }
  const screen = makeScreen({ critical: await loadCriticalEndpoints(options.criticalEndpoints), neverBlock: collected.neverBlockKinds });
  for (const file of files) {
    for (const [index, source] of file.sources.entries()) {
      const label = `${file.name}: sources[${index}]`;
      if (source.format === 'ut1') await readUt1(source, file.dir, label, collected, screen);
      else await readList(source, file.dir, label, collected, screen);
    }
  }
  return clean(collected);
}

async function readList(source: ListSource, dir: string, label: string, collected: Collected, screen: EntryScreen): Promise<void> {
  const members = await open(source, dir, label, collected);
  for (const member of members ?? []) add(collected, source.category, await parseMember(member, source.format, screenFor(source.category, screen)));
}

/**
 * The licensed illegal feed is never screened: nothing outranks it, and its
 * addresses must never be printed or carried (README, "Block and warn pages").
 */
function screenFor(category: CategoryId, screen: EntryScreen): EntryScreen | undefined {
  return category === 'illegal' ? undefined : screen;
}

async function readUt1(source: Ut1Source, dir: string, label: string, collected: Collected, screen: EntryScreen): Promise<void> {
  const members = await open(source, dir, label, collected);
  if (!members) return;
  const plan = planUt1(members.map((member) => member.path), { map: source.map ?? {}, only: source.only });
  if (plan.feeds.length === 0 && plan.ignored.length === 0) {
    // Probably the wrong directory: nothing in it looks like UT1.
    const message = `${label}: no UT1 lists (<category>/domains, <category>.urls, ...) in ${source.from}`;
    if (!source.optional) throw new Error(message);
    collected.notes.push(message);
    return;
  }
  const byPath = new Map(members.map((member) => [member.path, member]));
  for (const feed of plan.feeds) add(collected, feed.category, await parseMember(byPath.get(feed.path)!, feed.format, screenFor(feed.category, screen)));
  if (plan.ignored.length > 0) collected.notes.push(`${label}: ignored ${plan.ignored.length} UT1 categories: ${plan.ignored.join(', ')}`);
  if (plan.unusedMapKeys.length > 0) collected.notes.push(`${label}: map names UT1 categories not in ${source.from}: ${plan.unusedMapKeys.join(', ')}`);
}

async function readNeverBlock(source: NeverBlockSource, dir: string, label: string, collected: Collected): Promise<void> {
  for (const member of (await open(source, dir, label, collected)) ?? []) {
    const parsed = await parseMember(member, source.format);
    const kind: NeverBlockKind = source.userContent ? 'user-content' : 'site';
    for (const domain of parsed.domains) {
      collected.neverBlock.push(domain);
      // Listed both ways: user content wins, which keeps the narrower allowance (single documents may still be blocked).
      if (collected.neverBlockKinds.get(domain) !== 'user-content') collected.neverBlockKinds.set(domain, kind);
    }
    collected.problems.push(...parsed.problems);
    if (parsed.urls.length > 0) collected.notes.push(`${member.name}: ${parsed.urls.length} address entries ignored: never-block takes whole domains`);
  }
}

/** The source's members, or undefined (with a note) when an optional source is missing. */
async function open(source: { from: string; optional?: boolean | undefined }, dir: string, label: string, collected: Collected): Promise<SourceMember[] | undefined> {
  const shape = 'format' in source && source.format === 'ut1' ? 'tree' : 'list';
  const opened = await openSource(source.from, dir, shape);
  if (opened.found) return opened.members;
  if (!source.optional) throw new Error(`${label}: source ${source.from} is missing (${opened.reason})`);
  collected.notes.push(`${label}: optional source ${source.from} skipped (${opened.reason})`);
  return undefined;
}

async function parseMember(member: SourceMember, format: ListFormat, screen?: EntryScreen): Promise<ParsedList> {
  return parseList(await member.read(), format, member.name, screen);
}

function add(collected: Collected, category: CategoryId, parsed: ParsedList): void {
  const raw = collected.raw[category];
  // push(...list) would overflow the stack on a million-line list.
  for (const domain of parsed.domains) raw.domains.push(domain);
  for (const url of parsed.urls) raw.urls.push(url);
  for (const problem of parsed.problems) collected.problems.push(problem);
  for (const refused of parsed.refused) collected.refused.push({ ...refused, category });
  addParsed(collected.stats[category], parsed);
}

function clean(collected: Collected): ImportResult {
  const neverBlock = pruneDomains(collected.neverBlock).domains;
  const neverBlockSet = new Set(neverBlock);
  const neverBlockRemovals: NeverBlockRemoval[] = [];
  const notes = [...collected.notes];
  const categories = perCategory((category) => {
    const cleaned = cleanCategory(category, collected.raw[category], neverBlockSet);
    Object.assign(collected.stats[category], cleaned.counts);
    neverBlockRemovals.push(...cleaned.removals);
    for (const shadow of cleaned.shadowing) {
      notes.push(`${category}: ${shadow.domain} covers never-block ${shadow.neverBlock}; kept, and the runtime allow rule keeps ${shadow.neverBlock} reachable`);
    }
    const kept = cleaned.keptDespiteNeverBlock;
    if (kept.length > 0) {
      const examples = kept.slice(0, NOTE_EXAMPLES).map((entry) => `${entry.domain} (under ${entry.neverBlock})`).join(', ');
      notes.push(`${category}: ${kept.length} entries under never-block domains kept (illegal-feed entries, and single documents on never-block hosts of users' documents, which outrank never-block where the category blocks): ${examples}${kept.length > NOTE_EXAMPLES ? ', ...' : ''}`);
    }
    return cleaned.list;
  });
  return { categories, neverBlock, problems: collected.problems, refused: collected.refused, neverBlockRemovals, notes, stats: collected.stats };
}

function perCategory<T>(make: (category: CategoryId) => T): Record<CategoryId, T> {
  return Object.fromEntries(CATEGORY_IDS.map((category) => [category, make(category)])) as Record<CategoryId, T>;
}
