// Shared feeds, every server's: the list in FEEDS_PATH (data/feeds.json) and FEEDS. They are kept in
// the feeds table like a server's own (so their validators, seen items and failures persist), under
// the shared scope with origin 'config'; one the configuration no longer lists is removed.
import { existsSync, readFileSync } from 'node:fs';
import type { Services } from '../command.ts';
import { ConfigError } from '../config.ts';

export interface SharedFeedEntry {
  url: string;
  topics: string[];
}

function entryOf(value: unknown, file: string, index: number): SharedFeedEntry {
  const record = typeof value === 'string' ? { url: value } : (value as Record<string, unknown> | null);
  const url = typeof record?.url === 'string' ? record.url : null;
  let parsed: URL | null = null;
  try {
    parsed = url ? new URL(url) : null;
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new ConfigError(`${file}: entry ${index + 1} is not an http(s) feed URL (expected "https://…" or {"url": "https://…"})`);
  }
  const topics = Array.isArray(record?.topics) ? record.topics.filter((t): t is string => typeof t === 'string') : [];
  return { url: parsed.href, topics };
}

/** The configured shared feeds: the file's entries, then FEEDS. Throws ConfigError naming a bad entry. */
export function configuredFeeds(config: Services['config']): SharedFeedEntry[] {
  const entries: SharedFeedEntry[] = [];
  if (existsSync(config.feedsPath)) {
    let list: unknown;
    try {
      list = JSON.parse(readFileSync(config.feedsPath, 'utf8'));
    } catch (error) {
      throw new ConfigError(`${config.feedsPath}: not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(list)) throw new ConfigError(`${config.feedsPath}: expected a JSON list of feed URLs`);
    list.forEach((value, i) => entries.push(entryOf(value, config.feedsPath, i)));
  }
  for (const url of config.feedUrls) entries.push({ url, topics: [] });
  const byUrl = new Map(entries.map((e) => [e.url, e]));
  return [...byUrl.values()];
}

/**
 * Brings the shared feeds in the store in line with the configuration. New ones get first polls
 * spread across one interval, so a long list does not hit at once.
 */
export async function syncSharedFeeds(services: Services): Promise<{ added: number; removed: number }> {
  const { feeds } = services.store;
  const entries = configuredFeeds(services.config);
  const now = services.clock();
  const intervalMs = services.config.feedPollMinutes * 60_000;
  let added = 0;
  for (const [i, entry] of entries.entries()) {
    const feed = await feeds.add(null, entry.url, 'config', entry.topics, null, now);
    if (feed) {
      added++;
      await feeds.setNextPoll(feed.id, new Date(now.getTime() + Math.floor((intervalMs * i) / Math.max(1, entries.length))));
    }
  }
  const removed = await feeds.removeConfiguredExcept(entries.map((e) => e.url));
  return { added, removed };
}
