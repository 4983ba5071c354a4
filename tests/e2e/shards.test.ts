// A sharded bot end to end: `npm start` with SHARDS=auto becomes discord.js's sharding manager, the
// fake Discord recommends two shards, and each shard runs in a process of its own on one PostgreSQL
// database (the SQLite file where no PostgreSQL server can be had, saying so). Every
// command is answered once, by the shard that holds its server; each server's seconds-level digest is
// posted once per slot; a shard killed with SIGKILL between Discord accepting a digest and the answer
// reaching it is started again by the manager, and its slot is neither posted twice nor lost.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SlotRecord } from '../../src/store/digests.ts';
import { postgresUnavailable, skipPostgres, startPostgres, type TestPostgres } from '../support/postgres.ts';
import { tempDir } from '../support/store.ts';
import { ADMIN_PERMISSIONS, FakeDiscord, type LandedMessage } from './fake-discord.ts';
import { type BotProcess, startBotProcess } from './harness.ts';
import { killStories, pgLedgerReader, readLedger } from './kill-scenario.ts';

/** A Discord id whose server Discord sends to `shard` of `count`: the shard is (id >> 22) % count. */
function guildOnShard(shard: number, count: number, n: number): string {
  const timestamp = 1_000_000_000_000n + BigInt(count * n + shard);
  return ((timestamp << 22n) + 1n).toString();
}

