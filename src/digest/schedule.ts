// When digests are posted, and that each (guild, slot) is posted exactly once. node-cron fires the
// jobs in each guild's IANA zone; every post goes through deliver(): claim the slot in SQLite, compose
// once and store the composition with the claim, post its parts in order recording each message id
// as soon as Discord answers, mark it posted. Every message carries a nonce of (guild, slot, part),
// and an attempt after another (a retry, a takeover) first looks in the channel for what the earlier
// one landed unrecorded, so a crash between Discord accepting a part and the record posts it once.
// A failure releases the claim and retries with backoff; a claim whose holder crashed is taken over
// at once when its process is known dead, else when its lease ends; another process that fired the
// same slot finds it taken.
// node-cron only runs in-process, so at start the slots a dead process had begun are finished, then
// the latest slot missed while the bot was down is posted once, marked late, when it is at most 24 h
// old; an older one is recorded as skipped and logged.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../command.ts';
import type { Reply, ReplySection } from '../reply.ts';
import { SHARED, scopeOfKey } from '../domain/scope.ts';
import type { DigestSettings, SlotRecord } from '../store/digests.ts';
import { heldByAnother } from '../store/claim-judge.ts';
import { composeDigest, composeDigestFor, DEFAULT_MAX_STORIES, digestWindow, type TopicLookup } from './compose.ts';
import type { DeliveryOutcome, DigestJob, DigestRunner } from './port.ts';
import { ScheduleError, slotAtOrBefore } from './slots.ts';
import { HOUR_MS, MINUTE_MS } from '../time.ts';

/**
 * What makes a post of our own idempotent (see src/discord/own-post.ts): a key stable across attempts
 * and processes, what is already recorded, whether an earlier attempt may have landed more, and a
 * callback that records each message as soon as Discord answers.
 */
export interface PostAttempt {
  key: string;
  landed: string[];
  mayHaveLanded: boolean;
  notBefore: Date;
  /** Rejects when the claim was lost: the poster must then stop posting. */
  onLanded: (ids: string[]) => Promise<void>;
}

/** Posts one Reply to a channel and returns the ids of the messages it became. */
export type DigestPoster = (channelId: string, reply: Reply, attempt?: PostAttempt) => Promise<string[]>;

export interface SchedulerOptions {
  /** Who holds claims: unique per process. */
  owner?: string;
  /** How long a claim protects a slot; a holder silent for longer is taken to have crashed. */
  leaseMs?: number;
  /** Waits between attempts after a failed post; their count is the number of retries. */
  retryDelaysMs?: number[];
  /** How often settings changed by another process sharing the database are looked for. */
  settingsPollMs?: number;
  /** Topic labels and weights; the taxonomy and the guild's own topics by default. */
  topics?: TopicLookup;
  /** The servers whose digests this process schedules (a shard's own); every server by default. */
  owns?: (guild: string) => boolean;
}

const CATCH_UP_HOURS = 24;
const DEFAULT_LEASE_MS = 5 * MINUTE_MS;
const RETRY_LEASE_MARGIN_MS = 5_000;
const DEFAULT_RETRY_DELAYS_MS = [2_000, 10_000, MINUTE_MS, 5 * MINUTE_MS];
const DEFAULT_SETTINGS_POLL_MS = 30_000;
/** Our messages of a slot are looked for from this long before it: clocks here and at Discord differ a little. */
const CLOCK_SKEW_MS = MINUTE_MS;
/** A part of the digest is kept to about this many characters so the renderer makes it one message. */
const PART_CHARS = 3_500;

/** Settings as stored, or the defaults from .env for a guild (or the shared digest) without any. */
export async function effectiveSettings(services: Services, guild: string): Promise<DigestSettings & { stored: boolean }> {
  return settingsOrDefaults(services, guild, await services.store.digests.settings(guild));
}

