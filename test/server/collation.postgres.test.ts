/**
 * PostgreSQL only (the server project leaves out *.postgres.test.ts): the endpoint refuses a database whose
 * collation orders text by language rules, since it compares ISO times and names byte by byte as SQLite does
 * (server/src/store/postgres/open.ts), and says how to make one it accepts. Here an ICU default, which
 * datcollate alone does not show (it still reads C.UTF-8).
 */
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../server/src/store/postgres';
import { dropTestDatabase, ensureTestDatabase, queryRows } from './harness/postgres';

describe('a PostgreSQL database in a language collation', () => {
  it('is refused at start, naming the collation and the createdb that makes one right, and nothing is written to it', async () => {
    const dataDir = '/tests/collation/icu-en-us';
    const url = await ensureTestDatabase(dataDir, "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
    try {
      await expect(openPostgresStore(url)).rejects.toThrow(/uses the ICU collation en-US; the endpoint needs C \(byte order, as SQLite compares text\): create it with `createdb --template=template0 --locale=C.UTF-8 --locale-provider=libc/);
      expect(await queryRows(dataDir, `SELECT count(*) AS tables FROM information_schema.tables WHERE table_schema = current_schema()`)).toEqual([{ tables: 0 }]);
    } finally {
      await dropTestDatabase(dataDir);
    }
  });
});
