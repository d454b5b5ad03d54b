/**
 * A real SMTP server on loopback (smtp-server) that keeps every message it is given, decoded enough for
 * a test to read: the envelope's recipients (who the server was asked to deliver to, Bcc included), the
 * headers, and the plain text and HTML parts. It can be stopped and started again on the same port, as a
 * school's mail server going down and coming back.
 */
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope: who the endpoint asked the server to deliver to. */
  rcptTo: string[];
  mailFrom: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  /** The message as it arrived, for "appears nowhere" checks. */
  raw: string;
}

export interface TestSmtp {
  port: number;
  messages: ReceivedMail[];
  /** Resolves with the first message (already held or still to come) that matches, or fails after `timeoutMs`. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Stops listening (connections are then refused); `start` listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

function decode(body: string, encoding: string | undefined): string {
  switch (encoding?.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const text = body.replace(/=\r?\n/g, '');
      const bytes: number[] = [];
      for (let i = 0; i < text.length; i++) {
        const hex = text.slice(i + 1, i + 3);
        if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
      }
      return Buffer.from(bytes).toString('utf8');
    }
    default:
      return body;
  }
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const end = raw.indexOf('\r\n\r\n');
  const head = end === -1 ? raw : raw.slice(0, end);
  const body = end === -1 ? '' : raw.slice(end + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** The leaf parts of a MIME message, decoded. */
function leaves(part: Part): { type: string; content: string }[] {
  const type = part.headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const pieces = part.body.split(`--${boundary}`).slice(1, -1);
    return pieces.flatMap((piece) => leaves(splitPart(piece.replace(/^\r\n/, ''))));
  }
  // Lines end in CRLF on the wire; tests read them as \n.
  return [{ type: type.split(';')[0]!.trim().toLowerCase(), content: decode(part.body, part.headers['content-transfer-encoding']).replace(/\r\n/g, '\n') }];
}

export function parseMail(raw: string, rcptTo: string[], mailFrom: string): ReceivedMail {
  const message = splitPart(raw);
  const parts = leaves(message);
  return {
    rcptTo,
    mailFrom,
    headers: message.headers,
    subject: message.headers.subject ?? '',
    text: parts.find((part) => part.type === 'text/plain')?.content ?? '',
    html: parts.find((part) => part.type === 'text/html')?.content ?? '',
    raw,
  };
}

export async function startSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let server: SMTPServer | null = null;
  let port = 0;

  const listen = async () => {
    server = new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: the endpoint's `security: "none"`, allowed only to a relay on this machine.
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom;
          messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((to) => to.address), from ? from.address : ''));
          for (const wake of waiters) wake();
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server!.server.address() as { port: number }).port;
  };
  await listen();

  return {
    get port() {
      return port;
    },
    messages,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching email within ${timeoutMs} ms (${messages.length} received: ${messages.map((mail) => mail.subject).join(' | ')})`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async stop() {
      const running = server;
      server = null;
      if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
    },
    start: listen,
  };
}