function settingsOrDefaults(services: Services, guild: string, stored: DigestSettings | null | undefined): DigestSettings & { stored: boolean } {
  if (stored) return { ...stored, stored: true };
  const { config } = services;
  return {
    guild,
    channelId: guild === SHARED ? config.digestChannelId : null,
    cron: config.digestCron,
    timezone: config.digestTimezone,
    topics: [],
    maxStories: DEFAULT_MAX_STORIES,
    enabled: guild === SHARED && config.digestChannelId !== null,
    updatedAt: '',
    stored: false,
  };
}

/**
 * Every digest that should run: each enabled guild with a channel, and the default digest of shared
 * articles to DIGEST_CHANNEL_ID unless a guild has set up its own digest in that channel.
 */
export async function digestJobs(services: Services): Promise<DigestJob[]> {
  const { digests } = services.store;
  const rows = await digests.allSettings();
  const jobs: DigestJob[] = [];
  const toJob = (s: DigestSettings, activeSince: string | null): DigestJob => ({
    guild: s.guild,
    channelId: s.channelId!,
    schedule: { cron: s.cron, timezone: s.timezone },
    topics: s.topics,
    maxStories: s.maxStories,
    activeSince,
  });
  for (const settings of rows) {
    if (settings.enabled && settings.channelId) jobs.push(toJob(settings, settings.updatedAt));
  }
  // The shared digest's row, if stored, came with the others: one read of the settings.
  const shared = settingsOrDefaults(services, SHARED, rows.find((s) => s.guild === SHARED));
  const channelTaken = rows.some((s) => s.guild !== SHARED && s.channelId === shared.channelId);
  if (!shared.stored && shared.enabled && !channelTaken) {
    // The .env digest has no "saved at": it was due from its first recorded slot on.
    jobs.push(toJob(shared, (await digests.earliestSlot(SHARED))?.slot ?? null));
  }
  return jobs;
}

/** Sections packed into parts of about one message each, so a retry never re-posts a landed part. */
export function splitDigest(reply: Reply): Reply[] {
  const size = (s: ReplySection): number =>
    (s.heading?.length ?? 0) + s.lines.reduce((n, l) => n + l.length + 1, 0) + (s.links ?? []).reduce((n, l) => n + l.label.length + l.url.length + 6, 0);
  const groups: ReplySection[][] = [];
  let used = Infinity;
  for (const section of reply.sections) {
    const length = size(section);
    if (used + length > PART_CHARS) {
      groups.push([]);
      used = 0;
    }
    groups.at(-1)!.push(section);
    used += length;
  }
  if (groups.length <= 1) return [reply];
  return groups.map((sections, i) => ({
    ...reply,
    title: `${reply.title} (${i + 1}/${groups.length})`,
    description: i === 0 ? reply.description : undefined,
    footer: i === groups.length - 1 ? reply.footer : undefined,
    // The chart goes with the first part only: every part would otherwise post it again.
    attachments: i === 0 ? reply.attachments : undefined,
    sections,
  }));
}

/**
 * Whether the process that holds a claim has died. Owners read "host:pid:nonce"; on another host, or
 * when the pid is alive (perhaps reused), nothing is known and the lease decides.
 */
export function ownerIsGone(owner: string): boolean {
  const match = /^(.*):(\d+):[^:]+$/.exec(owner);
  if (!match || match[1] !== hostname() || Number(match[2]) === process.pid) return false;
  const pid = Number(match[2]);
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  return isZombie(pid);
}

/**
 * A killed process stays in the process table until its parent reaps it; when the parent died with
 * it (a process group killed at once), that waits on an init that may be slow to reap, and signal 0
 * still reaches it. Linux says so in /proc/<pid>/stat (state Z or X); elsewhere nothing is known.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ...": the command may hold spaces and parentheses, so read after the last ")".
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

/** This process's jobs as one read of the settings gave them, numbered in the order the reads started. */
interface JobsRead {
  read: number;
  jobs: DigestJob[];
}

/** What makes the cron tasks: a change here means the tasks must be remade. */
function scheduleKey(jobs: DigestJob[]): string {
  return JSON.stringify(jobs.map(({ activeSince: _since, ...job }) => job));
}

/**
 * Discord refusing the request itself (no access to the channel, unknown channel) will refuse it
 * again, so only server errors, rate limits and network failures are retried.
 */
