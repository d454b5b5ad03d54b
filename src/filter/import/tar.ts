/**
 * Just enough of tar (ustar, GNU and pax) to read list tarballs such as UT1's
 * blacklists.tar.gz; the caller gunzips. Only regular files are yielded:
 * directories and symbolic links carry no list data, and UT1's symlinked
 * category aliases would otherwise be read twice.
 */
export interface TarEntry {
  path: string;
  data: Uint8Array;
}

const BLOCK = 512;
const decoder = new TextDecoder();

export function* readTar(archive: Uint8Array): Generator<TarEntry> {
  let offset = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  const seen = new Map<string, Uint8Array>();
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    // A zero block marks the end; a second one usually follows.
    if (header.every((byte) => byte === 0)) return;
    if (!checksumMatches(header)) throw new Error(`corrupt tar archive: bad header checksum at byte ${offset}`);
    const size = readSize(header, offset);
    const start = offset + BLOCK;
    if (start + size > archive.length) {
      throw new Error(`truncated tar archive: an entry at byte ${offset} needs ${size} bytes but only ${archive.length - start} remain`);
    }
    const data = archive.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;

    const type = String.fromCharCode(header[156]!);
    if (type === 'L') longName = text(data);
    else if (type === 'x') paxPath = paxRecords(data).get('path') ?? paxPath;
    else if (type === 'K' || type === 'g') continue; // long link target, global pax: nothing we use
    else {
      const path = (paxPath ?? longName ?? headerName(header)).replace(/^(\.\/)+/, '');
      paxPath = longName = undefined;
      if (type === '0' || type === '\0' || type === '7') {
        seen.set(path, data);
        yield { path, data };
      } else if (type === '1') {
        // A hard link repeats an earlier member's data without storing it again.
        const target = seen.get(text(header.subarray(157, 257)).replace(/^(\.\/)+/, ''));
        if (target) yield { path, data: target };
      }
    }
  }
  // Every tar writer ends with zero blocks, so their absence means a cut-off file.
  throw new Error(`truncated tar archive: no end-of-archive marker after byte ${offset}`);
}

function text(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return decoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function headerName(header: Uint8Array): string {
  const name = text(header.subarray(0, 100));
  // ustar splits long paths into prefix/name; GNU tar uses that space for other fields.
  const isUstar = text(header.subarray(257, 263)) === 'ustar';
  const prefix = isUstar ? text(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function checksumMatches(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return parseOctal(header.subarray(148, 156)) === sum;
}

function readSize(header: Uint8Array, offset: number): number {
  const field = header.subarray(124, 136);
  // GNU base-256 for sizes of 8 GiB and over: the high bit flags it.
  if (field[0]! & 0x80) {
    let size = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) size = size * 256 + field[i]!;
    return size;
  }
  const size = parseOctal(field);
  if (Number.isNaN(size)) throw new Error(`corrupt tar archive: unreadable size at byte ${offset}`);
  return size;
}

function parseOctal(field: Uint8Array): number {
  const digits = text(field).trim();
  return /^[0-7]+$/.test(digits) ? parseInt(digits, 8) : digits === '' ? 0 : NaN;
}

/** pax records are `<length> <key>=<value>\n`, the length counting the whole record. */
function paxRecords(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = space < 0 ? NaN : parseInt(decoder.decode(data.subarray(offset, space)), 10);
    if (!(length > 0) || offset + length > data.length) throw new Error('corrupt tar archive: bad pax header');
    const record = decoder.decode(data.subarray(space + 1, offset + length - 1));
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    offset += length;
  }
  return records;
}
