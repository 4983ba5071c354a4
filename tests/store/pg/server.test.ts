// The test server itself: it starts on loopback, answers, and leaves nothing behind when stopped.
import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { skipPostgres, startPostgres } from '../../support/postgres.ts';

describe.skipIf(skipPostgres())('test PostgreSQL server', () => {
  it('starts on 127.0.0.1, creates a database, and is gone after stop', async () => {
    const server = await startPostgres();
    let stopped = false;
    try {
      const url = await server.createDatabase();
      expect(new URL(url).hostname).toBe('127.0.0.1');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ version: string; db: string }>('SELECT version() AS version, current_database() AS db');
      await client.end();
      expect(rows[0]!.version).toMatch(/^PostgreSQL \d+/);
      expect(rows[0]!.db).toBe(new URL(url).pathname.slice(1));
      expect(existsSync(server.dir)).toBe(true);
      await server.stop();
      stopped = true;
      const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      await expect(probe.connect()).rejects.toThrow();
      await probe.end().catch(() => undefined);
    } finally {
      if (!stopped) await server.stop();
    }
    expect(existsSync(server.dir)).toBe(false);
  });
});
