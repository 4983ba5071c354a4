// `brief migrate --to "$DATABASE_URL"`: copies a SQLite store into an empty PostgreSQL database, then
// proves nothing was lost before committing: every table's row count and a checksum of every value
// of every row are computed on both sides and must agree, or the whole copy is rolled back.
//
// Rows are copied verbatim (the PostgreSQL schema mirrors SQLite's column for column, ids included),
// and the identity sequences are moved past the copied ids, so articles and feeds added afterwards
// get fresh ones. The full-text vectors are PostgreSQL's generated column: computed as rows arrive.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type pg from 'pg';
import { type Db, openDatabase } from './db.ts';
import { inTransaction, openPgPool } from './pg/db.ts';
import { valuesList } from './pg/sql.ts';
import { redactedUrl } from './pg/url.ts';

/** Every table of the store, parents before children (foreign keys), with its primary key. */
export const COPIED_TABLES = [
  { table: 'articles', identity: 'id' },
  { table: 'quotes' },
  { table: 'article_topics' },
  { table: 'article_stories' },
  { table: 'removed_articles' },
  { table: 'guild_topics' },
  { table: 'guild_settings' },
  { table: 'digest_slots' },
  { table: 'feeds', identity: 'id' },
  { table: 'feed_items' },
] as const;

export interface TableCopy {
  table: string;
  rows: number;
  /** sha256 over every row's values, independent of row order; equal on both sides. */
  checksum: string;
}

export interface MigrationReport {
  from: string;
  to: string;
  tables: TableCopy[];
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Values as one canonical string: the same row read from either engine gives the same digest. */
function rowDigest(values: unknown[]): Buffer {
  return createHash('sha256').update(JSON.stringify(values)).digest();
}

/** Order-independent: the row digests sorted, then hashed together (row order differs by collation). */
function tableChecksum(digests: Buffer[]): string {
  digests.sort(Buffer.compare);
  const hash = createHash('sha256');
  for (const digest of digests) hash.update(digest);
  return hash.digest('hex');
}

function columnsOf(db: Db, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Rows a statement may carry: PostgreSQL takes at most 65,535 parameters, and big bodies want smaller batches. */
function batchSize(columns: number): number {
  return Math.max(1, Math.min(500, Math.floor(60_000 / columns)));
}

async function copyTable(source: Db, target: pg.PoolClient, table: string, identity: string | undefined): Promise<TableCopy> {
  const columns = columnsOf(source, table);
  const columnList = columns.map(quoted).join(', ');
  const size = batchSize(columns.length);
  const digests: Buffer[] = [];
  let batch: unknown[][] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await target.query(`INSERT INTO ${table} (${columnList}) VALUES ${valuesList(batch.length, columns.length)}`, batch.flat());
    batch = [];
  };
  for (const row of source.prepare(`SELECT ${columnList} FROM ${table}`).raw().iterate() as IterableIterator<unknown[]>) {
    digests.push(rowDigest(row));
    batch.push(row);
    if (batch.length >= size) await flush();
  }
  await flush();
  if (identity) {
    // Past the copied ids (or back to 1 for an empty table), so the next insert does not collide.
    await target.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${identity}) FROM ${table}), 0) + 1, false)`, [table, identity]);
  }
  return { table, rows: digests.length, checksum: tableChecksum(digests) };
}

async function readBack(target: pg.PoolClient, table: string, columns: string[]): Promise<TableCopy> {
  const { rows } = await target.query<unknown[]>({ text: `SELECT ${columns.map(quoted).join(', ')} FROM ${table}`, rowMode: 'array' });
  return { table, rows: rows.length, checksum: tableChecksum(rows.map(rowDigest)) };
}

/**
 * Copies the SQLite store at `sqliteFile` into the PostgreSQL database at `url`, which must hold no
 * rows yet (its schema is created or brought up to date first). Resolves with each table's count and
 * checksum, verified equal on both sides; rejects, having changed nothing, otherwise.
 */
export async function migrateToPostgres(sqliteFile: string, url: string, progress: (line: string) => void = () => undefined): Promise<MigrationReport> {
  // Opening a missing file would create an empty store and copy nothing, "successfully".
  if (sqliteFile === ':memory:' || !existsSync(sqliteFile)) throw new MigrationError(`no SQLite store at ${sqliteFile} (set DATABASE_PATH or pass --from)`);
  const source = openDatabase(sqliteFile);
  let pool: pg.Pool | null = null;
  try {
    pool = await openPgPool(url, { max: 1 });
    const tables = await inTransaction(pool, async (target) => {
      for (const { table } of COPIED_TABLES) {
        const { rows } = await target.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table}) AS any`);
        if (rows[0]!.any) throw new MigrationError(`the PostgreSQL database already has rows in ${table}; migrate into an empty database, so nothing is mixed or overwritten`);
      }
      const copies: TableCopy[] = [];
      for (const { table, ...rest } of COPIED_TABLES) {
        const copy = await copyTable(source, target, table, 'identity' in rest ? rest.identity : undefined);
        const check = await readBack(target, table, columnsOf(source, table));
        if (check.rows !== copy.rows || check.checksum !== copy.checksum) {
          throw new MigrationError(`${table}: SQLite has ${copy.rows} rows (checksum ${copy.checksum.slice(0, 12)}), PostgreSQL ${check.rows} (${check.checksum.slice(0, 12)}); nothing was committed`);
        }
        progress(`${table}: ${copy.rows} rows, checksum ${copy.checksum.slice(0, 12)} verified`);
        copies.push(copy);
      }
      return copies;
    });
    return { from: sqliteFile, to: redactedUrl(url), tables };
  } finally {
    source.close();
    await pool?.end();
  }
}
