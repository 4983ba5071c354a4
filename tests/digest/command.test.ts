// /digest through the same path Discord and the console use (askCommandLine -> runCommand), and the
// `brief digest` CLI against `brief ask "/digest preview"`.
import { hostname } from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { timezoneChoices } from '../../commands/digest.ts';
import { askCommandLine, type Caller } from '../../src/app.ts';
import { replyToText } from '../../src/console/render.ts';
import { type DigestPoster, DigestScheduler, digestJobs, type SchedulerOptions } from '../../src/digest/schedule.ts';
import { runScript } from '../support/run.ts';
import { tempDir } from '../support/store.ts';
import { addArticles, CHANNEL, type Clocked, clockedServices, distinctStories, GUILD, heldChannel, recordingChannel } from './support.ts';

const ADMIN: Caller = { guildId: GUILD, userId: '300000000000000001', isAdmin: true };
const MEMBER: Caller = { ...ADMIN, isAdmin: false };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setUp(): Clocked {
  const services = clockedServices('2026-11-26T04:00:00.000Z');
  cleanups.push(() => services.cleanup());
  return services;
}

const text = async (services: Clocked, line: string, caller = ADMIN): Promise<string> => replyToText(await askCommandLine(services, line, caller));

/** Two stories and a daily 08:00 digest set up for the guild. */
async function setUpDigest(): Promise<Clocked> {
  const services = setUp();
  await addArticles(services, distinctStories(2));
  await text(services, `/digest-admin setup channel:${CHANNEL} time:08:00`);
  return services;
}

/** The bot's scheduler running on `services`, posting through `poster`. */
async function startScheduler(services: Clocked, poster: DigestPoster, options: SchedulerOptions = {}): Promise<DigestScheduler> {
  const scheduler = new DigestScheduler(services, poster, options);
  cleanups.push(() => scheduler.stop());
  await scheduler.start();
  return scheduler;
}

describe('/digest-admin setup and show', () => {
  it('refuses a member without Manage Server', async () => {
    const services = setUp();
    const reply = await askCommandLine(services, `/digest-admin setup channel:${CHANNEL} time:08:00`, MEMBER);
    expect(reply).toMatchObject({ tone: 'error', description: 'Only server admins (Manage Server) can use this command.' });
    expect(await services.store.digests.settings(GUILD)).toBeNull();
  });

  it('stores the settings and shows the next run in local time and UTC', async () => {
    const services = setUp();
    const setup = await text(services, `/digest-admin setup channel:<#${CHANNEL}> time:08:15 timezone:Asia/Kathmandu max-stories:5 topics:"ttp, afghan-taliban"`);
    expect(setup).toContain('Next run: Fri, 27 Nov 2026, 08:15 Asia/Kathmandu (UTC+05:45) = Fri, 27 Nov 2026, 02:30 UTC');
    const show = await text(services, '/digest show', MEMBER);
    expect(show.split('\n')).toEqual([
      'Digest settings',
      '',
      'Status: on',
      `Channel: ${CHANNEL}`,
      'Schedule: daily at 08:15 (Asia/Kathmandu)',
      'Topics: ttp, afghan-taliban',
      'Stories: at most 5',
      'Next run: Fri, 27 Nov 2026, 08:15 Asia/Kathmandu (UTC+05:45) = Fri, 27 Nov 2026, 02:30 UTC',
    ]);
    expect((await digestJobs(services)).map((j) => [j.guild, j.channelId, j.schedule.cron])).toEqual([[GUILD, CHANNEL, '15 8 * * *']]);
  });

  it('explains what is wrong with a bad time, zone or cron, and stores nothing', async () => {
    const services = setUp();
    expect(await text(services, `/digest-admin setup channel:${CHANNEL} time:8am`)).toContain('"8am" is not a time of day; write it as HH:MM');
    expect(await text(services, `/digest-admin setup channel:${CHANNEL} timezone:Asia/Lahore`)).toContain('"Asia/Lahore" is not an IANA timezone');
    expect(await text(services, `/digest-admin setup channel:${CHANNEL} cron:"0 8 31 2 *"`)).toContain('impossible day of month');
    expect(await text(services, `/digest-admin setup channel:${CHANNEL} time:08:00 cron:"0 8 * * *"`)).toContain('Give either time or cron, not both.');
    expect(await text(services, '/digest-admin setup time:08:00')).toContain('Choose the channel to post in');
    expect(await text(services, `/digest-admin setup channel:${CHANNEL} topics:ttp,weather`)).toContain('Unknown topic id: weather. /topics lists the ids.');
    expect(await services.store.digests.settings(GUILD)).toBeNull();
  });

  it('takes unset options from .env: DIGEST_CHANNEL_ID, DIGEST_CRON, DIGEST_TIMEZONE', async () => {
    const services = clockedServices('2026-11-26T04:00:00.000Z', {
      DIGEST_CHANNEL_ID: CHANNEL,
      DIGEST_CRON: '30 7 * * *',
      DIGEST_TIMEZONE: 'Asia/Kolkata',
    });
    cleanups.push(() => services.cleanup());
    // Before any setup the console's (shared) digest runs on the defaults.
    expect(await text(services, '/digest show', { guildId: null, userId: 'console', isAdmin: true })).toContain('Status: on (defaults from the bot');
    await text(services, '/digest-admin setup max-stories:3');
    expect(await services.store.digests.settings(GUILD)).toMatchObject({ channelId: CHANNEL, cron: '30 7 * * *', timezone: 'Asia/Kolkata', maxStories: 3 });
  });

  it('/digest-admin off stops the schedule and says so', async () => {
    const services = setUp();
    await text(services, `/digest-admin setup channel:${CHANNEL} time:08:00`);
    expect(await text(services, '/digest-admin off')).toContain('No more scheduled digests here.');
    expect(await digestJobs(services)).toEqual([]);
    expect(await text(services, '/digest show')).toContain('Next run: none (the digest is off)');
  });
});

