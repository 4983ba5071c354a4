// The bot with DATABASE_URL set: a real PostgreSQL server (tests/support/postgres.ts) instead of the
// SQLite file. Ingest from a file, then /quotes, /topic, /summary and /article list answer word for
// word as they do on SQLite over the same articles at the same instant; and two bots (two engines,
// two pools) on one PostgreSQL database post the scheduled digest through the fake Discord once per
// slot; and `npm start` SIGKILLed after Discord accepted a digest part, restarted on the same
// PostgreSQL database, posts that slot's missing part once and later slots once. Skips with the reason when no PostgreSQL server can be had, unless BRIEF_TEST_POSTGRES=required.
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { askCommandLine, createServices } from '../../src/app.ts';
import type { Services } from '../../src/command.ts';
import { configFromEnv } from '../../src/config.ts';
import { replyToText } from '../../src/console/render.ts';
import { type BotHandle, startBot } from '../../src/discord/bot.ts';
import { startDigestScheduler } from '../../src/digest/schedule.ts';
import { silentLogger } from '../../src/log.ts';
import type { SlotRecord } from '../../src/store/digests.ts';
import { distinctStories } from '../digest/support.ts';
import { REPO_ROOT } from '../support/corpora.ts';
import { skipPostgres, startPostgres, type TestPostgres } from '../support/postgres.ts';
import { tempDir } from '../support/store.ts';
import { ADMIN_PERMISSIONS, FakeDiscord } from './fake-discord.ts';
import { killDuringPost } from './kill-scenario.ts';
import { expectKilledSlotPostedOnce } from './kill-expectations.ts';

const GUILD = '230000000000000001';
const CHANNEL = '240000000000000001';
const NOW = new Date('2026-12-03T09:00:00.000Z');
/** The shipped article and the fixtures: a file of each kind the bot reads. */
const INPUTS = ['data/articles', 'tests/fixtures/torkham.md', 'tests/fixtures/chaman.html', 'tests/fixtures/briefs.jsonl'].map((p) => path.join(REPO_ROOT, p));

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Services as main.ts builds them from the environment: createServices opens the engine config.store names. */
async function servicesFrom(env: Record<string, string>, clock?: () => Date): Promise<Services> {
  const dir = tempDir('brief-e2e-pg-');
  const config = configFromEnv({ DATABASE_PATH: path.join(dir, 'brief.db'), CHARTS: '1', ...env });
  const services = await createServices(config, silentLogger(), clock);
  cleanups.push(() => services.store.close());
  return services;
}

/** The shared digest's ledger, read from PostgreSQL through the engine as the bot reads it. */
async function pgLedger(services: Services, url: string): Promise<SlotRecord[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ slot: string }>("SELECT slot FROM digest_slots WHERE guild = 'shared' ORDER BY slot");
    const records: SlotRecord[] = [];
    for (const { slot } of rows) records.push((await services.store.digests.slot('shared', slot))!);
    return records;
  } finally {
    await client.end();
  }
}

