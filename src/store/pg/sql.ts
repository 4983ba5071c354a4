// Small pieces every PostgreSQL store module shares.
import pg from 'pg';
import { inTransaction, type Queryable } from './db.ts';
import { visibleTo as visibleToScope } from '../rules.ts';

/** visibleTo (src/store/rules.ts) with the scope in PostgreSQL's numbered parameter $n. */
export function visibleTo(column: string, parameter: number): string {
  return visibleToScope(column, `$${parameter}`);
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
