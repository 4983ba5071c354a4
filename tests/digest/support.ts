// What the digest tests share: services on a real SQLite file whose clock the test moves, a second
// "process" (another Store on the same file), a channel that records what lands, and articles.
import { servicesOver } from '../../src/app.ts';
import type { Services } from '../../src/command.ts';
import type { DigestPoster } from '../../src/digest/schedule.ts';
import type { Reply } from '../../src/reply.ts';
import type { DigestSettings } from '../../src/store/digests.ts';
import { SqliteEngine } from '../../src/store/sqlite-engine.ts';
import { type TestServices, testServices } from '../support/store.ts';

export interface Clocked extends TestServices {
  setNow(iso: string | Date): void;
}

export function clockedServices(startIso: string, env: Record<string, string> = {}): Clocked {
  let now = new Date(startIso);
  const services = testServices(env, () => now);
  return Object.assign(services, {
    setNow(value: string | Date) {
      now = new Date(value);
    },
  });
}

/** Another bot process on the same database file: its own connection, sharing the clock. */
export function secondProcess(services: Services): Services & { close(): Promise<void> } {
  const store = SqliteEngine.open(services.config.databasePath);
  return { ...servicesOver(store, services.config, services.taxonomy, services.log, services.clock), close: () => store.close() };
}

export interface Landed {
  channelId: string;
  reply: Reply;
  ids: string[];
}

/**
 * A recording channel whose posts wait until `land()` is called: Discord slow to answer, so a test
 * can act while a digest is in flight.
 */
export function heldChannel(): ReturnType<typeof recordingChannel> & { land: () => void } {
  const channel = recordingChannel();
  let land = (): void => {};
  const landed = new Promise<void>((resolve) => (land = resolve));
  const record = channel.poster;
  return Object.assign(channel, {
    land: () => land(),
    poster: (async (channelId, reply) => {
      await landed;
      return record(channelId, reply);
    }) as DigestPoster,
  });
}

/** A channel that keeps every post; `failures` posts throw first (as a 500 that outlived retries would). */
export function recordingChannel(options: { failures?: number } = {}): { landed: Landed[]; attempts: number; poster: DigestPoster } {
  let failures = options.failures ?? 0;
  let next = 1000;
  const channel = {
    landed: [] as Landed[],
    attempts: 0,
    poster: (async (channelId, reply) => {
      channel.attempts++;
      if (failures > 0) {
        failures--;
        throw new Error('Discord answered 500 Internal Server Error');
      }
      const ids = [String(next++)];
      channel.landed.push({ channelId, reply, ids });
      return ids;
    }) as DigestPoster,
  };
  return channel;
}

export const CHANNEL = '200000000000000001';
export const GUILD = '100000000000000001';

export function settings(overrides: Partial<DigestSettings> = {}): DigestSettings {
  return {
    guild: GUILD,
    channelId: CHANNEL,
    cron: '0 8 * * *',
    timezone: 'Asia/Karachi',
    topics: [],
    maxStories: 8,
    enabled: true,
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export interface ArticleRecord {
  title: string;
  text: string;
  outlet?: string;
  url?: string;
  published?: string;
}

/** Stores articles as /article-admin add would, into `scope` (null = shared), at the services' clock. */
export async function addArticles(services: Services, records: ArticleRecord[], scope: string | null = null): Promise<number[]> {
  const report = await services.ingestor.ingestText('test.jsonl', records.map((r) => JSON.stringify(r)).join('\n'), 'jsonl', scope);
  if (report.rejected.length) throw new Error(`fixture rejected: ${JSON.stringify(report.rejected)}`);
  return report.added.map((a) => a.id);
}

const PLACES = ['Bannu', 'Quetta', 'Chaman', 'Kurram', 'Khost', 'Gilgit', 'Turbat', 'Gwadar', 'Swat', 'Tank', 'Zhob', 'Kohat'];
const EVENTS = [
  ['curfew', 'lifted', 'jirga', 'ceasefire'],
  ['bridge', 'reopened', 'traders', 'convoy'],
  ['police', 'station', 'grenade', 'wounded'],
  ['polio', 'team', 'guards', 'escorted'],
  ['school', 'closed', 'threat', 'letters'],
  ['election', 'rally', 'postponed', 'security'],
];

/** `count` distinct one-article stories: different places and events, so none cluster together. */
export function distinctStories(count: number, outlet = 'Test Wire'): ArticleRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const place = PLACES[i % PLACES.length]!;
    const [a, b, c, d] = EVENTS[Math.floor(i / PLACES.length) % EVENTS.length]!;
    return {
      title: `${place} ${a} ${b} after ${c} (${i})`,
      text: `${place.toUpperCase()}: The ${a} in ${place} was ${b} on Monday after a ${c}, officials said, in report number ${i}.\n\n` +
        `The ${d} in ${place} district continued through the evening while residents waited for further word from the administration.`,
      outlet,
      url: `https://news.example/${place.toLowerCase()}-${i}`,
    };
  });
}