describe.skipIf(skipPostgres())('the bot on PostgreSQL (DATABASE_URL)', () => {
  let server: TestPostgres;

  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('ingests files and answers /quotes, /topic, /summary and /article list as it does on SQLite', async () => {
    const onPostgres = await servicesFrom({ DATABASE_URL: await server.createDatabase() }, () => NOW);
    const onSqlite = await servicesFrom({}, () => NOW);
    expect([onPostgres.store.engine, onSqlite.store.engine]).toEqual(['postgres', 'sqlite']);

    const reports = [];
    for (const services of [onPostgres, onSqlite]) reports.push(await services.ingestor.ingestPaths(INPUTS, null));
    const [pgReport, sqliteReport] = reports;
    expect(pgReport!.added.length).toBeGreaterThanOrEqual(4);
    expect(pgReport).toEqual(sqliteReport);
    // Ingest again: every article is known by its hash, on PostgreSQL as on SQLite.
    const again = await onPostgres.ingestor.ingestPaths(INPUTS, null);
    expect(again.added).toEqual([]);
    expect(again.duplicates).toHaveLength(pgReport!.added.length);

    const lines = ['/quotes', '/quotes speaker:Asif', '/topic name:ttp', '/topic name:pak-afghan-border days:30', '/summary article:1', '/article list', '/topics'];
    for (const line of lines) {
      const pgText = replyToText(await askCommandLine(onPostgres, line));
      expect(pgText, line).toBe(replyToText(await askCommandLine(onSqlite, line)));
      expect(pgText, line).not.toMatch(/Something went wrong/);
    }
    // A guild's own article and topic stay the guild's, on PostgreSQL too.
    const admin = { guildId: GUILD, userId: '250000000000000001', isAdmin: true };
    for (const services of [onPostgres, onSqlite]) {
      await askCommandLine(services, '/topic-admin add id:crossings label:Crossings aliases:"border crossing,crossing point"', admin);
      await askCommandLine(services, '/article-admin add text:"The Torkham border crossing reopened on Friday, customs officials said, after talks between the two sides." title:"Torkham border crossing reopens"', admin);
    }
    for (const line of ['/topic name:crossings days:30', '/article list', '/topics']) {
      expect(replyToText(await askCommandLine(onPostgres, line, admin)), line).toBe(replyToText(await askCommandLine(onSqlite, line, admin)));
    }
    expect(replyToText(await askCommandLine(onPostgres, '/article list'))).not.toContain('Torkham border crossing reopens');
  }, 120_000);

  it('two processes ingesting the same articles at one moment store each once: the loser reports duplicates, not an error', async () => {
    const url = await server.createDatabase();
    const first = await servicesFrom({ DATABASE_URL: url });
    const second = await servicesFrom({ DATABASE_URL: url });
    for (let round = 0; round < 3; round++) {
      const lines = Array.from({ length: 20 }, (_, i) =>
        JSON.stringify({ title: `Convoy ${round}-${i} reaches Parachinar`, text: `A relief convoy numbered ${round}-${i} reached Parachinar on Tuesday under escort, officials said, after the road had been closed for ${i + 2} days.` }),
      ).join('\n');
      const reports = await Promise.all([first, second].map((services) => services.ingestor.ingestText(`round-${round}.jsonl`, lines, 'jsonl', null)));
      for (const report of reports) expect(report.rejected).toEqual([]);
      // Every article stored once, whichever process won it; the other one names it a duplicate.
      expect(reports[0]!.added.length + reports[1]!.added.length).toBe(20);
      expect(reports[0]!.duplicates.length + reports[1]!.duplicates.length).toBe(20);
    }
    expect(await first.store.articles.count(null)).toBe(60);
  }, 60_000);

  it('two bots on one PostgreSQL database answer through the fake Discord and post each digest slot once', async () => {
    const url = await server.createDatabase();
    const discord = await FakeDiscord.start({ guilds: [{ id: GUILD, channelIds: [CHANNEL] }] });
    cleanups.push(() => discord.close());
    const env = {
      DATABASE_URL: url,
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DIGEST_CHANNEL_ID: CHANNEL,
      DIGEST_CRON: '*/2 * * * * *',
      DIGEST_TIMEZONE: 'Asia/Kathmandu',
    };
    const bots: { services: Services; bot: BotHandle; owner: string }[] = [];
    for (let n = 0; n < 2; n++) {
      const services = await servicesFrom(env);
      const bot = await startBot(services);
      const scheduler = await startDigestScheduler(services, bot.post, { retryDelaysMs: [300, 600, 1200], leaseMs: 3000 });
      bot.onStop(() => scheduler.stop());
      cleanups.push(() => bot.stop());
      bots.push({ services, bot, owner: scheduler.owner });
    }
    const [a, b] = bots as [(typeof bots)[0], (typeof bots)[0]];
    // Stored by one process, seen by the other: the store is the database, not the process.
    await a.services.ingestor.ingestText('stories.jsonl', distinctStories(12).map((r) => JSON.stringify(r)).join('\n'), 'jsonl', null);
    const listed = discord.command({ guildId: GUILD, name: 'article', subcommand: 'list', permissions: ADMIN_PERMISSIONS });
    await listed.settled();
    expect(listed.text()).toContain('Articles (12)');

    await expect.poll(async () => (await pgLedger(a.services, url)).filter((s) => s.state === 'posted').length, { timeout: 20_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    await Promise.all([a.bot.stop(), b.bot.stop()]);

    const reader = await servicesFrom({ DATABASE_URL: url });
    const posted = (await pgLedger(reader, url)).filter((s) => s.state === 'posted');
    expect(posted.length).toBeGreaterThanOrEqual(2);
    expect(posted.every((s) => s.owner === a.owner || s.owner === b.owner)).toBe(true);
    // Every posted slot's messages landed once each, and nothing else landed in the channel.
    const recorded = posted.flatMap((s) => s.messageIds.flat());
    expect(new Set(recorded).size).toBe(recorded.length);
    expect(discord.channelMessages(CHANNEL).map((m) => m.id).sort()).toEqual(recorded.sort());
    // The first digest told the stories stored above.
    expect(JSON.stringify(discord.channelMessages(CHANNEL)[0]!.body)).toMatch(/Security digest/);
  }, 120_000);

  it('npm start killed with SIGKILL mid-post: the next process on the same database posts that slot once, in order, and later slots once', async () => {
    const outcome = await killDuringPost({ parts: 'several', killAfterPart: 1, guards: 'both', databaseUrl: await server.createDatabase() }, (stop) => void cleanups.push(stop));
    expectKilledSlotPostedOnce(outcome);
  }, 120_000);
});
