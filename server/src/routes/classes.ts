/**
 * The class names from the rosters, for the teacher's picker when opening an
 * allowlist. Staff tokens only; names and counts, never pupils' emails.
 */
import type { FastifyInstance } from 'fastify';
import { CLASSES_PATH, type ClassesReply } from '../../../src/overrides/model';
import type { AppContext } from '../context';
import { callerOf, requirePermission } from '../http/bearer';

export function registerClasses(app: FastifyInstance, context: AppContext): void {
  const read = requirePermission(context.tokens, 'classes:read');
  app.get(CLASSES_PATH, { onRequest: read }, async (request): Promise<ClassesReply> => ({ classes: await context.store.rosters.classSizes(callerOf(request).school) }));
}
