// The scheduled digest end to end: the real bot (discord.js, renderer, SQLite) against the fake Discord
// on 127.0.0.1, with a cron that fires every 2 seconds in a +05:45 zone. A digest lands on schedule;
// a restart across slots posts exactly one late digest; two bots on one database post once per slot
// (in this process, and as two `npm start` processes); a 500 on the post is retried and lands once; a
// member cannot set the digest up; every payload is within Discord's limits.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type DigestScheduler, startDigestScheduler } from '../../src/digest/schedule.ts';
import type { SlotRecord } from '../../src/store/digests.ts';
import { distinctStories } from '../digest/support.ts';
import { tempDir } from '../support/store.ts';
import { ADMIN_PERMISSIONS, FakeDiscord, type LandedMessage, MEMBER_PERMISSIONS, messageLimitErrors } from './fake-discord.ts';
import { type BotProcess, type Stack, startBotProcess as startNpmStart, startStack } from './harness.ts';
import { readLedger } from './kill-scenario.ts';

const GUILD = '210000000000000001';
const CHANNEL = '220000000000000001';
const CRON = '*/2 * * * * *';
const ZONE = 'Asia/Kathmandu';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface DigestBot {
  stack: Stack;
  scheduler: DigestScheduler;
  /** Stops the bot (and with it the scheduler); safe to call again at clean-up. */
  stop(): Promise<void>;
}

async function fakeDiscord(): Promise<FakeDiscord> {
  const discord = await FakeDiscord.start({ guilds: [{ id: GUILD, channelIds: [CHANNEL] }] });
  cleanups.push(() => discord.close());
  return discord;
}

function sharedDatabase(): string {
  const dir = tempDir('brief-e2e-digest-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'brief.db');
}

/** A bot with its digest scheduler, as the bot's start-up wires them: posts go through bot.post. */
async function startDigestBot(discord: FakeDiscord, databasePath: string): Promise<DigestBot> {
  const stack = await startStack({
    discord,
    env: { DATABASE_PATH: databasePath, DIGEST_CHANNEL_ID: CHANNEL, DIGEST_CRON: CRON, DIGEST_TIMEZONE: ZONE },
  });
  const scheduler = await startDigestScheduler(stack.services, stack.bot.post, { retryDelaysMs: [300, 600, 1200], leaseMs: 3000 });
  stack.bot.onStop(() => scheduler.stop());
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stack.stop();
  };
  cleanups.push(stop);
  return { stack, scheduler, stop };
}


function expectWithinLimits(messages: LandedMessage[]): void {
  for (const message of messages) {
    expect(messageLimitErrors(message.body)).toBeNull();
    expect(message.body.allowed_mentions).toEqual({ parse: [] });
  }
}

/** Every posted slot's messages landed once each, and nothing else landed in the channel. */
function expectOncePerSlot(discord: FakeDiscord, slots: SlotRecord[]): void {
  const landed = discord.channelMessages(CHANNEL).map((m) => m.id);
  const recorded = slots.flatMap((s) => s.messageIds.flat());
  expect(new Set(recorded).size).toBe(recorded.length);
  expect(landed.sort()).toEqual(recorded.sort());
}

