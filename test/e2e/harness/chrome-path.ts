import { accessSync, constants } from 'node:fs';

/** Debian's real binary; /usr/bin/chromium is a wrapper that adds flags of its own. */
export const DEBIAN_CHROMIUM = '/usr/lib/chromium/chromium';

export function findChrome(): string {
  const candidate = process.env.CHROME_PATH || DEBIAN_CHROMIUM;
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    throw new Error(
      `No Chromium at ${candidate}. ` +
        (process.env.CHROME_PATH
          ? 'CHROME_PATH points at a file that is missing or not executable.'
          : 'On Debian run `apt-get install -y chromium` as root (npm test does this for you as root), ' +
            'or set CHROME_PATH to a Chromium or Chrome for Testing binary.'),
    );
  }
}
