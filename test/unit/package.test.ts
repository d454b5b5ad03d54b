import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extensionIdOf, publicKeyOf, signCrx3 } from '../../scripts/package/crx3';
import { updateXml } from '../../scripts/package/update-xml';
import { zipFiles } from '../../scripts/package/zip';
import { extensionIdFromKey } from '../../src/shared/extension-id';

const ROOT = join(import.meta.dirname, '..', '..');
const DEV_KEY = readFileSync(join(ROOT, 'keys', 'development.pem'), 'utf8');

/** Reads a ZIP through its central directory, as an unzipper does (independent of the writer's code). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const localNameLength = zip.readUInt16LE(localOffset + 26);
    const localExtraLength = zip.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const body = zip.subarray(start, start + compressedSize);
    files.set(name, method === 8 ? inflateRawSync(body) : Buffer.from(body));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** Length-delimited protobuf fields of one message: field number to values. */
function protobufFields(message: Buffer): Map<number, Buffer[]> {
  const fields = new Map<number, Buffer[]>();
  let at = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = message[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  while (at < message.length) {
    const key = varint();
    expect(key & 7).toBe(2);
    const length = varint();
    const field = Math.floor(key / 8);
    fields.set(field, [...(fields.get(field) ?? []), message.subarray(at, at + length)]);
    at += length;
  }
  return fields;
}

function field(fields: Map<number, Buffer[]>, number: number): Buffer {
  const value = fields.get(number)?.[0];
  if (!value) throw new Error(`protobuf field ${number} missing`);
  return value;
}

const FILES = [
  { path: 'manifest.json', data: Buffer.from('{"manifest_version":3,"name":"x","version":"1"}') },
  { path: 'rules/build/adult.block.json', data: Buffer.from(`[${'{"id":1},'.repeat(2000)}{"id":2}]`) },
  { path: 'icon.bin', data: Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 256)) },
];

describe('zip writer', () => {
  it('writes files an independent reader gets back byte for byte, compressing where it helps', () => {
    const zip = zipFiles(FILES);
    const read = unzip(zip);
    expect([...read.keys()]).toEqual(['icon.bin', 'manifest.json', 'rules/build/adult.block.json']);
    for (const file of FILES) expect(read.get(file.path)!.equals(file.data), file.path).toBe(true);
    expect(zip.length).toBeLessThan(FILES.reduce((sum, file) => sum + file.data.length, 0) / 2);
  });

  it('is deterministic: same files, same bytes, whatever their order', () => {
    expect(zipFiles(FILES).equals(zipFiles([...FILES].reverse()))).toBe(true);
  });

  it('refuses paths that would escape the extension directory', () => {
    for (const path of ['../evil.js', '/etc/passwd', 'a\\b.js', 'a/../../b']) {
      expect(() => zipFiles([{ path, data: Buffer.from('x') }]), path).toThrow(/unsafe path/);
    }
  });
});

describe('CRX3', () => {
  it('carries the public key, a signature Chrome can verify, and the crx id; then the zip', () => {
    const zip = zipFiles(FILES);
    const { crx, extensionId, publicKeyBase64 } = signCrx3(zip, DEV_KEY);
    expect(crx.subarray(0, 4).toString('latin1')).toBe('Cr24');
    expect(crx.readUInt32LE(4)).toBe(3);
    const headerLength = crx.readUInt32LE(8);
    const header = protobufFields(crx.subarray(12, 12 + headerLength));
    expect(crx.subarray(12 + headerLength).equals(zip)).toBe(true);

    const proof = protobufFields(field(header, 2));
    const publicKey = field(proof, 1);
    const signature = field(proof, 2);
    const signedHeaderData = field(header, 10000);
    expect(publicKey.toString('base64')).toBe(publicKeyBase64);
    const crxId = field(protobufFields(signedHeaderData), 1);
    expect(crxId).toHaveLength(16);

    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(signedHeaderData.length);
    const signedBytes = Buffer.concat([Buffer.from('CRX3 SignedData\0', 'latin1'), prefix, signedHeaderData, zip]);
    const key = createPublicKey({ key: publicKey, format: 'der', type: 'spki' });
    expect(verify('sha256', signedBytes, key, signature)).toBe(true);
    // One flipped byte in the archive and the signature no longer holds.
    const tampered = Buffer.from(signedBytes);
    tampered[tampered.length - 30]! ^= 1;
    expect(verify('sha256', tampered, key, signature)).toBe(false);

    expect(extensionId).toBe(extensionIdOf(publicKey));
  });

  it('derives the same id as the build does from the manifest key', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
    expect(publicKeyOf(DEV_KEY).toString('base64')).toBe(manifest.key);
    expect(signCrx3(zipFiles(FILES), DEV_KEY).extensionId).toBe(await extensionIdFromKey(manifest.key));
  });
});

describe('update.xml', () => {
  it('names the id, the version and an escaped CRX address', () => {
    const xml = updateXml({ extensionId: 'khldpchgnmjagefakpenhnmcgpfdnjbo', version: '1.2.3', crxUrl: "https://x.example/a.crx?t=1&u='2'" });
    expect(xml).toContain("<app appid='khldpchgnmjagefakpenhnmcgpfdnjbo'>");
    expect(xml).toContain("codebase='https://x.example/a.crx?t=1&amp;u=&apos;2&apos;' version='1.2.3'");
  });

  it('refuses what Chrome would not accept', () => {
    expect(() => updateXml({ extensionId: 'not-an-id', version: '1', crxUrl: 'https://x/a.crx' })).toThrow(/extension id/);
    expect(() => updateXml({ extensionId: 'khldpchgnmjagefakpenhnmcgpfdnjbo', version: '1.2.3.4.5', crxUrl: 'https://x/a.crx' })).toThrow(/version/);
  });
});
