// What the scheduler tells the poster so a part lands once (issue 18): a key stable across attempts
// and processes, what is already recorded, whether an earlier attempt may have landed more; each
// message recorded as soon as it lands; and slots a dead process had begun finished at start, in
// order, before the catch-up, even when they are not the latest slot.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { DigestScheduler, type DigestPoster, digestJobs, ownerIsGone, type PostAttempt } from '../../src/digest/schedule.ts';
import type { Reply } from '../../src/reply.ts';
import { addArticles, type Clocked, clockedServices, distinctStories, GUILD, settings } from './support.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setUp(startIso: string): Clocked {
  const services = clockedServices(startIso);
  cleanups.push(() => services.cleanup());
  return services;
}

function scheduler(services: Clocked, poster: DigestPoster): DigestScheduler {
  const s = new DigestScheduler(services, poster, { retryDelaysMs: [10, 10], leaseMs: 60_000 });
  cleanups.push(() => s.stop());
  return s;
}

interface Call {
  title: string;
  attempt: Omit<PostAttempt, 'onLanded'>;
}

/**
 * A channel whose parts are `perPart` messages each, honouring `landed` and reporting each message as
 * it lands; after `failAfterMessages` messages the connection fails once.
 */
function channel(perPart = 1, failAfterMessages = Infinity): { calls: Call[]; posted: string[]; poster: DigestPoster } {
  let next = 1;
  let budget = failAfterMessages;
  const state = {
    calls: [] as Call[],
    posted: [] as string[],
    poster: (async (_channelId: string, reply: Reply, attempt?: PostAttempt) => {
      const { onLanded, ...rest } = attempt!;
      state.calls.push({ title: reply.title ?? '', attempt: { ...rest, landed: [...rest.landed] } });
      const ids = [...attempt!.landed];
      while (ids.length < perPart) {
        if (budget-- <= 0) {
          budget = Infinity;
          throw new Error('connection reset');
        }
        const id = `m${next++}`;
        state.posted.push(`${reply.title}#${ids.length}`);
        ids.push(id);
        await onLanded([...ids]);
      }
      return ids;
    }) as DigestPoster,
  };
  return state;
}

const SLOT = '2026-11-26T03:00:00.000Z'; // 08:00 in Asia/Karachi

describe('a part of several messages', () => {
  it('is recorded message by message, and a retry sends only what is missing, with the same key', async () => {
    const services = setUp(SLOT);
    await addArticles(services, distinctStories(2));
    await services.store.digests.putSettings(settings());
    const c = channel(3, 2);
    const outcome = await scheduler(services, c.poster).deliver((await digestJobs(services))[0]!, new Date(SLOT), false);
    expect(outcome.kind).toBe('posted');
    // Two messages landed, then the connection failed; the retry was told of both and sent the third.
    expect(c.posted).toHaveLength(3);
    expect(c.calls).toHaveLength(2);
    expect(c.calls[0]!.attempt).toMatchObject({ landed: [], mayHaveLanded: false, key: `digest:${GUILD}:${SLOT}:0` });
    expect(c.calls[1]!.attempt).toMatchObject({ landed: ['m1', 'm2'], mayHaveLanded: true, key: `digest:${GUILD}:${SLOT}:0` });
    expect(c.calls[1]!.attempt.notBefore.getTime()).toBeLessThanOrEqual(Date.parse(SLOT));
    expect(await services.store.digests.slot(GUILD, SLOT)).toMatchObject({ state: 'posted', messageIds: [['m1', 'm2', 'm3']], partialIds: [] });
  });

  it('keeps what landed in the ledger when the attempt fails for good', async () => {
    const services = setUp(SLOT);
    await addArticles(services, distinctStories(2));
    await services.store.digests.putSettings(settings());
    const c = channel(3, 1);
    const s = new DigestScheduler(services, c.poster, { retryDelaysMs: [], leaseMs: 60_000 });
    cleanups.push(() => s.stop());
    expect((await s.deliver((await digestJobs(services))[0]!, new Date(SLOT), false)).kind).toBe('failed');
    expect(await services.store.digests.slot(GUILD, SLOT)).toMatchObject({ state: 'failed', messageIds: [], partialIds: ['m1'] });
  });
});

