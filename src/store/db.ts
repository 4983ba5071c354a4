// Opens the SQLite file and brings its schema up to date. Migrations are the numbered .sql files
// beside this module, applied in order inside one transaction each; PRAGMA user_version records the
// last one applied, so an older file is upgraded in place and a current one is left alone.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file,
      sql: readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'),
    }));
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies migrations above the file's version, up to `target` (all of them by default). The version
 * is read and the upgrade written under one write lock (BEGIN IMMEDIATE), so two processes opening a
 * new file at the same moment cannot both run the same migration.
 */
export function migrate(db: Db, target = Infinity): number {
  const migrations = listMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  db.transaction(() => {
    const current = schemaVersion(db);
    if (current > latest) {
      throw new Error(`the database is at schema version ${current}, newer than this program knows (${latest}); update the bot`);
    }
    for (const migration of migrations) {
      if (migration.version <= current || migration.version > target) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
  return schemaVersion(db);
}

export function openDatabase(file: string, options: { migrateTo?: number } = {}): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // Two bot processes may share one file (the digest test does): wait for a lock instead of failing.
  // Set first, so that switching to WAL and migrating wait too.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db, options.migrateTo);
  return db;
}
