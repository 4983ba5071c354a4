// Exactly once per (guild, slot): claims on a real SQLite file shared by two Store instances (two bot
// processes), retries after failed posts, recovery of a claim abandoned by a crash, and catch-up.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { DigestScheduler, digestJobs, ownerIsGone, splitDigest } from '../../src/digest/schedule.ts';
import { slotAtOrBefore } from '../../src/digest/slots.ts';
import type { Reply } from '../../src/reply.ts';
import {
  addArticles,
  CHANNEL,
  type Clocked,
  clockedServices,
  distinctStories,
  GUILD,
  recordingChannel,
  secondProcess,
  settings,
} from './support.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setUp(startIso = '2026-11-26T03:00:00.000Z', env: Record<string, string> = {}): Clocked {
  const services = clockedServices(startIso, env);
  cleanups.push(() => services.cleanup());
  return services;
}

function scheduler(services: Clocked | ReturnType<typeof secondProcess>, poster = recordingChannel().poster, options = {}): DigestScheduler {
  const s = new DigestScheduler(services, poster, { retryDelaysMs: [10, 10], leaseMs: 60_000, ...options });
  cleanups.push(() => s.stop());
  return s;
}

const SLOT = new Date('2026-11-26T03:00:00.000Z'); // 08:00 in Asia/Karachi

describe('claims on one database file', () => {
  it('let exactly one of two processes claim a slot; the other sees it busy, then done', async () => {
    const a = setUp();
    const b = secondProcess(a);
    cleanups.push(() => b.close());
    const lease = '2026-11-26T03:05:00.000Z';
    const now = a.clock().toISOString();
    expect((await a.store.digests.claim(GUILD, SLOT.toISOString(), 'a', now, lease, false)).kind).toBe('claimed');
    expect(await b.store.digests.claim(GUILD, SLOT.toISOString(), 'b', now, lease, false)).toEqual({ kind: 'busy', leaseUntil: lease });
    expect(await a.store.digests.markPosted(GUILD, SLOT.toISOString(), 'a', now)).toBe(true);
    expect((await b.store.digests.claim(GUILD, SLOT.toISOString(), 'b', now, lease, false)).kind).toBe('done');
  });

  it('a claim made alone (/digest-admin now) is refused while another live process holds another slot of the guild', async () => {
    const a = setUp();
    const b = secondProcess(a);
    cleanups.push(() => b.close());
    const lease = '2026-11-26T03:05:00.000Z';
    const now = a.clock().toISOString();
    const nextSecond = '2026-11-26T03:00:01.000Z';
    expect((await a.store.digests.claim(GUILD, now, 'a', now, lease, false, () => false, true)).kind).toBe('claimed');
    // Pressed a second later in another process: the check and the claim are one transaction.
    expect(await b.store.digests.claim(GUILD, nextSecond, 'b', nextSecond, lease, false, () => false, true)).toEqual({ kind: 'elsewhere' });
    expect(await b.store.digests.slot(GUILD, nextSecond)).toBeNull();
    // Not when the holder is gone, nor once its digest is posted.
    expect((await b.store.digests.claim(GUILD, nextSecond, 'b', nextSecond, lease, false, (owner) => owner === 'a', true)).kind).toBe('claimed');
    expect(await a.store.digests.markPosted(GUILD, now, 'a', now)).toBe(true);
    expect(await a.store.digests.claim(GUILD, '2026-11-26T03:00:02.000Z', 'a', now, lease, false, () => false, true)).toEqual({ kind: 'elsewhere' });
    expect(await b.store.digests.markPosted(GUILD, nextSecond, 'b', nextSecond)).toBe(true);
    expect((await a.store.digests.claim(GUILD, '2026-11-26T03:00:02.000Z', 'a', now, lease, false, () => false, true)).kind).toBe('claimed');
  });

  it('a claim whose holder stopped answering is taken over once its lease ends, and the old holder cannot finish', async () => {
    const a = setUp();
    const b = secondProcess(a);
    cleanups.push(() => b.close());
    const slot = SLOT.toISOString();
    await a.store.digests.claim(GUILD, slot, 'crashed', '2026-11-26T03:00:00.000Z', '2026-11-26T03:05:00.000Z', false);
    expect((await b.store.digests.claim(GUILD, slot, 'b', '2026-11-26T03:04:59.000Z', '2026-11-26T03:10:00.000Z', false)).kind).toBe('busy');
    const taken = await b.store.digests.claim(GUILD, slot, 'b', '2026-11-26T03:05:01.000Z', '2026-11-26T03:10:00.000Z', false);
    expect(taken.kind === 'claimed' && taken.record.attempts).toBe(2);
    expect(await a.store.digests.markPosted(GUILD, slot, 'crashed', '2026-11-26T03:06:00.000Z')).toBe(false);
  });
});