describe('a slot a dead process had begun', () => {
  /** Two-part payload claimed by a process that died after part 1 was recorded. */
  function begunByDeadProcess(services: Clocked, slot: string): string {
    const dead = `${hostname()}:${spawnSync(process.execPath, ['-e', '']).pid!}:dead`;
    const digests = services.sqlite.digests;
    const now = services.clock().toISOString();
    digests.claim(GUILD, slot, dead, now, new Date(Date.parse(now) + 3_600_000).toISOString(), false);
    const parts: Reply[] = [1, 2].map((n) => ({ title: `Digest of ${slot} (${n}/2)`, sections: [{ lines: [`story ${n}`] }] }));
    digests.setPayload(GUILD, slot, dead, parts, settings().channelId!, { start: '2026-11-24T03:00:00.000Z', end: slot });
    digests.recordParts(GUILD, slot, dead, [['old-1']]);
    return dead;
  }

  it('is finished at start, only its missing part and before the catch-up of the latest slot', async () => {
    // 10:30 in Karachi: the 08:00 slot was begun and left; the 09:00 one was missed.
    const services = setUp('2026-11-26T05:30:00.000Z');
    await services.store.digests.putSettings(settings({ cron: '0 8,9 * * *' }));
    begunByDeadProcess(services, SLOT);
    const c = channel();
    await scheduler(services, c.poster).start();
    expect(c.calls.map((call) => call.title)).toEqual([`Digest of ${SLOT} (2/2)`, expect.stringMatching(/^Security digest · Thu, 26 Nov 2026, 09:00/)]);
    expect(c.calls[0]!.attempt).toMatchObject({ mayHaveLanded: true, key: `digest:${GUILD}:${SLOT}:1` });
    expect(await services.store.digests.slot(GUILD, SLOT)).toMatchObject({ state: 'posted', messageIds: [['old-1'], ['m1']] });
    expect(await services.store.digests.slot(GUILD, '2026-11-26T04:00:00.000Z')).toMatchObject({ state: 'posted', late: true });
  });

  it('is left to a live process that still holds it', async () => {
    const services = setUp('2026-11-26T05:30:00.000Z');
    await services.store.digests.putSettings(settings({ updatedAt: '2026-11-26T04:00:00.000Z' }));
    const digests = services.sqlite.digests;
    const live = `${hostname()}:${process.pid}:other`;
    digests.claim(GUILD, SLOT, live, services.clock().toISOString(), '2026-11-26T06:30:00.000Z', false);
    digests.setPayload(GUILD, SLOT, live, [{ title: 'held', sections: [] }], settings().channelId!, { start: SLOT, end: SLOT });
    const c = channel();
    await scheduler(services, c.poster).start();
    expect(c.calls).toHaveLength(0);
    expect(digests.slot(GUILD, SLOT)).toMatchObject({ state: 'claimed', owner: live });
  });
});

describe('a claim holder killed with its parent', () => {
  // sh starts a child, prints its pid and becomes `sleep`, which never reaps it: a zombie, as a
  // process group killed at once leaves until init gets round to it.
  it.skipIf(!existsSync('/proc/self/stat'))('counts as gone while it is a zombie', async () => {
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    cleanups.push(() => parent.kill('SIGKILL'));
    const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
    await sleep(300);
    // Signal 0 still reaches it: only its state says it is dead.
    expect(() => process.kill(pid, 0)).not.toThrow();
    expect(ownerIsGone(`${hostname()}:${pid}:zombie`)).toBe(true);
    expect(ownerIsGone(`${hostname()}:${parent.pid!}:alive`)).toBe(false);
  });
});
