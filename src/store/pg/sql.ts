// Small pieces every PostgreSQL store module shares.
import pg from 'pg';
import { SHARED } from '../../domain/scope.ts';
import { inTransaction, type Queryable } from './db.ts';

/**
 * The rows `column` lets the scope in parameter $n see: the shared collection and the guild's own
 * (visibleTo in src/store/articles.ts, in PostgreSQL's numbered parameters).
 */
export function visibleTo(column: string, parameter: number): string {
  return `(${column} = '${SHARED}' OR ${column} = $${parameter})`;
}

/**
 * Runs `work` atomically: on a pool, in a transaction of its own; on a client, the caller already
 * opened one (StoreEngine.transaction hands its store modules a client only inside BEGIN … COMMIT).
 */
export function atomically<T>(db: Queryable, work: (client: Queryable) => Promise<T>): Promise<T> {
  return db instanceof pg.Pool ? inTransaction(db, work) : work(db);
}

/** `VALUES ($1, $2), ($3, $4)`-style placeholders for `rows` rows of `width` values. */
export function valuesList(rows: number, width: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    out.push(`(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
  }
  return out.join(', ');
}
