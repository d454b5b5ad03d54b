/**
 * A loopback HTTP proxy in front of the real endpoint that records every
 * upload exactly as the extension sent it: the request line and headers, the
 * body's bytes on the wire (gzipped by the extension's CompressionStream),
 * the same body decompressed, and the endpoint's status. Replies pass
 * through untouched, so the uploader behaves as it does without it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface RecordedUpload {
  at: number;
  path: string;
  status: number;
  contentEncoding: string;
  /** Request line and headers as sent (HTTP/1.1 framing), bytes. */
  headerBytes: number;
  /** The body as it crossed the wire. */
  wireBytes: number;
  /** The JSON inside. */
  json: string;
}

export interface RecordingProxy {
  readonly url: string;
  readonly uploads: RecordedUpload[];
  close(): Promise<void>;
}

function headerBytesOf(req: http.IncomingMessage): number {
  let bytes = Buffer.byteLength(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`) + 2;
  for (let i = 0; i < req.rawHeaders.length; i += 2) bytes += Buffer.byteLength(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`);
  return bytes;
}

export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const target = new URL(upstream);
  const uploads: RecordedUpload[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (reply) => {
        const replyChunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => replyChunks.push(chunk));
        reply.on('end', () => {
          if (req.method === 'POST' && req.url === '/v1/events') {
            const encoding = String(req.headers['content-encoding'] ?? 'identity');
            uploads.push({
              at: Date.now(),
              path: req.url,
              status: reply.statusCode ?? 0,
              contentEncoding: encoding,
              headerBytes: headerBytesOf(req),
              wireBytes: body.length,
              json: (encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8'),
            });
          }
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          res.end(Buffer.concat(replyChunks));
        });
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    uploads,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
