/**
 * A copy of the built extension signed with its own key, so it has its own
 * extension id. Managed policy is machine-wide (one policy directory), but it
 * is keyed by extension id: a staff build and pupil builds with different ids
 * each get their own policy from one file, in browsers running side by side.
 * The rulesets are recompiled for the new id, as `npm run package` does,
 * because block and warn redirects name the extension's id.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extensionIdFromKey } from '../../../src/shared/extension-id';
import { DIST_DIR } from './browser';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface KeyedVariant {
  dir: string;
  extensionId: string;
}

/** `extraSources`: list sources compiled in on top of rules/sources.json (a made-up illegal feed, say). */
export async function buildKeyedVariant(name: string, extraSources: string[] = []): Promise<KeyedVariant> {
  const from = DIST_DIR;
  const dir = join(ROOT, '.tmp', `extension-keyed-${name}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(from, dir, { recursive: true });
  rmSync(join(dir, '_metadata'), { recursive: true, force: true });
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.key = key;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const sources = [join(ROOT, 'rules', 'sources.json'), ...extraSources].flatMap((file) => ['--sources', file]);
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-rules.ts'), ...sources, '--manifest', manifestPath, '--out', join(dir, 'rules', 'build')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  return { dir, extensionId: await extensionIdFromKey(key) };
}
