/**
 * Whether a built extension carries the end-to-end harness's worker handle
 * (src/background/test-handle.ts), which only `vite build --mode test` puts
 * in. Packaging refuses such a build, and the e2e harness refuses to start
 * without one, so neither can be run on the wrong build by mistake.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TEST_HANDLE_NAME } from '../../src/background/test-handle';

/** The built JavaScript files (relative to `dir`) that name the handle; empty for a production build. */
export function filesWithTestHandle(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js') && readFileSync(path, 'utf8').includes(TEST_HANDLE_NAME)) found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
}