const SHARD_COUNT = 2;
/** Where the default digest of shared articles goes: a channel in the server shard 1 holds, posted by shard 0. */
const SHARED_CHANNEL = guildOnShard(1, SHARD_COUNT, 9);
const GUILDS = [0, 1].map((shard) => ({
  id: guildOnShard(shard, SHARD_COUNT, 7),
  channelIds: [guildOnShard(shard, SHARD_COUNT, 8), ...(shard === 1 ? [SHARED_CHANNEL] : [])],
}));
/** Each digest: its ledger key and its channel. */
const DIGESTS = [...GUILDS.map((g) => ({ guild: g.id, channel: g.channelIds[0]! })), { guild: 'shared', channel: SHARED_CHANNEL }];
const CRON = '*/3 * * * * *';
const ZONE = 'Asia/Karachi';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(condition: () => boolean, timeoutMs: number, what: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms\n${stderr().slice(-4000)}`);
    await sleep(50);
  }
}

/** The pid of each shard's current process, from the manager's "shard process started" log lines. */
function shardPids(stderr: string): Map<number, number> {
  const pids = new Map<number, number>();
  for (const line of stderr.split('\n')) {
    if (!line.includes('shard process started')) continue;
    const entry = JSON.parse(line) as { shard: number; pid: number };
    pids.set(entry.shard, entry.pid);
  }
  return pids;
}

const ON_POSTGRES = !skipPostgres();
let server: TestPostgres | null = null;
beforeAll(async () => {
  if (ON_POSTGRES) server = await startPostgres();
  else process.stderr.write(`shards.test: on the SQLite file, as PostgreSQL is unavailable: ${postgresUnavailable()}\n`);
});
afterAll(async () => {
  await server?.stop();
});

describe(`SHARDS=auto: one process per shard on one ${ON_POSTGRES ? 'PostgreSQL database' : 'SQLite file'}`, () => {
  it('answers every command once, posts each slot once, and survives a shard killed mid-post', async () => {
    const dir = tempDir('brief-shards-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const articlesDir = path.join(dir, 'articles');
    mkdirSync(articlesDir);
    writeFileSync(path.join(articlesDir, 'stories.jsonl'), killStories(false));
    const databasePath = path.join(dir, 'brief.db');
    const databaseUrl = server ? await server.createDatabase() : null;
    const readers = new Map<string, () => Promise<SlotRecord[]>>();
    for (const { guild } of DIGESTS) {
      if (!databaseUrl) {
        readers.set(guild, () => Promise.resolve(readLedger(databasePath, guild)));
        continue;
      }
      const reader = await pgLedgerReader(databaseUrl, guild);
      cleanups.push(() => reader.close());
      readers.set(guild, reader.read);
    }
    const ledgerOf = (guild: string): Promise<SlotRecord[]> => readers.get(guild)!();
    const discord = await FakeDiscord.start({ guilds: GUILDS, shards: SHARD_COUNT, maxConcurrency: 16 });
    cleanups.push(() => discord.close());
    let manager: BotProcess | null = null;
    cleanups.push(async () => {
      if (!manager) return;
      manager.killGroup('SIGKILL');
      await manager.exited;
    });
    const store: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_PATH: databasePath };
    const digest = { DIGEST_CHANNEL_ID: SHARED_CHANNEL, DIGEST_CRON: CRON, DIGEST_TIMEZONE: ZONE };
    manager = startBotProcess(discord, { SHARDS: 'auto', ...store, ...digest, ARTICLES_DIR: articlesDir }, () => {});
    const bot = manager;

    await discord.waitForLogin(90_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${bot.stderr().slice(-4000)}`);
    });
    await until(() => (discord.registered.get('')?.length ?? 0) > 0, 30_000, 'no commands registered', bot.stderr);
    expect(discord.identifies).toBe(SHARD_COUNT);
    expect(discord.overwrites.get('')).toBe(1);
    const before = shardPids(bot.stderr());
    expect(before.size).toBe(SHARD_COUNT);

    // Each server's commands reach its own shard's process, and are answered there once.
    const asked = GUILDS.flatMap((guild) => [
      discord.command({ guildId: guild.id, name: 'help' }),
      discord.command({ guildId: guild.id, name: 'topic', options: { name: 'ttp' } }),
      discord.command({ guildId: guild.id, name: 'digest-admin', subcommand: 'setup', options: { channel: guild.channelIds[0]!, cron: CRON, timezone: ZONE }, permissions: ADMIN_PERMISSIONS }),
    ]);
    for (const interaction of asked) await interaction.settled(20_000);
    for (const interaction of asked) expect(interaction.callback, interaction.text()).toBeDefined();
    // One accepted callback per interaction: a second process answering too would get 40060 here.
    const callbacks = discord.requests.filter((r) => /^\/interactions\/\d+\/[^/]+\/callback$/.test(r.path));
    expect(callbacks).toHaveLength(asked.length);
    expect(callbacks.every((r) => r.status >= 200 && r.status < 300)).toBe(true);
    expect(asked[2]!.text()).toContain('Next run');

    // Shard 1's server: Discord stores its second digest and the shard is killed before the answer.
    const [, second] = GUILDS;
    const victim = before.get(1)!;
    let cut: LandedMessage | null = null;
    discord.dropAnswer({
      path: new RegExp(`^/channels/${second!.channelIds[0]}/messages$`),
      skip: 1,
      onAccepted: (landed) => {
        cut = landed;
        process.kill(victim, 'SIGKILL');
      },
    });
    await until(() => cut !== null, 60_000, 'no digest post was cut', bot.stderr);
    await until(() => (shardPids(bot.stderr()).get(1) ?? victim) !== victim, 30_000, 'shard 1 was not started again', bot.stderr);

    // The restarted shard records the message Discord kept as its slot's, and both servers go on.
    const posted = async (guild: string): Promise<SlotRecord[]> => (await ledgerOf(guild)).filter((s) => s.state === 'posted');
    let settled = false;
    const deadline = Date.now() + 60_000;
    while (!settled && Date.now() < deadline) {
      const second = await posted(GUILDS[1]!.id);
      const killed = second.find((s) => s.messageIds.flat().includes(cut!.id));
      settled =
        killed !== undefined &&
        second.filter((s) => s.slot > killed.slot).length >= 2 &&
        (await posted(GUILDS[0]!.id)).length >= 3 &&
        (await posted('shared')).length >= 3;
      if (!settled) await sleep(200);
    }
    if (!settled) throw new Error(`the digests did not go on after the kill\n${bot.stderr().slice(-4000)}`);

    bot.killGroup('SIGTERM');
    expect(await bot.exited).toBe(0);
    manager = null;

    for (const { guild, channel } of DIGESTS) {
      const messages: LandedMessage[] = discord.channelMessages(channel);
      const ledger = await ledgerOf(guild);
      const lastPosted = ledger.filter((s) => s.state === 'posted').at(-1)!.slot;
      const ids = new Set(messages.map((m) => m.id));
      // Once: no nonce landed twice, and every message in the channel belongs to a recorded slot.
      expect(messages.length, guild).toBe(new Set(messages.map((m) => m.nonce)).size);
      const recorded = new Set(ledger.flatMap((s) => s.messageIds.flat()));
      expect(messages.filter((m) => !recorded.has(m.id)), guild).toEqual([]);
      // Nothing lost: every slot up to the last posted one was posted in full.
      const lost = ledger.filter((s) => s.slot <= lastPosted && s.state !== 'skipped' && (s.state !== 'posted' || !s.messageIds.flat().every((id) => ids.has(id))));
      expect(lost, guild).toEqual([]);
    }
    expect(bot.stderr()).toContain('finishing a digest a stopped process had begun');
  }, 240_000);

  it('stops its shards when the manager itself is killed with SIGKILL', async () => {
    const dir = tempDir('brief-shards-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const discord = await FakeDiscord.start({ guilds: GUILDS, maxConcurrency: 16 });
    cleanups.push(() => discord.close());
    const bot = startBotProcess(discord, { SHARDS: '2', DATABASE_PATH: path.join(dir, 'brief.db'), ARTICLES_DIR: path.join(dir, 'none') }, () => {});
    cleanups.push(async () => {
      bot.killGroup('SIGKILL');
      await bot.exited;
    });
    await discord.waitForLogin(90_000);
    await until(() => shardPids(bot.stderr()).size === 2, 10_000, 'no shard pids logged', bot.stderr);
    const managerPid = (JSON.parse(bot.stderr().split('\n').find((line) => line.includes('starting shards'))!) as { pid: number }).pid;
    process.kill(managerPid, 'SIGKILL');
    // Orphaned shards would go on serving beside a restarted manager's; they notice and stop.
    await until(() => [...shardPids(bot.stderr()).values()].every((pid) => !running(pid)), 20_000, 'a shard outlived its manager', bot.stderr);
    expect(bot.stderr()).toContain('manager gone');
  }, 120_000);
});

/** Alive and not a zombie waiting to be reaped (Linux's /proc says which). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
