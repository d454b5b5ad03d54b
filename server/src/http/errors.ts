/**
 * One error shape for every refusal, as src/events/wire.ts promises:
 * `{ error, issues? }` with the status that tells the client whether to retry.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';

export interface Issue {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly issues?: Issue[],
    /** E.g. Retry-After on a 429. */
    readonly headers?: Record<string, string>,
    /** Machine-readable fields beside `error`, e.g. an identity proof's `problem`. */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.slice(0, 50).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** Parses untrusted input or throws a 400 listing what is wrong (at most 50 issues: a bad batch can have thousands). */
export function parseOr400<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new HttpError(400, `invalid ${what}`, issuesOf(result.error));
  return result.data;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.headers) reply.headers(error.headers);
      return reply.status(error.statusCode).send({ error: error.message, ...error.fields, ...(error.issues ? { issues: error.issues } : {}) });
    }
    // Fastify's own refusals (unsupported media type, malformed headers...) carry a 4xx status.
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ error: 'internal error' });
    }
    return reply.status(status).send({ error: error.message });
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send({ error: 'not found' }));
}
