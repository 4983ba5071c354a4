// Once per slot even when the bot dies mid-post. The fake Discord honours nonce + enforce_nonce and
// can store a post while cutting the connection before the answer; the bot's posts of its own carry
// a nonce of (guild, slot, part) and, on a retry or takeover, look in the channel first. Checked on
// the fake itself, on the bot's own-post path (each guard alone, and neither), on the scheduler
// in-process, and on `npm start` processes killed with SIGKILL between accept and answer.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startDigestScheduler } from '../../src/digest/schedule.ts';
import { nonceFor } from '../../src/discord/own-post.ts';
import type { Reply } from '../../src/reply.ts';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.ts';
import { startStack, type Stack } from './harness.ts';
import { killDuringPost, readLedger } from './kill-scenario.ts';
import { expectKilledSlotPostedOnce } from './kill-expectations.ts';

const GUILD = '250000000000000001';
const CHANNEL = '260000000000000001';
const MESSAGES = `/channels/${CHANNEL}/messages`;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const discord = await FakeDiscord.start({ guilds: [{ id: GUILD, channelIds: [CHANNEL] }], ...options });
  cleanups.push(() => discord.close());
  return discord;
}

async function stack(discord: FakeDiscord, env: Record<string, string> = {}): Promise<Stack> {
  const started = await startStack({ discord, env });
  cleanups.push(() => started.stop());
  return started;
}

