/**
 * The UT1 blacklists (Université Toulouse 1 Capitole, CC BY-SA 4.0), mapped
 * to our categories. UT1 names its categories in French and English and cuts
 * them differently from us, so each mapping says why; anything not mapped is
 * listed too, so a report can say what was ignored and a school can map it in
 * its sources file.
 */
import type { CategoryId } from '../../shared/categories';

export const UT1_CATEGORY_MAP: Readonly<Record<string, CategoryId>> = {
  adult: 'adult', // pornography
  gambling: 'gambling', // online casinos, betting
  arjel: 'gambling', // French-licensed betting sites (ARJEL, now ANJ): still gambling
  drogue: 'drugs', // drugs: sale, use, growing
  agressif: 'hate', // racist, antisemitic and hateful sites; UT1 has no separate hate list
  dangerous_material: 'violence', // making bombs, weapons, poisons
  malware: 'malware', // distribution sites
  phishing: 'malware', // credential theft: the same harm to a pupil as malware
  cryptojacking: 'malware', // in-browser miners
  stalkerware: 'malware', // covert monitoring apps, a safeguarding risk in itself
  warez: 'piracy', // cracked software and media
  vpn: 'proxy', // VPN providers: a way round the filter
  redirector: 'proxy', // web proxies and anonymisers
  'residential-proxies': 'proxy', // proxy networks sold to evade blocking
  // Encrypted DNS resolvers bypass the school's network DNS filter; the
  // extension does not need them blocked, the network around it does.
  doh: 'proxy',
  social_networks: 'social',
  ai: 'ai',
  games: 'games', // online games; educational_games is deliberately not here
  chat: 'chat',
  dating: 'dating',
  'audio-video': 'streaming', // video and music streaming
};

/** UT1 categories we know and leave out by default, each with the reason. */
export const UT1_UNMAPPED: Readonly<Record<string, string>> = {
  lingerie: 'lingerie shops are not pornography; a school may map it to adult',
  mixed_adult: 'general sites with some adult content (forums, image hosts): blocking them whole over-blocks',
  sexual_education: 'sex and relationships education must stay reachable',
  child: 'sites made for children',
  educational_games: 'learning games must stay reachable',
  liste_blanche: 'a UT1 allow list, not a block list',
  liste_bu: 'a university library allow list',
  exceptions_liste_bu: 'exceptions to the library allow list',
  strict_redirector: 'redirector plus URL shorteners and caches: over-blocks',
  strong_redirector: 'redirector plus translation and search caches: over-blocks',
  shortener: 'URL shorteners: mostly harmless links',
  translation: 'translation services are used in lessons',
  'remote-control': 'remote desktop tools are used by IT support',
  hacking: 'security learning and hacking news overlap too much to block as malware',
  ddos: 'booter services; a school may map it to malware',
  'dynamic-dns': 'dynamic DNS providers host ordinary sites too',
  associations_religieuses: 'religious organisations: not a filtering category here',
  sect: 'cults: too subjective to block by default',
  astrology: 'not a safeguarding category',
  bank: 'not a safeguarding category',
  bitcoin: 'not a safeguarding category',
  blog: 'not a safeguarding category',
  celebrity: 'not a safeguarding category',
  cleaning: 'not a safeguarding category',
  cooking: 'not a safeguarding category',
  dialer: 'premium-rate dialers: irrelevant on Chromebooks',
  download: 'not a safeguarding category',
  examen_pix: 'French PIX exam sites',
  fakenews: 'too subjective to block by default',
  filehosting: 'file hosts are used for schoolwork',
  financial: 'not a safeguarding category',
  forums: 'not a safeguarding category',
  jobsearch: 'not a safeguarding category',
  manga: 'not a safeguarding category',
  marketingware: 'not a safeguarding category',
  'mobile-phone': 'not a safeguarding category',
  press: 'news must stay reachable',
  publicite: 'advertising: not a safeguarding category',
  radio: 'not a safeguarding category',
  reaffected: 'domains that changed hands: not a category',
  shopping: 'not a safeguarding category',
  special: 'UT1 internal list',
  sports: 'not a safeguarding category',
  tricheur: 'French cheating sites; a school may map it',
  tricheur_pix: 'French PIX cheating sites',
  update: 'software updates must keep working',
  webhosting: 'not a safeguarding category',
  webmail: 'not a safeguarding category',
};

export interface Ut1Options {
  /** Adds to or overrides the default mapping; `null` leaves a UT1 category out. */
  map?: Readonly<Record<string, CategoryId | null>>;
  /** Only feed these of our categories. */
  only?: readonly CategoryId[];
}

export interface Ut1Feed {
  path: string;
  ut1Category: string;
  category: CategoryId;
  format: 'domains' | 'urls';
}

export interface Ut1Plan {
  /** Sorted by path. */
  feeds: Ut1Feed[];
  /** UT1 categories present in the tree that feed nothing, sorted. */
  ignored: string[];
  /** Keys of `map` that name no category in the tree: probably a typo. */
  unusedMapKeys: string[];
}

// blacklists/<cat>/domains as published, or <cat>.domains when flattened.
const NESTED = /(?:^|\/)([^/]+)\/(domains|urls)$/;
const FLAT = /(?:^|\/)([^/]+)\.(domains|urls)$/;

/** Which UT1 category and format a file of a UT1 tree holds, if it is one of its lists. */
export function ut1ListOf(path: string): { ut1Category: string; format: 'domains' | 'urls' } | undefined {
  const match = NESTED.exec(path) ?? FLAT.exec(path);
  return match ? { ut1Category: match[1]!, format: match[2] as 'domains' | 'urls' } : undefined;
}

/** Which files of a UT1 tree feed which of our categories, and in what format. */
export function planUt1(paths: readonly string[], options: Ut1Options = {}): Ut1Plan {
  const map: Record<string, CategoryId | null> = { ...UT1_CATEGORY_MAP, ...options.map };
  const only = options.only ? new Set(options.only) : undefined;
  const feeds: Ut1Feed[] = [];
  const present = new Set<string>();
  for (const path of [...paths].sort()) {
    const list = ut1ListOf(path);
    if (!list) continue;
    const { ut1Category } = list;
    present.add(ut1Category);
    // Own keys only: a folder named `constructor` must not find Object.prototype's.
    const category = Object.hasOwn(map, ut1Category) ? map[ut1Category] : undefined;
    if (!category || (only && !only.has(category))) continue;
    feeds.push({ path, ut1Category, category, format: list.format });
  }
  const fed = new Set(feeds.map((feed) => feed.ut1Category));
  return {
    feeds,
    ignored: [...present].filter((name) => !fed.has(name)).sort(),
    unusedMapKeys: Object.keys(options.map ?? {}).filter((name) => !present.has(name)).sort(),
  };
}