describe('delivering a slot', () => {
  it('posts once even when both processes fire the same slot at the same time', async () => {
    const a = setUp();
    await addArticles(a, distinctStories(3));
    const b = secondProcess(a);
    cleanups.push(() => b.close());
    await a.store.digests.putSettings(settings());
    const channel = recordingChannel();
    // A short lease: the loser looks again when it ends and finds the slot posted.
    const [first, second] = [scheduler(a, channel.poster, { leaseMs: 200 }), scheduler(b, channel.poster, { leaseMs: 200 })];
    const [job] = await digestJobs(a);
    const outcomes = await Promise.all([first.deliver(job!, SLOT, false), second.deliver(job!, SLOT, false)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already', 'posted']);
    expect(channel.landed).toHaveLength(1);
    expect(channel.landed[0]!.channelId).toBe(CHANNEL);
    expect(channel.landed[0]!.reply.sections).toHaveLength(3);
    const record = (await a.store.digests.slot(GUILD, SLOT.toISOString()))!;
    expect(record.state).toBe('posted');
    expect(record.messageIds).toEqual([channel.landed[0]!.ids]);
  });

  it('retries a failed post with backoff and lands it once, recording the attempts', async () => {
    const services = setUp();
    await addArticles(services, distinctStories(2));
    await services.store.digests.putSettings(settings());
    const channel = recordingChannel({ failures: 2 });
    const outcome = await scheduler(services, channel.poster).deliver((await digestJobs(services))[0]!, SLOT, false);
    expect(outcome.kind).toBe('posted');
    expect(channel.attempts).toBe(3);
    expect(channel.landed).toHaveLength(1);
    expect(await services.store.digests.slot(GUILD, SLOT.toISOString())).toMatchObject({ state: 'posted', attempts: 3, error: null });
  });

  it('gives up after its retries, leaving the slot released with the error for the next start', async () => {
    const services = setUp();
    await services.store.digests.putSettings(settings());
    const channel = recordingChannel({ failures: 10 });
    const outcome = await scheduler(services, channel.poster).deliver((await digestJobs(services))[0]!, SLOT, false);
    expect(outcome).toEqual({ kind: 'failed', error: 'Discord answered 500 Internal Server Error' });
    expect(channel.attempts).toBe(3);
    expect(await services.store.digests.slot(GUILD, SLOT.toISOString())).toMatchObject({ state: 'failed', error: 'Discord answered 500 Internal Server Error' });
  });

  it('does not retry what Discord refuses for good (403 Missing Access), and says why', async () => {
    const services = setUp();
    await services.store.digests.putSettings(settings());
    let attempts = 0;
    const poster = async (): Promise<string[]> => {
      attempts++;
      throw Object.assign(new Error('Missing Access'), { status: 403 });
    };
    const outcome = await scheduler(services, poster).deliver((await digestJobs(services))[0]!, SLOT, false);
    expect(outcome).toEqual({ kind: 'failed', error: 'Missing Access' });
    expect(attempts).toBe(1);
    expect(await services.store.digests.slot(GUILD, SLOT.toISOString())).toMatchObject({ state: 'failed', error: 'Missing Access' });
  });

  it('a retry after a part failed posts only the parts that had not landed, from the digest composed first', async () => {
    const services = setUp();
    await addArticles(services, distinctStories(14));
    await services.store.digests.putSettings(settings({ maxStories: 14 }));
    let calls = 0;
    const landed: Reply[] = [];
    const poster = async (_channel: string, reply: Reply): Promise<string[]> => {
      calls++;
      if (calls === 2) throw new Error('connection reset');
      landed.push(reply);
      return [`m${calls}`];
    };
    const job = (await digestJobs(services))[0]!;
    const outcome = await scheduler(services, poster).deliver(job, SLOT, false);
    expect(outcome.kind).toBe('posted');
    const titles = landed.map((r) => r.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles.length).toBeGreaterThan(1);
    expect(titles[0]).toMatch(/\(1\/\d\)$/);
    expect((await services.store.digests.slot(GUILD, SLOT.toISOString()))!.messageIds).toEqual(landed.map((_, i) => [`m${i === 0 ? 1 : i + 2}`]));
  });

  it('posts once when clocks go back and node-cron fires the same 01:30 twice (Europe/London)', async () => {
    const services = setUp('2026-10-25T00:30:00.000Z');
    await services.store.digests.putSettings(settings({ cron: '30 1 * * *', timezone: 'Europe/London' }));
    const channel = recordingChannel();
    const s = scheduler(services, channel.poster);
    const job = (await digestJobs(services))[0]!;
    for (const fired of ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']) {
      services.setNow(fired);
      await s.deliver(job, slotAtOrBefore(job.schedule, new Date(fired))!, false);
    }
    expect(channel.landed).toHaveLength(1);
    expect(services.sqlite.db.prepare('SELECT slot FROM digest_slots').pluck().all()).toEqual(['2026-10-25T00:30:00.000Z']);
  });

  it('an empty window posts one short line, or nothing with DIGEST_WHEN_EMPTY=skip', async () => {
    const posting = setUp();
    await posting.store.digests.putSettings(settings());
    const channel = recordingChannel();
    await scheduler(posting, channel.poster).deliver((await digestJobs(posting))[0]!, SLOT, false);
    // No previous digest: the window reaches back its full 36 h.
    expect(channel.landed.map((l) => l.reply.description)).toEqual(['No new articles since Tue, 24 Nov 2026, 20:00.']);

    const skipping = setUp('2026-11-26T03:00:00.000Z', { DIGEST_WHEN_EMPTY: 'skip' });
    await skipping.store.digests.putSettings(settings());
    const quiet = recordingChannel();
    expect((await scheduler(skipping, quiet.poster).deliver((await digestJobs(skipping))[0]!, SLOT, false)).kind).toBe('empty');
    expect(quiet.attempts).toBe(0);
    expect((await skipping.store.digests.slot(GUILD, SLOT.toISOString()))!.state).toBe('posted');
  });

  it('the next digest covers only what arrived after the previous one', async () => {
    const services = setUp('2026-11-25T02:00:00.000Z');
    await addArticles(services, distinctStories(2));
    await services.store.digests.putSettings(settings());
    const channel = recordingChannel();
    const s = scheduler(services, channel.poster);
    const job = (await digestJobs(services))[0]!;
    services.setNow('2026-11-25T03:00:00.000Z');
    await s.deliver(job, new Date('2026-11-25T03:00:00.000Z'), false);
    services.setNow('2026-11-25T10:00:00.000Z');
    await addArticles(services, distinctStories(5).slice(4));
    services.setNow('2026-11-26T03:00:00.000Z');
    await s.deliver(job, SLOT, false);
    expect(channel.landed.map((l) => l.reply.sections.length)).toEqual([2, 1]);
  });
});

describe('catch-up at start', () => {
  it('posts the slot missed while the bot was down once, marked late', async () => {
    const services = setUp('2026-11-26T05:30:00.000Z'); // 10:30 in Karachi; the 08:00 slot was missed
    await addArticles(services, distinctStories(2));
    await services.store.digests.putSettings(settings());
    const channel = recordingChannel();
    await scheduler(services, channel.poster).start();
    const again = scheduler(services, channel.poster);
    await again.start(); // a second restart posts nothing more
    expect(channel.landed).toHaveLength(1);
    // Titled with the slot it belongs to (08:00), saying when it was actually posted (10:30).
    expect(channel.landed[0]!.reply.title).toBe('Security digest · Thu, 26 Nov 2026, 08:00 (Asia/Karachi)');
    expect(channel.landed[0]!.reply.description).toMatch(/Posted late, at Thu, 26 Nov 2026, 10:30: the bot was offline at the scheduled time\.$/);
    expect(await services.store.digests.slot(GUILD, SLOT.toISOString())).toMatchObject({ state: 'posted', late: true });
  });

  it('skips and records a missed slot older than 24 h', async () => {
    const services = setUp('2026-11-26T05:30:00.000Z'); // Thursday; the Monday slot is 3 days old
    await services.store.digests.putSettings(settings({ cron: '0 8 * * 1' }));
    const channel = recordingChannel();
    await scheduler(services, channel.poster).start();
    expect(channel.attempts).toBe(0);
    expect(await services.store.digests.slot(GUILD, '2026-11-23T03:00:00.000Z')).toMatchObject({ state: 'skipped', late: true });
  });

  it('does not post a slot from before the digest was set up', async () => {
    const services = setUp('2026-11-26T05:30:00.000Z');
    await services.store.digests.putSettings(settings({ updatedAt: '2026-11-26T04:00:00.000Z' }));
    const channel = recordingChannel();
    await scheduler(services, channel.poster).start();
    expect(channel.attempts).toBe(0);
  });

  it('recovers a claim left by a crash between claim and post, once its lease ends', async () => {
    const services = setUp('2026-11-26T05:30:00.000Z');
    await addArticles(services, distinctStories(1));
    await services.store.digests.putSettings(settings());
    // Lease and clock both on the test clock, so the test means the same on any calendar day.
    const now = services.clock().getTime();
    const leaseEnds = new Date(now + 300).toISOString();
    // A holder on another machine: nothing is known of it but its lease.
    await services.store.digests.claim(GUILD, SLOT.toISOString(), 'elsewhere:4242:abcd', services.clock().toISOString(), leaseEnds, false);
    services.setNow(new Date(now + 400));
    const channel = recordingChannel();
    await scheduler(services, channel.poster).start();
    expect(channel.landed).toHaveLength(1);
    expect(await services.store.digests.slot(GUILD, SLOT.toISOString())).toMatchObject({ state: 'posted', attempts: 2 });
  });

  it('takes over at once a claim whose process on this machine is dead, without waiting out its lease', async () => {
    const services = setUp('2026-11-26T05:30:00.000Z');
    await services.store.digests.putSettings(settings());
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const crashed = `${hostname()}:${dead}:abcd`;
    expect(ownerIsGone(crashed)).toBe(true);
    expect(ownerIsGone(`${hostname()}:${process.pid}:abcd`)).toBe(false);
    expect(ownerIsGone('elsewhere:4242:abcd')).toBe(false);
    await services.store.digests.claim(GUILD, SLOT.toISOString(), crashed, services.clock().toISOString(), '2026-11-26T06:30:00.000Z', false);
    const channel = recordingChannel();
    const started = Date.now();
    await scheduler(services, channel.poster, { leaseMs: 3_600_000 }).start();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(channel.landed).toHaveLength(1);
  });
});

describe('node-cron firing a seconds-level cron', () => {
  it('posts each slot once, at the slot instant, in a +05:45 zone', async () => {
    const services = clockedServices(new Date().toISOString());
    cleanups.push(() => services.cleanup());
    const live = Object.assign(services, { clock: () => new Date() });
    await live.store.digests.putSettings(settings({ cron: '*/2 * * * * *', timezone: 'Asia/Kathmandu', updatedAt: new Date().toISOString() }));
    const channel = recordingChannel();
    const posted: number[] = [];
    const s = scheduler(live, async (channelId, reply) => {
      posted.push(Date.now());
      return channel.poster(channelId, reply);
    });
    await s.start();
    // Waits for two posts rather than a fixed time, which a loaded machine may not give.
    await expect.poll(() => channel.landed.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await s.stop();
    const slots = live.sqlite.db.prepare("SELECT slot FROM digest_slots WHERE state = 'posted' ORDER BY slot").pluck().all() as string[];
    expect(slots.length).toBeGreaterThanOrEqual(2);
    expect(channel.landed).toHaveLength(slots.length);
    for (const slot of slots) {
      expect(Date.parse(slot) % 2000).toBe(0);
      expect(slotAtOrBefore({ cron: '*/2 * * * * *', timezone: 'Asia/Kathmandu' }, new Date(slot))!.toISOString()).toBe(slot);
    }
    posted.forEach((time, i) => expect(time - Date.parse(slots[i]!)).toBeLessThan(1_900));
  });
});

describe('settings changed by another process', () => {
  it('stop the old schedule: /digest-admin off there means no post here at the next slot', async () => {
    const services = clockedServices(new Date().toISOString());
    cleanups.push(() => services.cleanup());
    const live = Object.assign(services, { clock: () => new Date() });
    await live.store.digests.putSettings(settings({ cron: '*/2 * * * * *', updatedAt: new Date().toISOString() }));
    const channel = recordingChannel();
    // A long poll: the change must be noticed when the old task fires, not by the poll.
    await scheduler(live, channel.poster, { settingsPollMs: 60_000 }).start();
    const other = secondProcess(live);
    cleanups.push(() => other.close());
    await other.store.digests.putSettings(settings({ cron: '*/2 * * * * *', enabled: false, updatedAt: new Date().toISOString() }));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(channel.attempts).toBe(0);
  });

  it('start the new one: the poll picks up a schedule set up in another process', async () => {
    const services = clockedServices(new Date().toISOString());
    cleanups.push(() => services.cleanup());
    const live = Object.assign(services, { clock: () => new Date() });
    const channel = recordingChannel();
    await scheduler(live, channel.poster, { settingsPollMs: 100 }).start();
    const other = secondProcess(live);
    cleanups.push(() => other.close());
    await other.store.digests.putSettings(settings({ cron: '*/2 * * * * *', updatedAt: new Date().toISOString() }));
    await expect.poll(() => channel.landed.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  });
});

describe('which digests run', () => {
  it('the .env default digest runs until a server sets up its own digest in that channel', async () => {
    const services = setUp('2026-11-26T03:00:00.000Z', { DIGEST_CHANNEL_ID: CHANNEL, DIGEST_CRON: '30 7 * * *' });
    expect((await digestJobs(services)).map((j) => [j.guild, j.channelId, j.schedule.cron])).toEqual([['shared', CHANNEL, '30 7 * * *']]);
    await services.store.digests.putSettings(settings({ guild: GUILD, channelId: '200000000000000999' }));
    expect((await digestJobs(services)).map((j) => j.guild).sort()).toEqual([GUILD, 'shared']);
    await services.store.digests.putSettings(settings({ guild: GUILD, channelId: CHANNEL }));
    expect((await digestJobs(services)).map((j) => j.guild)).toEqual([GUILD]);
  });
});

describe('splitting a long digest', () => {
  it('packs stories into parts of about one message (three 900-character stories each), numbered, the lead and footer once', () => {
    const line = 'x'.repeat(900);
    const reply: Reply = {
      title: 'Security digest',
      description: 'lead',
      footer: 'foot',
      sections: Array.from({ length: 9 }, (_, i) => ({ heading: `story ${i}`, lines: [line] })),
    };
    const parts = splitDigest(reply);
    expect(parts.length).toBe(3);
    expect(parts.map((p) => p.title)).toEqual(['Security digest (1/3)', 'Security digest (2/3)', 'Security digest (3/3)']);
    expect(parts.map((p) => p.description ?? null)).toEqual(['lead', null, null]);
    expect(parts.map((p) => p.footer ?? null)).toEqual([null, null, 'foot']);
    expect(parts.flatMap((p) => p.sections)).toEqual(reply.sections);
    expect(splitDigest({ ...reply, sections: reply.sections.slice(0, 2) })).toEqual([{ ...reply, sections: reply.sections.slice(0, 2) }]);
  });
});