function refusedForGood(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}

export class DigestScheduler implements DigestRunner {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly retryDelaysMs: number[];
  private readonly topics: TopicLookup | undefined;
  private readonly owns: (guild: string) => boolean;
  private tasks: ScheduledTask[] = [];
  /** The settings the tasks were made from, to see when another process changed them. */
  private scheduled = '';
  private poll: NodeJS.Timeout | null = null;
  private readonly settingsPollMs: number;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Reloads run one after another, so an older read of the settings never replaces a newer one. */
  private reloads: Promise<void> = Promise.resolve();
  /** Reads of the settings, numbered as they start. */
  private reads = 0;
  /** The highest-numbered read that has finished: a reload given an older one reads again. */
  private newestFinishedRead = 0;
  /** The latest delivery of each guild in this process: the next one waits for it. */
  private readonly guildDeliveries = new Map<string, Promise<DeliveryOutcome>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly services: Services,
    private readonly poster: DigestPoster,
    options: SchedulerOptions = {},
  ) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.topics = options.topics;
    this.owns = options.owns ?? (() => true);
    this.settingsPollMs = options.settingsPollMs ?? DEFAULT_SETTINGS_POLL_MS;
  }

  /** Schedules every job, then catches up on slots missed while the bot was down. */
  async start(): Promise<void> {
    this.services.digest.attach(this);
    const read = await this.readJobs();
    const { jobs } = read;
    // Slots a stopped process had begun are queued before any cron task exists: a slot firing now
    // composes its window after what they post, instead of posting their stories first.
    await Promise.all(jobs.map((job) => this.resumeUnfinished(job)));
    await this.reload(read);
    if (this.stopping.signal.aborted) return;
    // /digest-admin setup in this process reloads at once; one in another process sharing the store is seen here.
    this.poll = setInterval(() => {
      void this.track(this.reloadIfChanged());
    }, this.settingsPollMs);
    this.poll.unref();
    await Promise.all(jobs.map((job) => this.catchUp(job)));
  }

  /** The settings poll: reloads when another process changed them; a failed read is logged and tried next time. */
  private async reloadIfChanged(): Promise<void> {
    try {
      const read = await this.readJobs();
      if (scheduleKey(read.jobs) !== this.scheduled) await this.reload(read);
    } catch (error) {
      this.services.log.error({ err: error }, 'could not read the digest settings; trying again at the next poll');
    }
  }

  /**
   * Finishes the slots a stopped process had composed and begun to post (its claim or its retry is
   * left behind), whether or not they are the latest slot: some of their parts may be in the channel
   * already, and the rest belongs with them. Slots a live process is still on are left to it.
   */
  private async resumeUnfinished(job: DigestJob): Promise<void> {
    const now = this.services.clock();
    const since = new Date(now.getTime() - CATCH_UP_HOURS * HOUR_MS).toISOString();
    for (const record of await this.services.store.digests.unfinished(job.guild, since)) {
      if (heldByAnother(record, { owner: this.owner, now: now.toISOString(), isGone: ownerIsGone })) {
        this.services.log.info({ guild: job.guild, slot: record.slot, owner: record.owner, leaseUntil: record.leaseUntil }, 'a begun digest is left to the live process that holds it');
        continue;
      }
      this.services.log.info({ guild: job.guild, slot: record.slot, partsRecorded: record.messageIds.length }, 'finishing a digest a stopped process had begun');
      void this.track(this.deliver(job, new Date(record.slot), record.late));
    }
  }

  /** This process's jobs as the settings stand, numbered by when the read started. */
  private async readJobs(): Promise<JobsRead> {
    const read = ++this.reads;
    const jobs = (await digestJobs(this.services)).filter((job) => this.owns(job.guild));
    this.newestFinishedRead = Math.max(this.newestFinishedRead, read);
    return { read, jobs };
  }

  /**
   * Replaces the cron tasks with the current settings' jobs: those of `read` when the caller has
   * just read them (a cron firing, the poll), else read now.
   */
  reload(read?: JobsRead): Promise<void> {
    const next = this.reloads.then(() => this.reloadNow(read));
    // The chain goes on after a failure; the caller still hears of it.
    this.reloads = next.catch(() => undefined);
    return next;
  }

  private async reloadNow(given?: JobsRead): Promise<void> {
    // A read that a newer one finished after (the poll's, while a firing was queued) may be stale:
    // read again. So the tasks are always made from the newest read, never from an older one.
    const fresh = given && given.read >= this.newestFinishedRead ? given : undefined;
    const current = this.stopping.signal.aborted ? null : (fresh ?? (await this.readJobs()));
    // From here on nothing awaits: the old tasks are replaced by the new in one step.
    for (const task of this.tasks) void task.destroy();
    this.tasks = [];
    if (!current || this.stopping.signal.aborted) return;
    const { jobs } = current;
    this.scheduled = scheduleKey(jobs);
    for (const job of jobs) {
      try {
        this.tasks.push(this.scheduleJob(job));
      } catch (error) {
        this.services.log.error({ guild: job.guild, cron: job.schedule.cron, err: error }, 'digest schedule refused');
      }
    }
  }

  /** Stops the cron tasks and waits for posts under way; pending retries give up. */
  async stop(): Promise<void> {
    this.services.digest.detach(this);
    if (this.poll) clearInterval(this.poll);
    this.stopping.abort();
    for (const task of this.tasks) void task.destroy();
    this.tasks = [];
    await Promise.allSettled([...this.inFlight]);
  }

  private scheduleJob(job: DigestJob): ScheduledTask {
    const log = this.services.log;
    return cron.schedule(
      job.schedule.cron,
      (context) => {
        // node-cron passes the slot it planned; the canonical instant folds a wall time that happens
        // twice (clocks going back) into one slot.
        const slot = slotAtOrBefore(job.schedule, context.date);
        void this.track(this.fire(job, slot));
      },
      {
        timezone: job.schedule.timezone,
        name: `digest:${job.guild}`,
        // Missed runs are the catch-up's business; node-cron's own warning would only duplicate it.
        suppressMissedWarning: true,
        logger: {
          info: (message) => log.debug({ source: 'node-cron' }, message),
          warn: (message) => log.warn({ source: 'node-cron' }, message),
          error: (message, err) => log.error({ source: 'node-cron', err: err ?? message }, 'node-cron error'),
          debug: (message) => log.debug({ source: 'node-cron' }, String(message)),
        },
      },
    );
  }

  /**
   * A cron firing: delivers the slot unless another process changed the settings so that it is no
   * longer due. The settings are read once: a change found here remakes the tasks from that read.
   */
  private async fire(job: DigestJob, slot: Date | null): Promise<DeliveryOutcome | null> {
    try {
      const read = await this.readJobs();
      const { jobs } = read;
      if (scheduleKey(jobs) !== this.scheduled) {
        await this.reload(read);
        const current = jobs.find((j) => j.guild === job.guild);
        if (!current || scheduleKey([current]) !== scheduleKey([job])) return null;
      }
    } catch (error) {
      // The store could not be read: the claim in deliver() reads it again and retries with backoff.
      this.services.log.warn({ guild: job.guild, err: error }, 'could not re-read the digest settings before posting');
    }
    return slot ? this.deliver(job, slot, false) : null;
  }

  private track<T>(delivery: Promise<T>): Promise<T> {
    this.inFlight.add(delivery);
    // then(f, f), not finally(): finally's own promise would reject with the delivery, unhandled.
    const settle = (): void => void this.inFlight.delete(delivery);
    void delivery.then(settle, settle);
    return delivery;
  }

  /** Posts the latest slot missed while the bot was down, once and marked late, if it is recent enough. */
  async catchUp(job: DigestJob): Promise<DeliveryOutcome | null> {
    const now = this.services.clock();
    let slot: Date | null;
    try {
      slot = slotAtOrBefore(job.schedule, now);
    } catch (error) {
      if (error instanceof ScheduleError) return null;
      throw error;
    }
    if (!slot || job.activeSince === null || slot.toISOString() <= job.activeSince) return null;
    const record = await this.services.store.digests.slot(job.guild, slot.toISOString());
    if (record?.state === 'posted' || record?.state === 'skipped') return null;
    const ageHours = (now.getTime() - slot.getTime()) / HOUR_MS;
    if (ageHours > CATCH_UP_HOURS) {
      await this.services.store.digests.skip(job.guild, slot.toISOString(), `missed by ${ageHours.toFixed(1)} h, more than ${CATCH_UP_HOURS} h`);
      this.services.log.warn({ guild: job.guild, slot: slot.toISOString(), ageHours: Number(ageHours.toFixed(1)) }, 'missed digest too old to catch up; skipped');
      return null;
    }
    this.services.log.info({ guild: job.guild, slot: slot.toISOString() }, 'catching up a digest missed while the bot was down');
    return this.track(this.deliver(job, slot, true));
  }

  /**
   * /digest-admin now: a slot at this second, posted through the same claim, so it is recorded like any
   * other. Not while a digest of the guild is being posted, here or by another live process: its
   * window is not recorded until it lands, so a second one would post the same stories again. The
   * claim itself refuses while another process holds one, so two presses in one instant post once.
   */
  postNow(job: DigestJob): Promise<DeliveryOutcome> {
    if (this.guildDeliveries.has(job.guild)) return Promise.resolve({ kind: 'in-progress' });
    const now = this.services.clock();
    return this.track(this.deliver(job, new Date(Math.floor(now.getTime() / 1000) * 1000), false, true));
  }

  /**
   * Claims, composes, posts and records one (guild, slot); retries with backoff; never throws. A
   * guild's deliveries in this process run one after another: each composes the window after the
   * one before it landed, so a scheduled slot firing during /digest-admin now does not repeat its stories.
   */
  deliver(job: DigestJob, slot: Date, late: boolean, alone = false): Promise<DeliveryOutcome> {
    const before = this.guildDeliveries.get(job.guild);
    const delivery = before ? before.catch(() => undefined).then(() => this.deliverOnce(job, slot, late, alone)) : this.deliverOnce(job, slot, late, alone);
    this.guildDeliveries.set(job.guild, delivery);
    const settle = (): void => {
      if (this.guildDeliveries.get(job.guild) === delivery) this.guildDeliveries.delete(job.guild);
    };
    void delivery.then(settle, settle);
    return delivery;
  }

  private async deliverOnce(job: DigestJob, slot: Date, late: boolean, alone: boolean): Promise<DeliveryOutcome> {
    const { digests } = this.services.store;
    const { log, clock } = this.services;
    const key = slot.toISOString();
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      const now = clock();
      const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
      let claim: Awaited<ReturnType<typeof digests.claim>>;
      try {
        claim = await digests.claim(job.guild, key, this.owner, now.toISOString(), leaseUntil, late, ownerIsGone, alone);
      } catch (error) {
        // The store could not be reached (a database restart, a busy file): nothing was claimed, so
        // nothing is released; try again after the same backoff as a failed post.
        const delay = this.retryDelaysMs[failures];
        failures++;
        log.warn({ guild: job.guild, slot: key, attempt: failures, err: error, retryInMs: delay ?? null }, 'could not claim the digest slot');
        if (delay === undefined) return { kind: 'failed', error: (error as Error).message ?? String(error) };
        if (!(await this.pause(delay))) break;
        continue;
      }
      if (claim.kind === 'done') return { kind: 'already' };
      if (claim.kind === 'elsewhere') return { kind: 'in-progress' };
      if (claim.kind === 'busy') {
        // Another process is posting it; look again when its lease ends (then it is posted, or abandoned).
        if (!(await this.pause(Math.max(50, Date.parse(claim.leaseUntil) - now.getTime() + 50)))) break;
        continue;
      }
      try {
        const outcome = await this.post(job, claim.record, late);
        if (outcome.kind === 'posted') {
          log.info({ guild: job.guild, slot: key, late, messages: outcome.messageIds.flat().length }, 'digest posted');
        }
        return outcome;
      } catch (error) {
        const message = (error as Error).message ?? String(error);
        const delay = refusedForGood(error) ? undefined : this.retryDelaysMs[failures];
        // Until the retry, the slot still counts as being posted (/digest-admin now must not repeat it).
        const retryAt = delay === undefined ? null : new Date(clock().getTime() + delay + RETRY_LEASE_MARGIN_MS).toISOString();
        try {
          await digests.release(job.guild, key, this.owner, message, retryAt);
        } catch (releaseError) {
          // The claim stays until its lease ends; the retry below, or another process after the lease, takes it up.
          log.warn({ guild: job.guild, slot: key, err: releaseError }, 'could not release the digest slot');
        }
        failures++;
        log.warn({ guild: job.guild, slot: key, attempt: failures, err: error, retryInMs: delay ?? null }, 'digest post failed');
        if (delay === undefined) {
          log.error({ guild: job.guild, slot: key, channel: job.channelId, attempts: failures }, `digest not posted: ${message}`);
          return { kind: 'failed', error: message };
        }
        if (!(await this.pause(delay))) break;
      }
    }
    return { kind: 'stopped' };
  }

  private async post(job: DigestJob, record: SlotRecord, late: boolean): Promise<DeliveryOutcome> {
    const { digests } = this.services.store;
    const key = record.slot;
    let parts = record.payload;
    if (parts === null) {
      // Composed once, at the first claim: a retry posts the same digest, not a newer one.
      const window = digestWindow((await digests.lastPosted(job.guild))?.windowEnd ?? null, this.services.clock());
      const scope = scopeOfKey(job.guild);
      const request = { scope, ...window, slot: new Date(key), timezone: job.schedule.timezone, maxStories: job.maxStories, topics: job.topics, late, chart: this.services.config.charts };
      const digest = this.topics ? await composeDigest(this.services.store, request, this.topics) : await composeDigestFor(this.services, request);
      parts = digest.stories === 0 && this.services.config.digestWhenEmpty === 'skip' ? [] : splitDigest(digest.reply);
      if (!(await digests.setPayload(job.guild, key, this.owner, parts, job.channelId, { start: window.since.toISOString(), end: window.until.toISOString() }))) {
        throw new Error('the claim was lost (lease expired) before posting');
      }
    }
    const messageIds = [...record.messageIds];
    let partial = record.partialIds;
    // A takeover or a retry: the attempt before may have landed messages it never heard back about.
    const mayHaveLanded = record.attempts > 1;
    const notBefore = new Date(Date.parse(key) - CLOCK_SKEW_MS);
    const lost = (): Error => new Error('the claim was lost (lease expired) while posting');
    for (let part = messageIds.length; part < parts.length; part++) {
      const ids = await this.poster(job.channelId, parts[part]!, {
        key: `digest:${job.guild}:${key}:${part}`,
        landed: partial,
        mayHaveLanded,
        notBefore,
        onLanded: async (landed) => {
          if (!(await digests.recordParts(job.guild, key, this.owner, messageIds, landed))) throw lost();
        },
      });
      partial = [];
      messageIds.push(ids);
      if (!(await digests.recordParts(job.guild, key, this.owner, messageIds))) throw lost();
    }
    if (!(await digests.markPosted(job.guild, key, this.owner, this.services.clock().toISOString()))) {
      throw new Error('the claim was lost (lease expired) before it was marked posted');
    }
    return parts.length === 0 ? { kind: 'empty' } : { kind: 'posted', messageIds, stories: parts.reduce((n, p) => n + p.sections.length, 0) };
  }

  /** Waits, unless the scheduler stops first; true when the wait ran its course. */
  private async pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.stopping.signal });
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Starts the digest for every configured guild: the Discord bot calls this once it is logged in,
 * with a poster that sends a Reply through the one renderer.
 */
export async function startDigestScheduler(services: Services, poster: DigestPoster, options: SchedulerOptions = {}): Promise<DigestScheduler> {
  const scheduler = new DigestScheduler(services, poster, options);
  await scheduler.start();
  return scheduler;
}
