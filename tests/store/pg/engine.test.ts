// What is PostgreSQL's own: DATABASE_URL, the migrations (once, whoever starts first), the engine
// chosen from the configuration, and the test server itself (up on loopback, gone after stop).
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToPostgres, MigrationError } from '../../../src/store/migrate-to-pg.ts';
import { openStoreEngine } from '../../../src/store/open.ts';
import { PgEngine } from '../../../src/store/pg/engine.ts';
import { listPgMigrations, migratePg, openPgPool, pgSchemaVersion } from '../../../src/store/pg/db.ts';
import { DatabaseUrlError, parsePostgresUrl, redactedUrl, storeLocation } from '../../../src/store/pg/url.ts';
import { skipPostgres, startPostgres, type TestPostgres } from '../../support/postgres.ts';
import { runScript } from '../../support/run.ts';
import { tempDir, testServices } from '../../support/store.ts';
import { ITEMS } from '../contract/fixtures.ts';
import { ftsQuery } from '../../../src/store/topics.ts';

describe('DATABASE_URL', () => {
  it('selects SQLite when unset or blank, PostgreSQL for postgres:// and postgresql://', () => {
    expect(storeLocation(undefined, 'data/brief.db')).toEqual({ engine: 'sqlite', file: 'data/brief.db' });
    expect(storeLocation('  ', 'data/brief.db')).toEqual({ engine: 'sqlite', file: 'data/brief.db' });
    expect(storeLocation('postgresql://bot:secret@db.internal:5433/brief?sslmode=require', 'x')).toEqual({
      engine: 'postgres', url: 'postgres://bot:secret@db.internal:5433/brief?sslmode=require',
    });
  });

  it('refuses what is not a usable postgres URL, naming the variable and hiding the password', () => {
    expect(() => parsePostgresUrl('mysql://u:p@h/db')).toThrow(/DATABASE_URL must start with postgres:\/\//);
    expect(() => parsePostgresUrl('not a url')).toThrow(DatabaseUrlError);
    expect(() => parsePostgresUrl('postgres://bot:secret@db.internal:5432/')).toThrow(/names no database/);
    expect(() => parsePostgresUrl('postgres://bot:secret@db.internal:5432/')).not.toThrow(/secret/);
    expect(redactedUrl('postgres://bot:secret@h/db')).toBe('postgres://bot:***@h/db');
  });
});

describe.skipIf(skipPostgres())('PostgreSQL engine', () => {
  let server: TestPostgres;

  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);

  afterAll(async () => {
    await server.stop();
    // Stopped means stopped: nothing answers on the port and the folder is gone.
    const probe = new pg.Client({ connectionString: server.adminUrl, connectionTimeoutMillis: 2000 });
    await expect(probe.connect()).rejects.toThrow();
    await probe.end().catch(() => undefined);
    expect(existsSync(server.dir)).toBe(false);
  });

  it('runs on 127.0.0.1 in its own temporary folder', async () => {
    expect(new URL(server.adminUrl).hostname).toBe('127.0.0.1');
    expect(existsSync(server.dir)).toBe(true);
    const client = new pg.Client({ connectionString: server.adminUrl });
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    await client.end();
    expect(rows[0]!.v).toMatch(/^\d+/);
  });

  it('migrates once when four processes start at the same moment, and not again on the next start', async () => {
    const url = await server.createDatabase();
    const pools = await Promise.all([1, 2, 3, 4].map(() => openPgPool(url, { max: 2 })));
    const latest = listPgMigrations().at(-1)!.version;
    try {
      const { rows } = await pools[0]!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(listPgMigrations().map((m) => m.version));
      expect(await migratePg(pools[1]!)).toBe(latest);
      expect(await pgSchemaVersion(pools[2]!)).toBe(latest);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('refuses a database migrated by a newer program', async () => {
    const url = await server.createDatabase();
    const pool = await openPgPool(url);
    await pool.query(`INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')`);
    await pool.end();
    await expect(openPgPool(url)).rejects.toThrow(/schema version 999, newer than this program knows/);
  });

  it('is what a postgres DATABASE_URL opens; SQLite stays the default', async () => {
    const url = await server.createDatabase();
    const postgres = await openStoreEngine(storeLocation(url, 'unused.db'));
    const sqlite = await openStoreEngine(storeLocation(undefined, path.join(tempDir(), 'brief.db')));
    try {
      expect(postgres.engine).toBe('postgres');
      expect(sqlite.engine).toBe('sqlite');
      expect(await postgres.articles.count(null)).toBe(0);
    } finally {
      await postgres.close();
      await sqlite.close();
    }
  });

  describe('brief migrate --to', () => {
    /** A SQLite store with a row in every table, filled the way the bot fills it. */
    async function filledSqliteStore(): Promise<{ file: string; cleanup(): void }> {
      const services = testServices({}, () => new Date('2025-06-12T09:00:00Z'));
      const report = await services.ingestor.ingestText('fixtures.jsonl', ITEMS.map((i) => JSON.stringify(i)).join('\n'), 'jsonl', null);
      expect(report.added).toHaveLength(ITEMS.length);
      const guild = '111111111111111111';
      await services.ingestor.ingestText('guild.jsonl', JSON.stringify({ ...ITEMS[2], id: 'g', title: 'Guild copy', text: 'A guild text about a checkpoint near Bannu, reopened on Friday with new barriers.' }), 'jsonl', guild);
      const store = services.sqlite;
      store.articles.remove(5, guild, '2025-06-12T09:30:00.000Z');
      store.topics.addGuildTopic(guild, { id: 'crossings', label: 'Crossings', aliases: ['border crossing'] }, 'admin', new Date('2025-06-12T09:00:00Z'));
      store.digests.putSettings({ guild, channelId: 'c', cron: '0 7 * * *', timezone: 'Asia/Karachi', topics: ['ttp'], maxStories: 5, enabled: true, updatedAt: '2025-06-01T00:00:00.000Z' });
      store.digests.claim(guild, '2025-06-12T02:00:00.000Z', 'p1', '2025-06-12T02:00:00.000Z', '2025-06-12T02:05:00.000Z', false);
      store.digests.setPayload(guild, '2025-06-12T02:00:00.000Z', 'p1', [{ title: 'Brief — “quotes”, ünïcode', sections: [] }] as never, 'c', { start: 'a', end: 'b' });
      store.digests.markPosted(guild, '2025-06-12T02:00:00.000Z', 'p1', '2025-06-12T02:00:05.000Z');
      const feed = store.feeds.add(null, 'https://example.org/rss', 'config', [], null, new Date('2025-06-12T09:00:00Z'))!;
      store.feeds.markSeen(feed.id, [{ key: 'k1', outcome: 'added', articleId: 1, bodyFrom: 'page' }], new Date('2025-06-12T09:00:00Z'));
      return { file: services.config.databasePath, cleanup: () => services.cleanup() };
    }

    it('copies every table with counts and checksums verified, and the copy serves the store', async () => {
      const source = await filledSqliteStore();
      const url = await server.createDatabase();
      try {
        const lines: string[] = [];
        const report = await migrateToPostgres(source.file, url, (line) => lines.push(line));
        const rows = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
        expect(rows).toMatchObject({ articles: 4, removed_articles: 1, guild_topics: 1, guild_settings: 1, digest_slots: 1, feeds: 1, feed_items: 1, article_stories: 4 });
        expect(rows.quotes).toBeGreaterThan(0);
        expect(rows.article_topics).toBeGreaterThan(0);
        expect(lines).toHaveLength(report.tables.length);
        const engine = await PgEngine.open(url);
        try {
          expect(await engine.articles.count(null)).toBe(4);
          const found = await engine.topics.find(null, { fts: ftsQuery('attacks')! }, { since: '2025-01-01', now: new Date('2025-06-12T12:00:00Z'), halfLifeDays: 3 }, 10);
          expect(found.stories.map((s) => s.id).sort()).toEqual([1, 3]);
          expect((await engine.digests.lastPosted('111111111111111111'))!.payload).toEqual([{ title: 'Brief — “quotes”, ünïcode', sections: [] }]);
          // New rows get ids after the copied ones.
          expect((await engine.feeds.add(null, 'https://example.org/other', 'config', [], null, new Date()))!.id).toBe(2);
        } finally {
          await engine.close();
        }
        await expect(migrateToPostgres(source.file, url)).rejects.toThrow(/already has rows in articles/);
      } finally {
        source.cleanup();
      }
    });

    it('commits nothing when a value arrives changed (the checksum catches it)', async () => {
      const source = await filledSqliteStore();
      const url = await server.createDatabase();
      const pool = await openPgPool(url);
      // A server-side trigger that alters what it stores: the copy must notice and roll back.
      await pool.query(`CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.label := upper(NEW.label); RETURN NEW; END $$;
        CREATE TRIGGER shout BEFORE INSERT ON guild_topics FOR EACH ROW EXECUTE FUNCTION shout();`);
      try {
        await expect(migrateToPostgres(source.file, url)).rejects.toThrow(MigrationError);
        await expect(migrateToPostgres(source.file, url)).rejects.toThrow(/guild_topics: SQLite has 1 rows .* nothing was committed/);
        expect((await pool.query<{ n: number }>('SELECT count(*) AS n FROM articles')).rows[0]!.n).toBe(0);
      } finally {
        await pool.end();
        source.cleanup();
      }
    });

    it('is `brief migrate --to`: the store at DATABASE_PATH, a line per table on stderr and the result on stdout', async () => {
      const source = await filledSqliteStore();
      const url = await server.createDatabase();
      try {
        const env = { DATABASE_PATH: source.file };
        const done = await runScript('src/cli.ts', ['migrate', '--to', url], { env });
        expect(done.stderr).toMatch(/^articles: 4 rows, checksum [0-9a-f]{12} verified$/m);
        expect(done.stdout).toMatch(/^copied \d+ rows in 10 tables from .*brief\.db to postgres:\/\/.*; every count and checksum verified\n$/);
        expect(done.code).toBe(0);
        // Refusals, through the function the command calls (each run of the CLI costs seconds).
        await expect(migrateToPostgres(source.file, url)).rejects.toThrow(/already has rows in articles/);
        await expect(migrateToPostgres('/nonexistent/brief.db', url)).rejects.toThrow('no SQLite store at /nonexistent/brief.db (set DATABASE_PATH or pass --from)');
      } finally {
        source.cleanup();
      }
    });
  });
});
