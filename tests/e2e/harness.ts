// Starts the real bot (startBot: real discord.js client, real dispatch, real SQLite) against the fake
// Discord, with a log that the test can read. Shared by the bot e2e tests, the digest e2e tests and
// the dispatch benchmark.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pino } from 'pino';
import { type BotHandle, type BotOptions, startBot } from '../../src/discord/bot.ts';
import { REPO_ROOT } from '../support/corpora.ts';
import { testServices, type TestServices } from '../support/store.ts';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.ts';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Stack {
  discord: FakeDiscord;
  bot: BotHandle;
  services: TestServices;
  /** Every log line the bot wrote, parsed. */
  logs: LogLine[];
  /** Stops the bot (closing its database), the fake, and removes the temporary folder. */
  stop(): Promise<void>;
}

export interface StackOptions extends FakeDiscordOptions, BotOptions {
  /** Extra settings, as environment variables (ALLOW_PRIVATE_URLS, DISCORD_GUILD_ID, …). */
  env?: Record<string, string>;
  /** Reuse a running fake (to test a restart); it is not closed by stop(). */
  discord?: FakeDiscord;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const discord = options.discord ?? (await FakeDiscord.start(options));
  const logs: LogLine[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const base = testServices({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, ...options.env });
  const services: TestServices = { ...base, log };
  const bot = await startBot(services, { commands: options.commands });
  return {
    discord,
    bot,
    services,
    logs,
    async stop() {
      await bot.stop();
      services.cleanup();
      if (!options.discord) await discord.close();
    },
  };
}

/** A short security-news article, different for every n. */
export function generatedArticle(n: number): { title: string; text: string; published: string } {
  const places = ['Peshawar', 'Quetta', 'Kabul', 'Srinagar', 'Bannu', 'Chaman', 'Torkham', 'Kurram'];
  const place = places[n % places.length]!;
  return {
    title: `Checkpoints reinforced in ${place} after attack ${n}`,
    text: [
      `Security forces reinforced checkpoints in ${place} on Monday after militants attacked a police post, officials said.`,
      `"We will not allow anyone to disturb the peace," the district police officer said, adding that ${n % 17} suspects had been detained.`,
      `It was attack number ${n} recorded by the provincial home department this year.`,
    ].join('\n\n'),
    published: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
  };
}

/**
 * Fills the shared collection to `total` articles in about a second: `distinct` articles go through
 * the real ingest (parse, analyse, store), then their rows (articles and every table keyed by
 * article_id) are copied under new ids and hashes. Analysing 10,000 articles one by one would take
 * most of the e2e budget and test nothing more.
 */
export async function fillArticles(services: TestServices, total: number, distinct = 200): Promise<void> {
  const lines = Array.from({ length: Math.min(distinct, total) }, (_, n) => JSON.stringify(generatedArticle(n)));
  const report = await services.ingestor.ingestText('generated', lines.join('\n'), 'jsonl', null);
  if (report.added.length !== lines.length) throw new Error(`fillArticles: ${JSON.stringify(report.rejected.slice(0, 3))}`);
  const { db } = services.sqlite;
  const columnsOf = (table: string): string[] => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  const children = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%'").all() as { name: string }[])
    .map((t) => t.name)
    .filter((name) => columnsOf(name).includes('article_id'));
  const first = Math.min(...report.added.map((a) => a.id));
  const last = Math.max(...report.added.map((a) => a.id));
  const articleColumns = columnsOf('articles').filter((c) => c !== 'id');
  const copied = (copy: number, column: string): string =>
    ({ text_hash: `text_hash || '#${copy}'`, canonical_url: 'NULL', title: `title || ' (${copy})'` })[column] ?? column;
  db.transaction(() => {
    for (let copy = 1; services.sqlite.articles.count(null) < total; copy++) {
      const offset = (db.prepare('SELECT max(id) AS m FROM articles').get() as { m: number }).m - first + 1;
      const room = total - services.sqlite.articles.count(null);
      const upTo = Math.min(last, first + room - 1);
      db.prepare(`INSERT INTO articles (id, ${articleColumns.join(', ')})
        SELECT id + ${offset}, ${articleColumns.map((c) => copied(copy, c)).join(', ')} FROM articles WHERE id BETWEEN ${first} AND ${upTo}`).run();
      // Only ArticleStore.insert adds to the search index by itself (migration 007); copies are indexed here.
      db.prepare(`INSERT INTO articles_fts (rowid, title, body)
        SELECT id, title, body FROM articles WHERE id BETWEEN ${first + offset} AND ${upTo + offset}`).run();
      for (const table of children) {
        const columns = columnsOf(table).filter((c) => c !== 'id');
        const values = columns.map((c) => (c === 'article_id' ? `article_id + ${offset}` : c));
        db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${table} WHERE article_id BETWEEN ${first} AND ${upTo}`).run();
      }
    }
  })();
  services.sqlite.articles.reloadCatalog();
}

/** One way to exercise a registered command as it stands: its autocomplete, or the command itself. */
export interface CommandVariant {
  label: string;
  name: string;
  subcommand: string | undefined;
  /** The option to autocomplete, or null to run the command with no options. */
  autocomplete: string | null;
}

type RegisteredOption = { name: string; type: number; required?: boolean; autocomplete?: boolean; options?: RegisteredOption[] };
const SUBCOMMAND = 1;

/**
 * Every command the fake saw registered, except those named, as variants a test can send: each
 * (sub)command's autocomplete where it offers one, and the (sub)command itself when nothing is required.
 */
export function commandVariants(discord: FakeDiscord, except: string[]): CommandVariant[] {
  const variants: CommandVariant[] = [];
  for (const definition of discord.registered.get('') ?? []) {
    if (except.includes(definition.name)) continue;
    const options = (definition.options ?? []) as RegisteredOption[];
    const subcommands = options.filter((o) => o.type === SUBCOMMAND);
    const forms = subcommands.length ? subcommands.map((s) => ({ sub: s.name, opts: s.options ?? [] })) : [{ sub: undefined, opts: options }];
    for (const { sub, opts } of forms) {
      const label = `/${definition.name}${sub ? ` ${sub}` : ''}`;
      const focused = opts.find((o) => o.autocomplete);
      if (focused) variants.push({ label: `${label} [autocomplete]`, name: definition.name, subcommand: sub, autocomplete: focused.name });
      if (!opts.some((o) => o.required)) variants.push({ label, name: definition.name, subcommand: sub, autocomplete: null });
    }
  }
  return variants;
}

export interface BotProcess {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Signals the whole process group (tsx and the node process it runs), as a crash or `kill -9 -pgid` would. */
  killGroup(signal: NodeJS.Signals): void;
}

/**
 * `npm start` as its own process (main.ts, the bot and the digest scheduler it starts) against the
 * fake, with only the settings given: ENV_FILE points nowhere, so a developer's .env cannot leak in.
 * The caller kills it; `cleanup` receives a SIGKILL of its process group for the case a test fails
 * first. It leads a process group of its own, so a kill reaches the node process tsx starts too.
 */
export function startBotProcess(discord: FakeDiscord, env: Record<string, string>, cleanup: (stop: () => void) => void): BotProcess {
  const child = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), [path.join(REPO_ROOT, 'src/main.ts')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ENV_FILE: '/nonexistent/.env', DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  cleanup(() => killGroup('SIGKILL'));
  return { child, stderr: () => stderr, exited, killGroup };
}
