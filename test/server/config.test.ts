/** The config file: defaults, clear errors, environment overrides, and password hashes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, verifyPassword } from '../../server/src/auth/password';
import { identifyAmong, knownTokens } from '../../server/src/auth/token-book';
import { sha256Hex } from '../../server/src/auth/tokens';
import { ConfigError, loadConfigFile, parseConfig, REPOSITORY_RULES_DIR } from '../../server/src/config/load';

const TOKEN = 'a-device-token-that-is-long-enough';

describe('config', () => {
  it('fills safe defaults around the tokens', () => {
    const config = parseConfig({ tokens: [{ token: TOKEN, scope: 'device', label: 'pupils' }] }, 'config.json', '/srv/endpoint');
    expect(config).toMatchObject({
      listen: { host: '127.0.0.1', port: 8787 },
      dataDir: '/srv/endpoint/data',
      retentionDays: 365,
      maxOverrideMinutes: 120,
      heartbeatStaleMinutes: 30,
      timeZone: 'Europe/London',
      alertCategories: ['illegal', 'self-harm', 'extremism'],
      lockedCategories: ['illegal', 'adult', 'malware'],
      lockedDomains: [],
      dashboardUsers: [],
      trustProxy: false,
      database: { engine: 'sqlite' },
    });
  });

  it("reads the locked categories' lists from rulesDir, relative to the config file, else the repository's rules/build", () => {
    const tokens = [{ token: TOKEN, scope: 'device', label: 'p' }];
    expect(parseConfig({ tokens }, 'c', '/srv/endpoint').rulesDir).toBe(REPOSITORY_RULES_DIR);
    expect(parseConfig({ tokens, rulesDir: 'lists' }, 'c', '/srv/endpoint').rulesDir).toBe('/srv/endpoint/lists');
    expect(parseConfig({ tokens, rulesDir: '/opt/filter/rules/build' }, 'c', '/srv/endpoint').rulesDir).toBe('/opt/filter/rules/build');
    expect(() => parseConfig({ tokens, rulesDir: '' }, 'c', '/')).toThrow(/c: rulesDir/);
  });

  it('takes the school’s time zone by its IANA name, and names a mistyped one', () => {
    const tokens = [{ token: TOKEN, scope: 'device', label: 'p' }];
    expect(parseConfig({ tokens, timeZone: 'UTC' }, 'c', '/').timeZone).toBe('UTC');
    expect(() => parseConfig({ tokens, timeZone: 'Europe/Londn' }, 'c', '/')).toThrow(/c: timeZone: not a time zone name/);
  });

  it('always locks illegal, whatever the school lists', () => {
    const config = parseConfig({ tokens: [{ token: TOKEN, scope: 'device', label: 'p' }], lockedCategories: ['gambling'] }, 'c', '/');
    expect(config.lockedCategories).toEqual(['illegal', 'gambling']);
  });

  it('lists every problem with its path', () => {
    const bad = {
      tokens: [
        { token: 'short', scope: 'device', label: 'a' },
        { token: TOKEN, scope: 'admin', label: 'b' },
        { tokenSha256: sha256Hex('x'), scope: 'staff', label: 'b' },
      ],
      dashboardUsers: [{ username: 'admin', passwordHash: 'plain-text-password', role: 'it-lead' }],
      retentionDays: 0,
      lockedDomains: ['not a domain'],
      surprise: true,
    };
    let message = '';
    try {
      parseConfig(bad, 'config.json', '/');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const path of ['tokens.0', 'tokens.1', 'dashboardUsers.0.passwordHash', 'retentionDays', 'lockedDomains.0']) {
      expect(message).toContain(`config.json: ${path}`);
    }
    expect(message).toContain('surprise');
  });

  it('refuses duplicate token labels: the label names the source of every record', () => {
    const tokens = [
      { token: TOKEN, scope: 'device', label: 'same' },
      { token: `${TOKEN}-2`, scope: 'staff', label: 'same' },
    ];
    expect(() => parseConfig({ tokens }, 'c', '/')).toThrow(/tokens.1.label: label "same" is used twice/);
  });

  it('reads a file, lets the environment override listen and dataDir, and names a broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'endpoint-config-'));
    try {
      const path = join(dir, 'config.json');
      writeFileSync(path, JSON.stringify({ tokens: [{ token: TOKEN, scope: 'device', label: 'p' }], dataDir: 'here', rulesDir: 'lists/build' }));
      expect(loadConfigFile(path, {})).toMatchObject({ dataDir: join(dir, 'here'), rulesDir: join(dir, 'lists', 'build') });
      const fromEnv = loadConfigFile(path, { SCHOOL_ENDPOINT_HOST: '0.0.0.0', SCHOOL_ENDPOINT_PORT: '9000', SCHOOL_ENDPOINT_DATA_DIR: '/var/lib/endpoint' });
      expect(fromEnv.listen).toEqual({ host: '0.0.0.0', port: 9000 });
      expect(fromEnv.dataDir).toBe('/var/lib/endpoint');
      expect(() => loadConfigFile(path, { SCHOOL_ENDPOINT_PORT: 'eighty' })).toThrow(/listen.port/);
      writeFileSync(path, '{ "tokens": [');
      expect(() => loadConfigFile(path, {})).toThrow(/not valid JSON/);
      expect(() => loadConfigFile(join(dir, 'missing.json'), {})).toThrow(/no such config file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('database', () => {
  const tokens = [{ token: TOKEN, scope: 'device', label: 'p' }];
  const URL = 'postgres://endpoint:secret@db.school.internal:5432/filter';

  it('takes PostgreSQL by a URL written in the file, from a file beside it, or from an environment variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'endpoint-db-config-'));
    try {
      writeFileSync(join(dir, 'database-url'), `${URL}\n`);
      expect(parseConfig({ tokens, database: { engine: 'postgres', url: URL } }, 'c', dir).database).toEqual({ engine: 'postgres', url: URL });
      expect(parseConfig({ tokens, database: { engine: 'postgres', urlFile: 'database-url' } }, 'c', dir).database).toEqual({ engine: 'postgres', url: URL });
      expect(parseConfig({ tokens, database: { engine: 'postgres', urlEnv: 'FILTER_DB' } }, 'c', dir, { FILTER_DB: URL }).database).toEqual({ engine: 'postgres', url: URL });
      expect(parseConfig({ tokens, database: { engine: 'sqlite' } }, 'c', dir).database).toEqual({ engine: 'sqlite' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names what is wrong: an unknown engine, no URL or two, a URL that is not PostgreSQL’s, a missing file or variable', () => {
    const problem = (database: unknown, env: Record<string, string> = {}) => {
      try {
        parseConfig({ tokens, database }, 'c', '/nowhere', env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(problem({ engine: 'mysql' })).toContain('c: database.engine: engine is one of sqlite, postgres');
    expect(problem({ engine: 'postgres' })).toContain('c: database.url: set one of url, urlFile or urlEnv');
    expect(problem({ engine: 'postgres', url: URL, urlEnv: 'FILTER_DB' })).toContain('c: database.url: set one of url, urlFile or urlEnv');
    expect(problem({ engine: 'postgres', url: 'mysql://db/filter' })).toContain('c: database.url: a PostgreSQL URL');
    expect(problem({ engine: 'postgres', urlFile: 'missing-url' })).toContain('c: database.urlFile: cannot read /nowhere/missing-url: ENOENT');
    expect(problem({ engine: 'postgres', urlEnv: 'FILTER_DB' })).toContain('c: database.urlEnv: the environment variable FILTER_DB is not set');
    expect(problem({ engine: 'postgres', urlEnv: 'FILTER_DB' }, { FILTER_DB: 'db.school.internal' })).toContain('c: database.urlEnv: does not hold a PostgreSQL URL');
    expect(problem({ engine: 'sqlite', url: URL })).toContain('c: database');
  });
});

describe('tokens', () => {
  it('knows a token by its value or by its sha256 only', () => {
    const known = knownTokens(
      [
        { token: TOKEN, scope: 'device', label: 'pupils' },
        { tokenSha256: sha256Hex('staff-secret-token-0000'), scope: 'staff', label: 'staff' },
      ],
      [],
      [],
    );
    const now = new Date();
    expect(identifyAmong(known, TOKEN, now)).toEqual({ caller: { label: 'pupils', scope: 'device', school: 'school' } });
    expect(identifyAmong(known, 'staff-secret-token-0000', now)).toEqual({ caller: { label: 'staff', scope: 'staff', school: 'school' } });
    expect(identifyAmong(known, `${TOKEN}x`, now)).toBeNull();
  });
});

describe('passwords', () => {
  it('hashes with scrypt, verifies the right password only', async () => {
    const hash = await hashPassword('a long school passphrase');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(isPasswordHash(hash)).toBe(true);
    expect(await verifyPassword('a long school passphrase', hash)).toBe(true);
    expect(await verifyPassword('a long school passphrasE', hash)).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$1$1$1$AA==$AA==')).toBe(false);
  });
});