/** A bot token request straight to the fake, as discord.js would send it. */
async function rest(discord: FakeDiscord, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> & Record<string, unknown>[] }> {
  const response = await fetch(`${discord.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: `Bot ${discord.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as never };
}

const notice = (text: string): Reply => ({ title: `Feed notice: ${text}`, description: 'A test post of our own.', sections: [], tone: 'info' });

describe('the fake Discord honours nonce and enforce_nonce', () => {
  it('answers a repeat with the earlier message within its window, and only when enforced', async () => {
    const discord = await fake();
    const first = await rest(discord, 'POST', MESSAGES, { content: 'one', nonce: 'n-1', enforce_nonce: true });
    const repeat = await rest(discord, 'POST', MESSAGES, { content: 'one', nonce: 'n-1', enforce_nonce: true });
    expect(first.status).toBe(200);
    expect(repeat.body.id).toBe(first.body.id);
    expect(repeat.body.nonce).toBe('n-1');
    expect(discord.channelMessages(CHANNEL)).toHaveLength(1);
    // Without enforce_nonce Discord makes a new message for the same nonce; another nonce is another message.
    await rest(discord, 'POST', MESSAGES, { content: 'one', nonce: 'n-1' });
    await rest(discord, 'POST', MESSAGES, { content: 'two', nonce: 'n-2', enforce_nonce: true });
    expect(discord.channelMessages(CHANNEL)).toHaveLength(3);
    expect((await rest(discord, 'POST', MESSAGES, { content: 'x', nonce: 'n'.repeat(26) })).status).toBe(400);
    // History: newest first, limited, and never the nonce (Discord returns it only on create).
    const history = await rest(discord, 'GET', `${MESSAGES}?limit=2`);
    expect(history.body.map((m) => m.content)).toEqual(['two', 'one']);
    expect(history.body.every((m) => !('nonce' in m))).toBe(true);
  });

  it('forgets a nonce after its window, and lists nothing without Read Message History', async () => {
    const discord = await fake({ nonceWindowMs: 100, readHistory: false });
    const first = await rest(discord, 'POST', MESSAGES, { content: 'one', nonce: 'n-1', enforce_nonce: true });
    await sleep(150);
    const later = await rest(discord, 'POST', MESSAGES, { content: 'one', nonce: 'n-1', enforce_nonce: true });
    expect(later.body.id).not.toBe(first.body.id);
    expect((await rest(discord, 'GET', MESSAGES)).body).toEqual([]);
  });
});

describe('a post of our own (postOwn) after an answer that never arrived', () => {
  it('sends a nonce of 25 characters or fewer with enforce_nonce, the same for the same key', async () => {
    const discord = await fake();
    const { bot } = await stack(discord);
    await bot.postOwn({ key: 'notice:guild:feed:1', channelId: CHANNEL, reply: notice('a') });
    const sent = discord.requests.find((r) => r.method === 'POST' && r.path === MESSAGES)!.body as { nonce: string; enforce_nonce: boolean };
    expect(sent.enforce_nonce).toBe(true);
    expect(sent.nonce).toBe(nonceFor('notice:guild:feed:1', 0));
    expect(sent.nonce.length).toBeLessThanOrEqual(25);
    expect(nonceFor('notice:guild:feed:1', 1)).not.toBe(sent.nonce);
  });

  for (const guard of ['nonce', 'history'] as const) {
    it(`lands once with only the ${guard} to go by`, async () => {
      const discord = await fake(guard === 'nonce' ? { readHistory: false } : { nonceWindowMs: 0 });
      const { bot } = await stack(discord);
      discord.dropAnswer({ path: new RegExp(`^${MESSAGES}$`) });
      const post = { key: `notice:${guard}`, channelId: CHANNEL, reply: notice(guard), notBefore: new Date(Date.now() - 60_000) };
      await expect(bot.postOwn(post)).rejects.toThrow();
      expect(discord.channelMessages(CHANNEL)).toHaveLength(1);
      const ids = await bot.postOwn({ ...post, mayHaveLanded: true });
      expect(discord.channelMessages(CHANNEL)).toHaveLength(1);
      expect(ids).toEqual([discord.channelMessages(CHANNEL)[0]!.id]);
    });
  }

  it('finds its message behind more than a page of later ones', async () => {
    const discord = await fake({ nonceWindowMs: 0 });
    const { bot } = await stack(discord);
    discord.dropAnswer({ path: new RegExp(`^${MESSAGES}$`) });
    const post = { key: 'notice:busy', channelId: CHANNEL, reply: notice('busy'), notBefore: new Date(Date.now() - 60_000) };
    await expect(bot.postOwn(post)).rejects.toThrow();
    for (let i = 0; i < 60; i++) await rest(discord, 'POST', MESSAGES, { content: `chatter ${i}` });
    const ids = await bot.postOwn({ ...post, mayHaveLanded: true });
    expect(ids).toEqual([discord.channelMessages(CHANNEL)[0]!.id]);
    expect(discord.channelMessages(CHANNEL)).toHaveLength(61);
  });

  it('lands twice when Discord gives neither guard: the guards are what keep it once', async () => {
    const discord = await fake({ nonceWindowMs: 0, readHistory: false });
    const { bot } = await stack(discord);
    discord.dropAnswer({ path: new RegExp(`^${MESSAGES}$`) });
    const post = { key: 'notice:none', channelId: CHANNEL, reply: notice('none') };
    await expect(bot.postOwn(post)).rejects.toThrow();
    await bot.postOwn({ ...post, mayHaveLanded: true });
    expect(discord.channelMessages(CHANNEL)).toHaveLength(2);
  });
});

describe('the scheduled digest when Discord stores a part but the answer is lost', () => {
  it('retries in-process, records the part that landed and posts nothing twice', async () => {
    const discord = await fake();
    const bot = await stack(discord, { DIGEST_CHANNEL_ID: CHANNEL, DIGEST_CRON: '*/2 * * * * *', DIGEST_TIMEZONE: 'Asia/Kathmandu' });
    discord.dropAnswer({ path: new RegExp(`^${MESSAGES}$`) });
    const scheduler = await startDigestScheduler(bot.services, bot.bot.post, { retryDelaysMs: [200, 400], leaseMs: 3000 });
    bot.bot.onStop(() => scheduler.stop());
    const databasePath = bot.services.config.databasePath;
    await expect.poll(() => readLedger(databasePath).filter((s) => s.state === 'posted').length, { timeout: 10_000, interval: 100 }).toBeGreaterThanOrEqual(2);
    await scheduler.stop();
    const posted = readLedger(databasePath).filter((s) => s.state === 'posted');
    const retried = posted.find((s) => s.attempts > 1)!;
    expect(retried).toBeDefined();
    expect(discord.droppedAnswers).toBe(1);
    const landed = discord.channelMessages(CHANNEL).map((m) => m.id).sort();
    expect(landed).toEqual(posted.flatMap((s) => s.messageIds.flat()).sort());
  });
});

// One real process scenario here, as it costs two bot start-ups (~15 s on a loaded machine); the
// stress script (npm run stress:digest) runs every variant 20 times: one part or two, the kill after
// either part, and each guard alone.
describe('npm start killed with SIGKILL after Discord accepted a part, before the bot heard back', () => {
  it('posts that slot once, only its missing part and in order, and later slots once each', async () => {
    const outcome = await killDuringPost({ parts: 'several', killAfterPart: 1, guards: 'both' }, (stop) => void cleanups.push(stop));
    expectKilledSlotPostedOnce(outcome);
  }, 90_000);
});
