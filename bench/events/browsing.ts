/**
 * What a secondary pupil's browsing looks like, as page addresses: lesson
 * sites with real-looking paths, searches on Google, Bing, DuckDuckGo and
 * YouTube (each a `navigation` and a `search` event), sites blocked for Year 9
 * by the default policy (games, gambling, chat, streaming, adult: `block`
 * events) and sites it warns about (AI, social: `warn` events). Every host is
 * answered by the loopback fixture server. Deterministic for a given seed.
 */
/** Lesson pages and the titles their real pages carry (what a `full` navigation event sends). */
const LESSON_PAGES: readonly { url: string; title: string }[] = [
  { url: 'https://www.bbc.co.uk/bitesize/subjects/zng4d2p', title: 'Geography - BBC Bitesize' },
  { url: 'https://www.bbc.co.uk/bitesize/guides/z9bw6yc/revision/1', title: 'Volcanoes - Revision 1 - KS3 Geography - BBC Bitesize' },
  { url: 'https://en.wikipedia.org/wiki/Photosynthesis', title: 'Photosynthesis - Wikipedia' },
  { url: 'https://en.wikipedia.org/wiki/Treaty_of_Versailles', title: 'Treaty of Versailles - Wikipedia' },
  { url: 'https://classroom.google.com/c/NjU0MzIxMDk4NzY1/a/NzY1NDMyMTA5ODc2/details', title: 'Assignment: Volcano fact file - 9X Geography' },
  { url: 'https://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcd/edit', title: 'Volcano fact file - Google Docs' },
  { url: 'https://www.senecalearning.com/en-GB/app/course/biology-gcse', title: 'GCSE Biology: AQA - Seneca Learning' },
  { url: 'https://www.mathsisfun.com/algebra/quadratic-equation.html', title: 'Quadratic Equations' },
  { url: 'https://www.khanacademy.org/math/algebra/x2f8bb11595b61c86:quadratic-functions-equations', title: 'Quadratic functions & equations | Algebra 1 | Math | Khan Academy' },
  { url: 'https://quizlet.com/gb/734512093/french-verbs-present-tense-flash-cards/', title: 'French verbs present tense Flashcards | Quizlet' },
  { url: 'https://www.youtube.com/watch?v=UPBMG5EYydo', title: 'How do volcanoes erupt? - YouTube' },
  { url: 'https://www.britannica.com/science/volcano', title: 'Volcano | Definition, Types, & Facts | Britannica' },
  { url: 'https://www.gov.uk/national-curriculum', title: 'The national curriculum: Overview - GOV.UK' },
  { url: 'https://www.thenational.academy/pupils/programmes/science-secondary-ks3/units', title: 'KS3 Science units - Oak National Academy' },
  { url: 'https://scratch.mit.edu/projects/editor/', title: 'Scratch - Imagine, Program, Share' },
];
const QUERIES = ['volcano eruption facts', 'photosynthesis equation gcse', 'romeo and juliet act 3 summary', 'how to solve quadratic equations', 'causes of ww1', 'french verbs present tense', 'periodic table groups', 'what is a haiku'];
/** Each engine's results page and the title it shows. */
const SEARCH_TITLES: readonly { host: RegExp; param: string; suffix: string }[] = [
  { host: /google\./, param: 'q', suffix: ' - Google Search' },
  { host: /bing\./, param: 'q', suffix: ' - Search' },
  { host: /duckduckgo\./, param: 'q', suffix: ' at DuckDuckGo' },
  { host: /youtube\./, param: 'search_query', suffix: ' - YouTube' },
];
const SEARCH_URLS = [
  (q: string) => `https://www.google.com/search?q=${encodeURIComponent(q).replace(/%20/g, '+')}`,
  (q: string) => `https://www.bing.com/search?q=${encodeURIComponent(q)}`,
  (q: string) => `https://duckduckgo.com/?q=${encodeURIComponent(q)}`,
  (q: string) => `https://www.youtube.com/results?search_query=${encodeURIComponent(q).replace(/%20/g, '+')}`,
];
/** Blocked for Y9 by the default policy (KS3: games, gambling, chat, streaming, adult). */
const BLOCKED = ['https://www.roblox.com/games/920587237', 'https://www.bet365.com/', 'https://discord.com/channels/@me', 'https://www.netflix.com/browse', 'https://www.pornhub.com/'];
/** Warned for Y9 (KS3: ai, social). */
const WARNED = ['https://chatgpt.com/', 'https://www.instagram.com/explore/', 'https://www.tiktok.com/foryou'];

export function browsingMix(count: number, seed: number): string[] {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.68) urls.push(pick(LESSON_PAGES).url);
    else if (roll < 0.88) urls.push(pick(SEARCH_URLS)(pick(QUERIES)));
    else if (roll < 0.96) urls.push(pick(BLOCKED));
    else urls.push(pick(WARNED));
  }
  return urls;
}

/** The title the real page at this address shows, for the fixture server to serve; undefined for others. */
export function realisticTitle(address: string): string | undefined {
  const lesson = LESSON_PAGES.find((page) => page.url === address);
  if (lesson) return lesson.title;
  const url = new URL(address);
  const engine = SEARCH_TITLES.find((candidate) => candidate.host.test(url.hostname) && url.searchParams.has(candidate.param));
  return engine ? `${url.searchParams.get(engine.param)}${engine.suffix}` : undefined;
}
