/**
 * The tar reader on archives built byte by byte here (so every header kind is
 * covered on purpose) and, where GNU tar is installed, on archives it wrote.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTar } from '../../src/filter/import/tar';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Member { name: string; data?: string | Uint8Array; type?: string; prefix?: string; linkname?: string }

function header(member: Member, size: number): Uint8Array {
  const block = new Uint8Array(512);
  const put = (offset: number, text: string) => block.set(encoder.encode(text), offset);
  put(0, member.name.slice(0, 100));
  put(100, '0000644\0');
  put(124, `${size.toString(8).padStart(11, '0')}\0`);
  put(136, '00000000000\0');
  put(156, member.type ?? '0');
  if (member.linkname) put(157, member.linkname);
  put(257, 'ustar\x0000');
  if (member.prefix) put(345, member.prefix);
  block.fill(0x20, 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

function tar(members: Member[], { end = true } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const member of members) {
    const data = typeof member.data === 'string' ? encoder.encode(member.data) : (member.data ?? new Uint8Array());
    parts.push(header(member, data.length), data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  if (end) parts.push(new Uint8Array(1024));
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// The length prefix counts bytes of the whole record, itself included.
function paxRecord(key: string, value: string): string {
  const bytes = encoder.encode(` ${key}=${value}\n`).length;
  let length = bytes + 1;
  while (String(length).length + bytes !== length) length = String(length).length + bytes;
  return `${length} ${key}=${value}\n`;
}

function read(archive: Uint8Array): [string, string][] {
  return [...readTar(archive)].map((entry) => [entry.path, decoder.decode(entry.data)]);
}

describe('readTar', () => {
  it('yields regular files with their data and skips directories and links', () => {
    const archive = tar([
      { name: 'blacklists/', type: '5' },
      { name: './blacklists/adult/domains', data: 'a.example\nb.example\n' },
      { name: 'blacklists/porn', type: '2', linkname: 'adult' },
      { name: 'blacklists/empty', data: '' },
      { name: 'blacklists/big', data: 'x'.repeat(1500) },
    ]);
    expect(read(archive)).toEqual([
      ['blacklists/adult/domains', 'a.example\nb.example\n'],
      ['blacklists/empty', ''],
      ['blacklists/big', 'x'.repeat(1500)],
    ]);
  });

  it('reads GNU long names, pax paths and ustar prefixes', () => {
    const longPath = `${'deep/'.repeat(30)}list.txt`;
    const archive = tar([
      { name: '././@LongLink', type: 'L', data: `${longPath}\0` },
      { name: longPath.slice(0, 100), data: 'gnu' },
      { name: 'PaxHeaders/x', type: 'x', data: paxRecord('mtime', '1') + paxRecord('path', 'pax/ünïcode/list.txt') },
      { name: 'truncated-name', data: 'pax' },
      { name: 'list.txt', prefix: 'ustar/prefix', data: 'ustar' },
    ]);
    expect(read(archive)).toEqual([
      [longPath, 'gnu'],
      ['pax/ünïcode/list.txt', 'pax'],
      ['ustar/prefix/list.txt', 'ustar'],
    ]);
  });

  it('gives a hard link the data of the member it links to', () => {
    const archive = tar([{ name: 'a/domains', data: 'a.example' }, { name: 'b/domains', type: '1', linkname: 'a/domains' }]);
    expect(read(archive)).toEqual([['a/domains', 'a.example'], ['b/domains', 'a.example']]);
  });

  it('reports an archive cut off inside a member', () => {
    const archive = tar([{ name: 'list.txt', data: 'x'.repeat(2000) }]).subarray(0, 1024);
    expect(() => read(archive)).toThrow('truncated tar archive: an entry at byte 0 needs 2000 bytes but only 512 remain');
  });

  it('reports an archive cut off between members', () => {
    const archive = tar([{ name: 'list.txt', data: 'x' }], { end: false });
    expect(() => read(archive)).toThrow('truncated tar archive: no end-of-archive marker after byte 1024');
  });

  it('reports a corrupt header', () => {
    const archive = tar([{ name: 'list.txt', data: 'x' }]);
    archive[10] = 0x41;
    expect(() => read(archive)).toThrow('corrupt tar archive: bad header checksum at byte 0');
    expect(() => read(encoder.encode('not a tar file at all'.repeat(40)))).toThrow(/corrupt tar archive/);
  });

  it('reads nothing from an empty archive', () => {
    expect(read(new Uint8Array(1024))).toEqual([]);
  });
});

const gnuTar = (() => {
  try {
    return execFileSync('tar', ['--version'], { encoding: 'utf8' }).includes('GNU tar');
  } catch {
    return false;
  }
})();

describe.skipIf(!gnuTar)('readTar on archives GNU tar wrote', () => {
  it.each(['gnu', 'pax', 'ustar'])('reads --format=%s with a long path and a symlink', (format) => {
    const dir = mkdtempSync(join(tmpdir(), 'import-tar-'));
    try {
      const deep = join(dir, 'src', 'blacklists', 'a'.repeat(60), 'b'.repeat(60));
      mkdirSync(deep, { recursive: true });
      writeFileSync(join(deep, 'domains'), 'long.example\n');
      writeFileSync(join(dir, 'src', 'blacklists', 'urls'), 'u.example/x\n');
      symlinkSync('urls', join(dir, 'src', 'blacklists', 'alias'));
      const archive = join(dir, 'out.tar');
      execFileSync('tar', [`--format=${format}`, '-cf', archive, '-C', join(dir, 'src'), 'blacklists']);
      const entries = read(new Uint8Array(readFileSync(archive))).sort();
      expect(entries).toEqual([
        [`blacklists/${'a'.repeat(60)}/${'b'.repeat(60)}/domains`, 'long.example\n'],
        ['blacklists/urls', 'u.example/x\n'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
