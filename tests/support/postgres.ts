// A real PostgreSQL server for tests: Debian's binaries (the postgresql package), a throwaway data
// directory in a temporary folder, loopback TCP on a free port and Unix sockets inside that folder,
// stopped and deleted by the test that started it. PostgreSQL refuses to run as root, so when the
// tests run as root (CI does) the server runs as the `postgres` user the package creates.
//
// Where the server cannot be had, `postgresUnavailable()` says why and the PostgreSQL tests skip with
// that message, unless BRIEF_TEST_POSTGRES=required (.ci/run sets it), when they fail instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const DEBIAN_ROOT = '/usr/lib/postgresql';
const SERVER_USER = 'postgres';

/** The newest installed server's bin folder (PG_BIN overrides), or null. */
export function findPostgresBin(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  if (existsSync(DEBIAN_ROOT)) {
    const versions = readdirSync(DEBIAN_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(DEBIAN_ROOT, v, 'bin')));
  }
  return candidates.find((bin) => ['initdb', 'pg_ctl', 'postgres'].every((tool) => existsSync(path.join(bin, tool)))) ?? null;
}

const isRoot = (): boolean => process.getuid?.() === 0;

function serverUserIds(): { uid: number; gid: number } | null {
  const result = spawnSync('id', ['-u', SERVER_USER], { encoding: 'utf8' });
  const group = spawnSync('id', ['-g', SERVER_USER], { encoding: 'utf8' });
  if (result.status !== 0 || group.status !== 0) return null;
  return { uid: Number(result.stdout.trim()), gid: Number(group.stdout.trim()) };
}

/** Why no test server can be started here, or null when one can. */
export function postgresUnavailable(): string | null {
  if (!findPostgresBin()) {
    return `PostgreSQL server binaries not found (looked in ${DEBIAN_ROOT}/*/bin and PG_BIN); install Debian's postgresql package (.ci/run does when root)`;
  }
  if (isRoot() && !serverUserIds()) return `running as root and there is no "${SERVER_USER}" user to run the server as`;
  return null;
}

/** describe.skipIf(...) argument: true when the PostgreSQL tests must skip (and says why, once). */
export function skipPostgres(): boolean {
  const reason = postgresUnavailable();
  if (reason === null) return false;
  if (process.env.BRIEF_TEST_POSTGRES === 'required') throw new Error(`BRIEF_TEST_POSTGRES=required, but ${reason}`);
  console.warn(`skipping the PostgreSQL tests: ${reason}`);
  return true;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface TestPostgres {
  /** postgres://… of the server's maintenance database (`postgres`). */
  adminUrl: string;
  port: number;
  /** The temporary folder holding the data directory, log and sockets. */
  dir: string;
  /** Creates a new, empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server (immediately: it holds nothing worth keeping) and deletes its folder. */
  stop(): Promise<void>;
}

let databases = 0;

/**
 * initdb + pg_ctl start, tuned for throwaway data (no fsync). About a second on an idle machine.
 * Always pair with stop(), in afterAll.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(postgresUnavailable() ?? 'no PostgreSQL');
  const dir = mkdtempSync(path.join(tmpdir(), 'brief-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const asRoot = isRoot();
  const ids = asRoot ? serverUserIds() : null;
  if (asRoot && !ids) throw new Error(postgresUnavailable() ?? 'no postgres user');
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const superuser = asRoot ? SERVER_USER : userInfo().username;
  const run = (tool: string, args: string[]): void => {
    const command = asRoot ? ['runuser', ['-u', SERVER_USER, '--', path.join(bin, tool), ...args]] as const : [path.join(bin, tool), args] as const;
    try {
      execFileSync(command[0], command[1], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
    } catch (error) {
      const detail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${tool} failed: ${(error as { stderr?: Buffer }).stderr?.toString() ?? String(error)}\n${detail}`, { cause: error });
    }
  };
  // initdb takes seconds; a copy of an initdb'd directory, a fraction of that. The first start on a
  // machine leaves a template beside the temporary folders (a cache, never a running server).
  const template = path.join(tmpdir(), `brief-pg-template-${path.basename(path.dirname(bin))}-${superuser}`);
  if (!existsSync(template)) {
    const fresh = path.join(dir, 'template');
    run('initdb', ['-D', fresh, '-U', superuser, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    try {
      renameSync(fresh, template);
    } catch {
      // Another test file made it first: theirs is as good.
      rmSync(fresh, { recursive: true, force: true });
    }
  }
  execFileSync('cp', ['-a', template, data]);
  const port = await freePort();
  const options = [
    `-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1',
    '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=50',
  ].join(' ');
  let started = false;
  const stop = async (): Promise<void> => {
    process.removeListener('exit', stopOnExit);
    if (started) {
      started = false;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // A server that is already gone is what we wanted.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A process that exits without calling stop() (an error, Ctrl-C handled as an exit) still takes its
  // server with it; only SIGKILL can leave one behind.
  const stopOnExit = (): void => {
    if (!started) return;
    started = false;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Nothing more can be done while exiting.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  try {
    run('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '30', 'start']);
    started = true;
  } catch (error) {
    await stop();
    throw error;
  }
  const adminUrl = `postgres://${encodeURIComponent(superuser)}@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    port,
    dir,
    async createDatabase(name = `brief_test_${process.pid}_${++databases}`) {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return `postgres://${encodeURIComponent(superuser)}@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
