// DATABASE_URL: which engine the store uses. Unset (or empty), the embedded SQLite file at
// DATABASE_PATH stays the default; postgres://… or postgresql://… selects a PostgreSQL server.
// Anything else is refused with a message that names the variable, rather than guessed at.

export type StoreLocation = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

/** `url` with its password replaced, for logs and error messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Checks a postgres:// URL and returns it normalised (postgresql: becomes postgres:). */
export function parsePostgresUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DatabaseUrlError('DATABASE_URL is not a URL; expected postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DatabaseUrlError(`DATABASE_URL must start with postgres:// or postgresql:// (got ${url.protocol}//); leave it unset to use the SQLite file at DATABASE_PATH`);
  }
  const host = url.hostname || url.searchParams.get('host');
  if (!host) throw new DatabaseUrlError(`DATABASE_URL names no host: ${redactedUrl(raw)}`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) throw new DatabaseUrlError(`DATABASE_URL names no database (…/dbname at the end): ${redactedUrl(raw)}`);
  if (url.port && !(Number(url.port) >= 1 && Number(url.port) <= 65535)) throw new DatabaseUrlError(`DATABASE_URL has a bad port: ${url.port}`);
  return `postgres://${raw.trim().slice(raw.trim().indexOf('//') + 2)}`;
}

/** The store to open from DATABASE_URL (when set) or the SQLite file path. */
export function storeLocation(databaseUrl: string | undefined | null, sqliteFile: string): StoreLocation {
  if (databaseUrl === undefined || databaseUrl === null || databaseUrl.trim() === '') return { engine: 'sqlite', file: sqliteFile };
  return { engine: 'postgres', url: parsePostgresUrl(databaseUrl) };
}
