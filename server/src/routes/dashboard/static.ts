/**
 * The dashboard's page and assets. One HTML page (client-side views switch on
 * the URL hash), served at /dashboard/ and /dashboard/login; hashed assets
 * under /dashboard/assets/ are cached for good.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_DIST } from '../../dashboard/build';

export async function registerDashboardPages(app: FastifyInstance, distDir = DASHBOARD_DIST): Promise<void> {
  const indexFile = join(distDir, 'index.html');
  const page = async (_request: unknown, reply: FastifyReply) => {
    if (!existsSync(indexFile)) {
      return reply.status(503).type('text/plain; charset=utf-8').send('The dashboard is not built: start the endpoint with `npm run server`, which builds it.');
    }
    return reply.type('text/html; charset=utf-8').send(readFileSync(indexFile));
  };
  app.get('/dashboard', async (_request, reply) => reply.redirect('/dashboard/'));
  app.get('/dashboard/', page);
  app.get('/dashboard/login', page);
  await app.register(fastifyStatic, {
    root: join(distDir, 'assets'),
    prefix: '/dashboard/assets/',
    index: false,
    decorateReply: false,
    maxAge: '365d',
    immutable: true,
  });
}
