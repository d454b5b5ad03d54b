/**
 * Request bodies, read by hand so every limit holds before anything is
 * parsed: the compressed size, the decompressed size (a gzip bomb stops at
 * the cap instead of expanding into memory), and the encoding. Each route
 * sets its cap in `config.maxBodyBytes`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { gunzip } from 'node:zlib';
import { HttpError } from './errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The largest body this route accepts, uncompressed. */
    maxBodyBytes?: number;
  }
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function capOf(request: FastifyRequest): number {
  return request.routeOptions.config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
}

function encodingOf(request: FastifyRequest): 'identity' | 'gzip' {
  const header = request.headers['content-encoding'];
  const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  throw new HttpError(415, `unsupported Content-Encoding "${value.slice(0, 40)}": send gzip or nothing`);
}

/** Collects at most `cap` bytes. Past that, stops keeping them: Node discards the rest once the reply is sent. */
function readCapped(stream: NodeJS.ReadableStream, cap: number, declaredLength: number | null): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (declaredLength !== null && declaredLength > cap) return reject(new HttpError(413, `body larger than ${cap} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > cap) return settle(() => reject(new HttpError(413, `body larger than ${cap} bytes`)));
      chunks.push(chunk);
    });
    stream.on('end', () => settle(() => resolve(Buffer.concat(chunks, size))));
    stream.on('error', () => settle(() => reject(new HttpError(400, 'the request body was cut short'))));
  });
}

function decompress(body: Buffer, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: cap }, (error, result) => {
      if (!error) return resolve(result);
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        return reject(new HttpError(413, `body larger than ${cap} bytes once decompressed`));
      }
      reject(new HttpError(400, 'malformed gzip body'));
    });
  });
}

export async function readBody(request: FastifyRequest, payload: NodeJS.ReadableStream): Promise<Buffer> {
  const cap = capOf(request);
  const encoding = encodingOf(request);
  const lengthHeader = request.headers['content-length'];
  const declared = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  const raw = await readCapped(payload, cap, declared);
  return encoding === 'gzip' ? decompress(raw, cap) : raw;
}

function utf8(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpError(400, 'the body is not valid UTF-8');
  }
}

/** Only JSON and (for roster uploads) CSV are read; any other Content-Type is a 415. */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
    const text = utf8(await readBody(request, payload));
    if (text.trim() === '') throw new HttpError(400, 'empty body: expected JSON');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new HttpError(400, 'malformed JSON');
    }
  });
  app.addContentTypeParser('text/csv', async (request: FastifyRequest, payload: NodeJS.ReadableStream) => utf8(await readBody(request, payload)));
}
