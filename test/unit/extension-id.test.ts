import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extensionIdFromKey } from '../../src/shared/extension-id';

/** A second, independent derivation (hex digits mapped 0-f -> a-p) to check ours against. */
function referenceId(key: string): string {
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => 'abcdefghijklmnop'[parseInt(digit, 16)]).join('');
}

describe('extensionIdFromKey', () => {
  const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));

  it('derives the id Chrome will give the manifest key', async () => {
    const id = await extensionIdFromKey(manifest.key);
    expect(id).toMatch(/^[a-p]{32}$/);
    expect(id).toBe(referenceId(manifest.key));
  });

  it('gives different ids for different keys', async () => {
    const other = Buffer.from('not the same key').toString('base64');
    expect(await extensionIdFromKey(other)).toBe(referenceId(other));
    expect(await extensionIdFromKey(other)).not.toBe(await extensionIdFromKey(manifest.key));
  });
});