describe('the scheduled digest against the fake Discord', () => {
  it('lands in the channel on schedule, one digest per slot, within limits', async () => {
    const discord = await fakeDiscord();
    const databasePath = sharedDatabase();
    const bot = await startDigestBot(discord, databasePath);
    await bot.stack.services.ingestor.ingestText('stories.jsonl', distinctStories(12).map((r) => JSON.stringify(r)).join('\n'), 'jsonl', null);
    // Two posted slots, however long a loaded machine takes to give them.
    await expect.poll(() => readLedger(databasePath).filter((s) => s.state === 'posted').length, { timeout: 15_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    await bot.stop();
    const slots = readLedger(databasePath).filter((s) => s.state === 'posted');
    expect(slots.length).toBeGreaterThanOrEqual(2);
    for (const slot of slots) {
      expect(Date.parse(slot.slot) % 2000).toBe(0);
      expect(slot.late).toBe(false);
      const first = discord.channelMessages(CHANNEL).find((m) => m.id === slot.messageIds[0]![0]);
      // It lands at its slot: not before it, and before the next one (2 s) on a busy machine.
      expect(first!.at).toBeGreaterThanOrEqual(Date.parse(slot.slot));
      expect(first!.at - Date.parse(slot.slot)).toBeLessThan(1_900);
    }
    expectOncePerSlot(discord, slots);
    const messages = discord.channelMessages(CHANNEL);
    expect(messages.some((m) => /^Security digest · .+ \(Asia\/Kathmandu\)/.test(m.body.embeds?.[0]?.title ?? ''))).toBe(true);
    expectWithinLimits(messages);
  });

  it('a restart across slots posts exactly one late digest for what was missed', async () => {
    const discord = await fakeDiscord();
    const databasePath = sharedDatabase();
    const first = await startDigestBot(discord, databasePath);
    await sleep(2_500);
    await first.stop();
    const before = readLedger(databasePath);
    expect(before.some((s) => s.state === 'posted')).toBe(true);
    await sleep(4_500); // two slots or more go by with no bot running
    const second = await startDigestBot(discord, databasePath);
    await sleep(300);
    await second.stop();
    const after = readLedger(databasePath);
    const late = after.filter((s) => s.late);
    expect(late).toHaveLength(1);
    expect(late[0]!.state).toBe('posted');
    const lateMessage = discord.channelMessages(CHANNEL).find((m) => m.id === late[0]!.messageIds[0]![0]);
    expect(lateMessage!.body.embeds![0]!.description).toMatch(/Posted late, at .+: the bot was offline at the scheduled time\./);
    expectOncePerSlot(discord, after.filter((s) => s.state === 'posted'));
    expectWithinLimits(discord.channelMessages(CHANNEL));
  });

  it('two bots on one database post once per slot', async () => {
    const discord = await fakeDiscord();
    const databasePath = sharedDatabase();
    const a = await startDigestBot(discord, databasePath);
    const b = await startDigestBot(discord, databasePath);
    await sleep(5_000);
    await Promise.all([a.stop(), b.stop()]);
    const posted = readLedger(databasePath).filter((s) => s.state === 'posted');
    expect(posted.length).toBeGreaterThanOrEqual(2);
    // Both fired every slot; each slot was claimed by one of them.
    expect(posted.every((s) => s.owner === a.scheduler.owner || s.owner === b.scheduler.owner)).toBe(true);
    expectOncePerSlot(discord, posted);
  });

  it('a 500 from Discord on the post is retried and the digest lands once', async () => {
    const discord = await fakeDiscord();
    const databasePath = sharedDatabase();
    // More 500s in a row than discord.js retries on its own, so the scheduler's retry is needed too.
    discord.inject({ method: 'POST', path: new RegExp(`^/channels/${CHANNEL}/messages$`), status: 500, times: 6 });
    const bot = await startDigestBot(discord, databasePath);
    await sleep(4_500);
    await bot.stop();
    const slots = readLedger(databasePath);
    const retried = slots.filter((s) => s.attempts > 1);
    expect(retried.length).toBeGreaterThanOrEqual(1);
    expect(retried.every((s) => s.state === 'posted')).toBe(true);
    expectOncePerSlot(discord, slots.filter((s) => s.state === 'posted'));
    expectWithinLimits(discord.channelMessages(CHANNEL));
  });

  it('refuses /digest-admin setup from a member without Manage Server, accepts it from an admin, and autocompletes zones', async () => {
    const discord = await fakeDiscord();
    const bot = await startDigestBot(discord, sharedDatabase());
    const member = discord.command({ guildId: GUILD, name: 'digest-admin', subcommand: 'setup', options: { channel: CHANNEL, time: '08:00' }, permissions: MEMBER_PERMISSIONS });
    await member.settled();
    expect(member.text()).toContain('Only server admins (Manage Server) can use this command.');
    expect(bot.stack.services.sqlite.digests.settings(GUILD)).toBeNull();
    const admin = discord.command({
      guildId: GUILD,
      name: 'digest-admin',
      subcommand: 'setup',
      options: { channel: CHANNEL, time: '08:15', timezone: ZONE },
      permissions: ADMIN_PERMISSIONS,
    });
    await admin.settled();
    expect(admin.text()).toMatch(/Next run: .+ 08:15 Asia\/Kathmandu \(UTC\+05:45\) = .+ 02:30 UTC/);
    expect(bot.stack.services.sqlite.digests.settings(GUILD)).toMatchObject({ channelId: CHANNEL, cron: '15 8 * * *', timezone: ZONE });
    expectWithinLimits(admin.messages);
    const zones = discord.autocomplete({ guildId: GUILD, name: 'digest-admin', subcommand: 'setup', options: { timezone: 'kathm' }, focused: 'timezone', permissions: ADMIN_PERMISSIONS });
    await zones.acknowledged();
    expect(zones.callback?.data?.choices).toEqual([{ name: 'Asia/Kathmandu (UTC+05:45)', value: 'Asia/Kathmandu' }]);
  });
});

function startBotProcess(discord: FakeDiscord, databasePath: string): BotProcess {
  const env = { DATABASE_PATH: databasePath, DIGEST_CHANNEL_ID: CHANNEL, DIGEST_CRON: CRON, DIGEST_TIMEZONE: ZONE };
  return startNpmStart(discord, env, (stop) => cleanups.push(stop));
}

describe('two bot processes (npm start) on one database', () => {
  it('post once per slot', async () => {
    const discord = await fakeDiscord();
    const databasePath = sharedDatabase();
    // One after the other: the first creates the database file and its schema.
    const first = startBotProcess(discord, databasePath);
    await expect.poll(() => first.stderr(), { timeout: 30_000 }).toContain('Discord bot ready');
    const second = startBotProcess(discord, databasePath);
    await expect.poll(() => second.stderr(), { timeout: 30_000 }).toContain('Discord bot ready');
    const bothRunning = Date.now();
    await sleep(5_000);
    first.child.kill('SIGTERM');
    second.child.kill('SIGTERM');
    expect(await first.exited, first.stderr()).toBe(0);
    expect(await second.exited, second.stderr()).toBe(0);
    const posted = readLedger(databasePath).filter((s) => s.state === 'posted');
    expect(posted.filter((s) => Date.parse(s.slot) >= bothRunning).length).toBeGreaterThanOrEqual(2);
    expectOncePerSlot(discord, posted);
    expectWithinLimits(discord.channelMessages(CHANNEL));
  }, 60_000);
});
