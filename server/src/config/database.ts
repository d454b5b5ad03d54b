/**
 * The `database` key: which storage engine holds the school's records. SQLite (the default) is one file in
 * `dataDir`; PostgreSQL is a server of its own, named by a connection URL. The URL usually carries a password,
 * so like the other secrets (config/read-secret.ts) it may come from a file or an environment variable
 * instead of config.json.
 */
import { z } from 'zod';
import { envName, readSecret } from './read-secret';

export const DATABASE_ENGINES = ['sqlite', 'postgres'] as const;

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\//.test(value), 'a PostgreSQL URL: postgres://user:password@host:5432/database');

export const databaseSchema = z
  .discriminatedUnion('engine', [
    z.strictObject({ engine: z.literal('sqlite') }),
    z.strictObject({
      engine: z.literal('postgres'),
      url: postgresUrl.optional(),
      urlFile: z.string().min(1).optional(),
      urlEnv: envName.optional(),
    }),
  ], { error: (issue) => (issue.code === 'invalid_union' ? `engine is one of ${DATABASE_ENGINES.join(', ')}` : undefined) })
  .superRefine((database, context) => {
    if (database.engine !== 'postgres') return;
    const sources = [database.url, database.urlFile, database.urlEnv].filter((source) => source !== undefined).length;
    if (sources !== 1) context.addIssue({ code: 'custom', path: ['url'], message: 'set one of url, urlFile or urlEnv: the PostgreSQL connection URL (urlFile or urlEnv keep its password out of config.json)' });
  })
  .prefault({ engine: 'sqlite' });

export type DatabaseFile = z.output<typeof databaseSchema>;

/** What the endpoint opens: SQLite in dataDir, or PostgreSQL at this URL. */
export type DatabaseSettings = { engine: 'sqlite' } | { engine: 'postgres'; url: string };

export function resolveDatabase(database: DatabaseFile, baseDir: string, env: NodeJS.ProcessEnv): { settings: DatabaseSettings } | { issue: { path: string[]; message: string } } {
  if (database.engine === 'sqlite') return { settings: { engine: 'sqlite' } };
  if (database.url !== undefined) return { settings: { engine: 'postgres', url: database.url } };
  const secret = readSecret(database.urlFile, database.urlEnv, baseDir, env);
  if (!('value' in secret)) return { issue: { path: ['database', secret.key === 'file' ? 'urlFile' : 'urlEnv'], message: secret.problem } };
  const checked = postgresUrl.safeParse(secret.value);
  if (!checked.success) return { issue: { path: ['database', database.urlFile !== undefined ? 'urlFile' : 'urlEnv'], message: 'does not hold a PostgreSQL URL (postgres://user:password@host:5432/database)' } };
  return { settings: { engine: 'postgres', url: secret.value } };
}

/** Where the records are, for the start banner: never the URL's password. */
export function describeDatabase(database: DatabaseSettings, sqliteFile: string): string {
  if (database.engine === 'sqlite') return sqliteFile;
  const url = new URL(database.url);
  return `PostgreSQL ${url.hostname || 'local socket'}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
