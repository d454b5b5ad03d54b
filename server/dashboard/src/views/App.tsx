import { useEffect, useState } from 'preact/hooks';
import { getJson, LOGIN_PAGE, postJson } from '../api';
import { Loading, useLoad } from '../components/useLoad';
import { logSearchParams } from '../log-link';
import { ALERT_PAGE_HASH_PREFIX } from '../../../src/dashboard-api/alert-types';
import type { Me } from '../../../src/dashboard-api/types';
import { MeContext } from '../components/SchoolFilter';
import { AlertsView } from './AlertsView';
import { AllowlistsView } from './AllowlistsView';
import { ClassifiedSitesView } from './ClassifiedSitesView';
import { DevicesView } from './DevicesView';
import { LogsView } from './LogsView';
import { OverviewView } from './OverviewView';
import { ReportDetailView } from './ReportDetailView';
import { ReportsView } from './ReportsView';
import { RostersView } from './RostersView';
import { SafeguardingAlertView } from './SafeguardingAlertView';
import { SchoolListEntryView } from './SchoolListEntryView';
import { SchoolListsView } from './SchoolListsView';
import { SubjectAccessView } from './SubjectAccessView';
import { TokensView } from './TokensView';

const SECTIONS = [
  ['overview', 'Overview'],
  ['reports', 'Reports'],
  ['alerts', 'Alerts'],
  ['logs', 'Log search'],
  ['school-lists', 'School lists'],
  ['classified-sites', 'Classified sites'],
  ['allowlists', 'Allowlists'],
  ['devices', 'Devices'],
  ['rosters', 'Rosters'],
  ['subject-access', 'Subject access'],
  ['tokens', 'Tokens'],
] as const;

/** Sections only the IT Lead sees (the endpoint refuses the DSL there too). */
const IT_LEAD_ONLY = new Set<string>(['tokens']);

function useHash(): string {
  const [hash, setHash] = useState(window.location.hash.slice(1));
  useEffect(() => {
    const update = () => setHash(window.location.hash.slice(1));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return hash;
}

function View({ hash, me }: { hash: string; me: Me }) {
  // Keyed by id: moving from one report to another must not carry one report's prefilled forms to the next.
  if (hash.startsWith('report/')) return <ReportDetailView key={hash} id={decodeURIComponent(hash.slice('report/'.length))} me={me} />;
  if (hash.startsWith(ALERT_PAGE_HASH_PREFIX)) return <SafeguardingAlertView key={hash} id={decodeURIComponent(hash.slice(ALERT_PAGE_HASH_PREFIX.length))} me={me} />;
  if (hash.startsWith('school-list/')) return <SchoolListEntryView key={hash} id={decodeURIComponent(hash.slice('school-list/'.length))} me={me} />;
  // A section may carry a query (`logs?type=block&...`): a link from another view.
  const [section = '', query = ''] = hash.split('?', 2);
  switch (section) {
    case 'alerts':
      return <AlertsView />;
    case 'logs':
      return <LogsView key={hash} initial={logSearchParams(query)} />;
    case 'school-lists':
      return <SchoolListsView me={me} />;
    case 'classified-sites':
      return <ClassifiedSitesView me={me} />;
    case 'allowlists':
      return <AllowlistsView />;
    case 'devices':
      return <DevicesView />;
    case 'rosters':
      return <RostersView me={me} />;
    case 'subject-access':
      return <SubjectAccessView />;
    case 'tokens':
      return me.role === 'it-lead' ? <TokensView /> : <p>Only the IT Lead manages tokens.</p>;
    case 'reports':
      return <ReportsView me={me} />;
    default:
      // The first view after sign-in: what needs someone now.
      return <OverviewView />;
  }
}

export function App() {
  const { data: me, error } = useLoad(() => getJson<Me>('/me'));
  const hash = useHash();
  if (!me) return <Loading error={error} />;
  const current = hash.startsWith('report/')
    ? 'reports'
    : hash.startsWith('school-list/')
      ? 'school-lists'
      : hash.startsWith(ALERT_PAGE_HASH_PREFIX)
        ? 'alerts'
        : hash.split('?')[0] || 'overview';
  return (
    <>
      <header>
        {/* The page's one level-one heading (axe: page-has-heading-one); each view's title is a level two under it. */}
        <h1 class="brand">School Filter</h1>
        <nav aria-label="Sections">
          {SECTIONS.filter(([id]) => me.role === 'it-lead' || !IT_LEAD_ONLY.has(id)).map(([id, label]) => (
            <a href={`#${id}`} aria-current={current === id ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <span data-testid="signed-in-as">
          {me.username} ({me.role === 'dsl' ? 'DSL' : 'IT Lead'}
          {me.schools ? `, ${me.schools.scope === 'trust' ? 'the trust' : me.schools.list[0]!.name}` : ''})
        </span>
        <button class="secondary" type="button" onClick={() => postJson('/logout', {}).finally(() => window.location.assign(LOGIN_PAGE))}>
          Sign out
        </button>
      </header>
      <main class="wide">
        <MeContext.Provider value={me}>
          <View hash={hash} me={me} />
        </MeContext.Provider>
      </main>
    </>
  );
}
