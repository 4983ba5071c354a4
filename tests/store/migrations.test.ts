import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listMigrations, openDatabase, schemaVersion } from '../../src/store/db.ts';
import { Store } from '../../src/store/store.ts';
import { tempDir } from '../support/store.ts';
import { rmSync } from 'node:fs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dbFile(): string {
  const dir = tempDir();
  dirs.push(dir);
  return path.join(dir, 'brief.db');
}

describe('migrations', () => {
  const latest = listMigrations().at(-1)!.version;

  it('upgrades a file written by the first schema, keeping its articles', () => {
    const file = dbFile();
    const old = openDatabase(file, { migrateTo: 1 });
    expect(schemaVersion(old)).toBe(1);
    old.prepare(`INSERT INTO articles (scope, title, added_at, body, paragraph_sections, sections, noise, format, text_hash)
      VALUES ('shared', 'Old article', '2025-01-01T00:00:00Z', 'Body.', '[null]', '[]', '[]', 'text', 'h1')`).run();
    old.close();

    const store = Store.open(file);
    expect(schemaVersion(store.db)).toBe(latest);
    expect(store.articles.list(null, { limit: 10, offset: 0 }).map((a) => a.title)).toEqual(['Old article']);
    expect(store.articles.quotes(1)).toEqual([]);
    store.close();
  });

  it('leaves a current file alone when opened again', () => {
    const file = dbFile();
    Store.open(file).close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(latest);
    again.close();
  });

  it('refuses a file from a newer version of the bot instead of guessing', () => {
    const file = dbFile();
    const db = openDatabase(file);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(`the database is at schema version ${latest + 1}, newer than this program knows (${latest}); update the bot`);
  });

  it('numbers migrations uniquely and in order', () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(versions[0]).toBe(1);
  });
});

describe('two processes opening a new file at once', () => {
  it('migrate it once; both end current', async () => {
    const { spawn } = await import('node:child_process');
    const file = dbFile();
    const script = `import { openDatabase, schemaVersion } from ${JSON.stringify(path.resolve('src/store/db.ts'))};
      const db = openDatabase(${JSON.stringify(file)}); console.log(schemaVersion(db)); db.close();`;
    const run = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    const results = await Promise.all([run(), run(), run()]);
    const latest = String(listMigrations().at(-1)!.version);
    // stderr is the message on failure: a runtime warning there is not a failed migration.
    for (const r of results) expect({ code: r.code, out: r.out }, r.err).toEqual({ code: 0, out: `${latest}\n` });
  });
});
