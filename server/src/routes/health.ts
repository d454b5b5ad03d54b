import type { FastifyInstance } from 'fastify';
import { API_PATHS } from '../../../src/events/wire';
import { VERSION } from '../version';

/** No auth: load balancers and the extension's status page ask it. It says nothing about the school. */
export function registerHealth(app: FastifyInstance): void {
  app.get(API_PATHS.health, async () => ({ ok: true, version: VERSION }));
}