describe('/digest preview and now', () => {
  it('previews only to the asker, and says plainly when there is nothing new', async () => {
    const services = setUp();
    expect(await askCommandLine(services, '/digest preview', MEMBER)).toMatchObject({ ephemeral: true, description: expect.stringMatching(/^No new articles since/) });
    await addArticles(services, distinctStories(2));
    expect((await askCommandLine(services, '/digest preview since:24h', MEMBER)).sections).toHaveLength(2);
    expect(await text(services, '/digest preview since:2w')).toContain('"2w" is not a duration');
  });

  it('/digest-admin now needs the bot; with it, posts and counts as a digest', async () => {
    const services = await setUpDigest();
    expect(await text(services, '/digest-admin now')).toContain('Posting needs the Discord bot to be running');
    const channel = recordingChannel();
    await startScheduler(services, channel.poster);
    expect(await text(services, '/digest-admin now', MEMBER)).toContain('Only server admins');
    expect(await text(services, '/digest-admin now')).toContain(`2 stories in channel ${CHANNEL}.`);
    expect(channel.landed).toHaveLength(1);
    services.setNow('2026-11-26T04:00:05.000Z');
    expect((await askCommandLine(services, '/digest preview', ADMIN)).description).toMatch(/^No new articles since Thu, 26 Nov 2026, 09:00:00/);
  });
});

describe('/digest-admin now clicked twice', () => {
  it('does not post the same stories again while the first digest is still being posted', async () => {
    const services = await setUpDigest();
    // Discord is slow to answer the first post: the second click lands while it is in flight.
    const channel = heldChannel();
    await startScheduler(services, channel.poster);
    const first = askCommandLine(services, '/digest-admin now', ADMIN);
    services.setNow('2026-11-26T04:00:02.000Z');
    expect(await text(services, '/digest-admin now')).toContain('A digest is being posted right now');
    channel.land();
    expect(replyToText(await first)).toContain(`2 stories in channel ${CHANNEL}.`);
    expect(channel.landed).toHaveLength(1);
    // Once it has landed, the next one covers only what came after it: nothing here.
    services.setNow('2026-11-26T04:00:04.000Z');
    expect(await text(services, '/digest-admin now')).toContain(`0 stories in channel ${CHANNEL}.`);
    expect(channel.landed.map((l) => l.reply.sections.length)).toEqual([2, 0]);
  });
});

