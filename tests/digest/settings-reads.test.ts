// A cron firing reads the digest settings once (one query), whether or not another process changed
// them: a change found then remakes the tasks from that same read. Starting reads them once too.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DigestScheduler } from '../../src/digest/schedule.ts';
import { clockedServices, GUILD, recordingChannel, secondProcess, settings } from './support.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a cron firing', () => {
  it('reads the settings once per slot, also when another process changed them meanwhile', async () => {
    const services = clockedServices(new Date().toISOString());
    cleanups.push(() => services.cleanup());
    const live = Object.assign(services, { clock: () => new Date() });
    await live.store.digests.putSettings(settings({ cron: '*/2 * * * * *', updatedAt: new Date().toISOString() }));
    const channel = recordingChannel();
    // A long poll: every read below is a cron firing's.
    const scheduler = new DigestScheduler(live, channel.poster, { retryDelaysMs: [10, 10], leaseMs: 60_000, settingsPollMs: 60_000 });
    cleanups.push(() => scheduler.stop());
    const allSettings = vi.spyOn(live.store.digests, 'allSettings');
    const oneGuild = vi.spyOn(live.store.digests, 'settings');
    await scheduler.start();

    await expect.poll(() => channel.landed.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    // Another server sets up its digest elsewhere: the next firing here sees the change.
    const other = secondProcess(live);
    cleanups.push(() => other.close());
    await other.store.digests.putSettings(settings({ guild: '100000000000000002', channelId: '200000000000000002', cron: '0 8 1 1 *', updatedAt: new Date().toISOString() }));
    const landedBefore = channel.landed.length;
    await expect.poll(() => channel.landed.length, { timeout: 15_000 }).toBeGreaterThan(landedBefore);
    await scheduler.stop();

    const fired = (live.sqlite.db.prepare('SELECT count(*) FROM digest_slots WHERE guild = ?').pluck().get(GUILD) as number);
    expect(fired).toBeGreaterThanOrEqual(2);
    // One read at start, then one per firing.
    expect(allSettings).toHaveBeenCalledTimes(1 + fired);
    expect(oneGuild).not.toHaveBeenCalled();
  });
});
