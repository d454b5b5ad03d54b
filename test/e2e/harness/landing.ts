/**
 * Where a navigation ended up: the site itself, our block page or our warn
 * page (and for which reason), read from the tab's final URL.
 */
import type { ExtensionSession } from './browser';

export const BLOCK_PAGE = 'src/pages/blocked.html';
export const WARN_PAGE = 'src/pages/warn.html';

export interface Landing {
  where: 'site' | 'block' | 'warn';
  url: string;
  /** The category (or `school`) the page was told, for block and warn pages. */
  reason: string | null;
}

export function classifyLanding(session: ExtensionSession, landed: string): Landing {
  const page = landed.startsWith(session.extensionUrl(BLOCK_PAGE)) ? 'block' : landed.startsWith(session.extensionUrl(WARN_PAGE)) ? 'warn' : 'site';
  return { where: page, url: landed, reason: page === 'site' ? null : new URL(landed).searchParams.get('category') };
}

/** Opens `url` in a fresh tab, reports where it landed, and closes the tab. */
export async function landing(session: ExtensionSession, url: string): Promise<Landing> {
  const { page, url: landed } = await session.navigate(url);
  await page.close();
  return classifyLanding(session, landed);
}