describe('/digest-admin now during a retry', () => {
  it('does not post again while the first digest waits to retry a failed post', async () => {
    const services = await setUpDigest();
    const channel = recordingChannel({ failures: 1 });
    await startScheduler(services, channel.poster, { retryDelaysMs: [300] });
    const first = askCommandLine(services, '/digest-admin now', ADMIN);
    // Let the first attempt fail and release its claim, then click again while it waits.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(channel.attempts).toBe(1);
    services.setNow('2026-11-26T04:00:02.000Z');
    expect(await text(services, '/digest-admin now')).toContain('A digest is being posted right now');
    expect(replyToText(await first)).toContain(`2 stories in channel ${CHANNEL}.`);
    expect(channel.landed.map((l) => l.reply.sections.length)).toEqual([2]);
  });

  it('a scheduled slot that fires during /digest-admin now waits for it and does not repeat its stories', async () => {
    const services = await setUpDigest();
    const channel = heldChannel();
    const scheduler = await startScheduler(services, channel.poster);
    const now = askCommandLine(services, '/digest-admin now', ADMIN);
    // The store is asynchronous: the press has claimed and composed its slot before the clock moves on.
    await expect.poll(() => services.sqlite.digests.unfinished(GUILD, '2026-11-25T00:00:00.000Z').length).toBe(1);
    services.setNow('2026-11-26T04:00:02.000Z');
    const scheduled = scheduler.deliver((await digestJobs(services))[0]!, new Date('2026-11-26T04:00:02.000Z'), false);
    channel.land();
    await now;
    await scheduled;
    expect(channel.landed.map((l) => l.reply.sections.length)).toEqual([2, 0]);
  });

  it('a second process sees the retry in the database and does not post either', async () => {
    const services = await setUpDigest();
    const now = services.clock().toISOString();
    // Another live process (this one, under another owner name) failed and will retry in a minute.
    await services.store.digests.claim(GUILD, now, `${hostname()}:${process.pid}:other`, now, new Date(Date.parse(now) + 60_000).toISOString(), false);
    await services.store.digests.release(GUILD, now, `${hostname()}:${process.pid}:other`, 'Discord answered 500', new Date(Date.parse(now) + 60_000).toISOString());
    const channel = recordingChannel();
    await startScheduler(services, channel.poster);
    services.setNow('2026-11-26T04:00:03.000Z');
    expect(await text(services, '/digest-admin now')).toContain('A digest is being posted right now');
    expect(channel.landed).toEqual([]);
  });
});

describe('timezone autocomplete', () => {
  it('offers the region first, finds zones by any part of the name, and never more than 25', () => {
    expect(timezoneChoices('').slice(0, 4).map((c) => c.value)).toEqual(['Asia/Karachi', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Kabul']);
    expect(timezoneChoices('kathm')).toEqual([{ name: 'Asia/Kathmandu (UTC+05:45)', value: 'Asia/Kathmandu' }]);
    expect(timezoneChoices('new york').map((c) => c.value)).toEqual(['America/New_York']);
    expect(timezoneChoices('a').length).toBe(25);
  });
});

describe('brief digest', () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATABASE_PATH: path.join(dir, 'brief.db'), DIGEST_TIMEZONE: 'Asia/Karachi' };

  it('prints the same digest as brief ask "/digest preview"', async () => {
    // One after the other: two processes creating one new database at once would race its migrations.
    const cli = await runScript('bin/brief.js', ['digest', '--since', '24h'], { env });
    const ask = await runScript('bin/brief.js', ['ask', '/digest preview since:24h'], { env });
    expect(cli.code).toBe(0);
    // Both print the time they ran; a minute may turn between the two. Each writes its chart to a file of its own.
    const mask = (s: string): string => s.replace(/\d\d:\d\d/g, 'HH:MM').replace(/^Wrote \S+/gm, 'Wrote FILE');
    expect(mask(cli.stdout)).toBe(mask(ask.stdout));
    expect(cli.stdout).toMatch(/^Security digest · .+ \(Asia\/Karachi\)\n\n1 story from 1 article since/);
    expect(cli.stdout).toContain('Khawaja Asif');
  });

  it('refuses a malformed --since with the reason', async () => {
    const result = await runScript('bin/brief.js', ['digest', '--since', 'yesterday'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('"yesterday" is not a duration');
  });
});
