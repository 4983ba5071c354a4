// Feeds against a real local HTTP server and a real SQLite file: the four formats, conditional GET,
// every way a feed or its pages can fail or be hostile, dedup across feeds and across restarts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { servicesOver } from '../../src/app.ts';
import { channelFeedAlerts } from '../../src/feeds/alerts.ts';
import { FAILING_AFTER, FeedPoller, type PollerOptions } from '../../src/feeds/poller.ts';
import type { StoredFeed } from '../../src/store/feeds.ts';
import { SqliteEngine } from '../../src/store/sqlite-engine.ts';
import { Store } from '../../src/store/store.ts';
import { type LocalServer, listenLocal } from '../support/http.ts';
import { type TestServices, testServices } from '../support/store.ts';
import { articlePage, atomFeed, jsonFeed, rdfFeed, rssFeed, story, type StoryFixture } from './feed-docs.ts';

let local: LocalServer;
let base: string;
/** What /live.xml serves now: a test changes it between polls. */
let liveStories: StoryFixture[] = [];
const requests: { url: string; ifNoneMatch: string | undefined }[] = [];
let bigBytesWritten = 0;

// Our own wording: a story that the shared taxonomy tags as the Pakistan-Afghanistan border.
const BORDER_PAGE = `<html><head><title>Crossing reopens</title></head><body><article><h1>Torkham crossing reopens after talks</h1>${[
  'The Torkham border crossing on the Pak-Afghan border reopened on Tuesday after officials from both sides met at the Durand Line, traders said.',
  'Hundreds of trucks had queued at Torkham for four days while the crossing was shut, and customs staff worked late to clear the backlog at the Pak-Afghan border.',
  'Officials said the Chaman crossing would follow once repairs there were finished, and that the border would stay open for pedestrians.',
].map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

beforeAll(async () => {
  local = await listenLocal((req, res) => {
    const url = req.url ?? '/';
    requests.push({ url, ifNoneMatch: req.headers['if-none-match'] });
    const xml = (body: string) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    const page = /^\/page\/(\d+)$/.exec(url);
    if (page) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(Number(page[1])));
    switch (url) {
      case '/rss.xml':
        return xml(rssFeed('RSS desk', range(1, 4).map((n) => story(n)), base));
      case '/atom.xml':
        return res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(atomFeed('Atom desk', range(11, 14).map((n) => story(n)), base));
      case '/rdf.xml':
        return res.writeHead(200, { 'content-type': 'application/rdf+xml' }).end(rdfFeed('RDF desk', range(21, 24).map((n) => story(n)), base));
      case '/feed.json':
        return res.writeHead(200, { 'content-type': 'application/feed+json' }).end(jsonFeed('JSON desk', range(31, 34).map((n) => story(n)), base));
      case '/many.xml':
        return xml(rssFeed('Many', range(40, 52).map((n) => story(n)), base));
      case '/etag.xml':
        if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304, { etag: '"v1"' }).end();
        return res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(rssFeed('Etag desk', [story(60)], base));
      case '/malformed.xml':
        return xml('<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>Half</title></channel></rss>');
      case '/big.xml': {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        const write = (): void => {
          while (bigBytesWritten < 50 * 1024 * 1024 && !res.destroyed) {
            bigBytesWritten += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', write);
          }
          res.end();
        };
        return write();
      }
      case '/silent.xml':
        return; // never answers
      case '/to-metadata.xml':
        return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      case '/to-loopback.xml':
        return res.writeHead(302, { location: `${base}/rss.xml` }).end();
      case '/item-to-metadata.xml':
        return xml(rssFeed('Sneaky', [{ ...story(70), link: '/to-metadata.xml' }], base));
      case '/dup-a.xml':
        return xml(rssFeed('Desk A', [{ ...story(80), id: 'a-80' }, story(81)], base));
      case '/dup-b.xml':
        return xml(rssFeed('Desk B', [{ ...story(80), id: 'b-80' }, story(82)], base));
      case '/deep.xml':
        return xml(rssFeed('Deep', [story(90), { ...story(91), link: '/deep-page' }, story(92)], base));
      case '/deep-page':
        return res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>${'<div>'.repeat(20_000)}${articlePage(91)}${'</div>'.repeat(20_000)}</body></html>`);
      case '/gone.xml':
        return xml(rssFeed('Gone pages', [{ ...story(95), link: '/missing/95' }], base));
      case '/border-page':
        return res.writeHead(200, { 'content-type': 'text/html' }).end(BORDER_PAGE);
      case '/topics.xml':
        return xml(rssFeed('Topics desk', [{ ...story(120), link: '/border-page' }, story(121)], base));
      case '/live.xml':
        return xml(rssFeed('Live desk', liveStories, base));
      default:
        return res.writeHead(404).end();
    }
  });
  base = local.base;
});

afterAll(() => local.close());

let services: TestServices;
let now = new Date('2026-12-01T08:00:00Z');
beforeEach(() => {
  now = new Date('2026-12-01T08:00:00Z');
  services = testServices({ ALLOW_PRIVATE_URLS: '1', FEED_BACKFILL: '5' }, () => now);
  requests.length = 0;
});
afterEach(() => services.cleanup());

const OPTIONS: PollerOptions = { timeoutMs: 2000 };

function addFeed(path: string): StoredFeed {
  return services.sqlite.feeds.add('guild-1', `${base}${path}`, 'command', [], 'tester', now)!;
}

function titlesIn(scope: string | null): string[] {
  return services.sqlite.articles.list(scope, { limit: 100, offset: 0 }).map((a) => a.title).sort();
}

describe('feed formats', () => {
  it.each([
    ['/rss.xml', 'rss', [1, 2, 3]],
    ['/atom.xml', 'atom', [11, 12, 13]],
    ['/rdf.xml', 'rdf', [21, 22, 23]],
    ['/feed.json', 'json', [31, 32, 33]],
  ] as const)('%s: each item page is fetched and its main text stored', async (path, _format, numbers) => {
    const feed = addFeed(path);
    const result = await new FeedPoller(services, OPTIONS).pollFeed(feed);
    expect(result.error).toBeNull();
    expect(result.newArticles).toBe(3);
    expect(result.items.every((i) => i.bodyFrom === 'page')).toBe(true);
    expect(titlesIn('guild-1')).toEqual(numbers.map((n) => story(n).title).sort());
    const stored = (await services.store.articles.list('guild-1', { limit: 1, offset: 0 }))[0]!;
    expect(stored.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/page\/\d+$/);
    expect((await services.store.feeds.get(feed.id))!.title).toMatch(/desk/);
    // Another guild sees none of them.
    expect(await services.store.articles.count('guild-2')).toBe(0);
  });
});

describe('polling', () => {
  it('takes at most FEED_BACKFILL newest items on the first poll and marks the rest seen', async () => {
    const feed = addFeed('/many.xml');
    const result = await new FeedPoller(services, OPTIONS).pollFeed(feed);
    expect(result.newArticles).toBe(5);
    expect(titlesIn('guild-1')).toEqual(range(47, 52).map((n) => story(n).title).sort());
    const again = await new FeedPoller(services, OPTIONS).pollFeed((await services.store.feeds.get(feed.id))!);
    expect(again.newArticles).toBe(0);
    expect(again.items).toEqual([]);
  });

  it('sends the ETag back and treats a 304 as a good poll with nothing new', async () => {
    const poller = new FeedPoller(services, OPTIONS);
    const feed = addFeed('/etag.xml');
    expect((await poller.pollFeed(feed)).newArticles).toBe(1);
    const stored = (await services.store.feeds.get(feed.id))!;
    expect(stored.etag).toBe('"v1"');
    const second = await poller.pollFeed(stored);
    expect(second).toMatchObject({ notModified: true, error: null, newArticles: 0 });
    expect(requests.filter((r) => r.url === '/etag.xml').map((r) => r.ifNoneMatch)).toEqual([undefined, '"v1"']);
  });

  it('refuses malformed XML with the line, backs off, and marks the feed failing after repeated failures, told once', async () => {
    const told: string[] = [];
    const poller = new FeedPoller(services, { ...OPTIONS, alerts: { feedFailing: async (f) => void told.push(`${f.url}: ${f.failingReason}`) } });
    const feed = addFeed('/malformed.xml');
    const waits: number[] = [];
    for (let i = 0; i < FAILING_AFTER + 1; i++) {
      const result = await poller.pollFeed((await services.store.feeds.get(feed.id))!);
      expect(result.error).toMatch(/^malformed XML: Expected closing tag 'item' .*\(line 1, column \d+\)/);
      const stored = (await services.store.feeds.get(feed.id))!;
      waits.push(Date.parse(stored.nextPollAt) - now.getTime());
      expect(stored.failingReason !== null).toBe(i + 1 >= FAILING_AFTER);
    }
    expect(waits[1]).toBe(2 * waits[0]!);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/malformed XML/);
    expect(await services.store.articles.count('guild-1')).toBe(0);
  });

  it('cuts a 50 MB body at the size cap and gives up on a server that never answers', async () => {
    const poller = new FeedPoller(services, { ...OPTIONS, timeoutMs: 300 });
    const big = await poller.pollFeed(addFeed('/big.xml'));
    expect(big.error).toMatch(/too large \(over 5242880 bytes\)/);
    expect(bigBytesWritten).toBeLessThan(20 * 1024 * 1024);
    const started = Date.now();
    const silent = await poller.pollFeed(addFeed('/silent.xml'));
    expect(silent.error).toMatch(/did not answer within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a redirect to the metadata address, for the feed and for an item page', async () => {
    const poller = new FeedPoller(services, OPTIONS);
    expect((await poller.pollFeed(addFeed('/to-metadata.xml'))).error).toMatch(/169\.254\.169\.254.*link-local/);
    const item = await poller.pollFeed(addFeed('/item-to-metadata.xml'));
    // The page is refused, so the item's own text stands in, marked so.
    expect(item.items[0]).toMatchObject({ outcome: 'added', bodyFrom: 'item' });
    expect(item.items[0]!.reason).toMatch(/link-local/);
    expect(services.sqlite.db.prepare("SELECT count(*) AS n FROM articles WHERE source_name LIKE '%feed item text only%'").get()).toEqual({ n: 1 });
  });

  it('refuses loopback feeds and redirects to loopback when the test allowance is off', async () => {
    const strict = testServices({ ALLOW_PRIVATE_URLS: '0' }, () => now);
    try {
      const poller = new FeedPoller(strict, OPTIONS);
      const direct = (await strict.store.feeds.add('g', `${base}/rss.xml`, 'command', [], null, now))!;
      expect((await poller.pollFeed(direct)).error).toMatch(/loopback address \(127\.0\.0\.1\)/);
      const viaName = (await strict.store.feeds.add('g', `${base.replace('127.0.0.1', 'localhost')}/to-loopback.xml`, 'command', [], null, now))!;
      expect((await poller.pollFeed(viaName)).error).toMatch(/localhost: .*loopback/);
      expect(requests).toEqual([]);
    } finally {
      strict.cleanup();
    }
  });

  it('refuses a feed on an allowed address that redirects to 127.0.0.1', async () => {
    // The allowance names only the first hop's address, so the redirect into loopback is refused.
    const hop = await listenLocal((_req, res) => res.writeHead(302, { location: `${base}/rss.xml` }).end(), '127.0.0.2');
    const onlyHop = testServices({ ALLOW_PRIVATE_URLS: '127.0.0.2' }, () => now);
    try {
      const poller = new FeedPoller(onlyHop, OPTIONS);
      const feed = (await onlyHop.store.feeds.add('g', `${hop.base}/feed.xml`, 'command', [], null, now))!;
      expect((await poller.pollFeed(feed)).error).toMatch(/127\.0\.0\.1.*loopback/);
      expect(requests).toEqual([]);
    } finally {
      onlyHop.cleanup();
      hop.close();
    }
  });

  it('stores an item that two feeds carry once', async () => {
    const poller = new FeedPoller(services, OPTIONS);
    const summary = await poller.pollFeeds([addFeed('/dup-a.xml'), addFeed('/dup-b.xml')]);
    expect(summary.newArticles).toBe(3);
    expect(titlesIn('guild-1')).toEqual([80, 81, 82].map((n) => story(n).title).sort());
    expect(summary.results.flatMap((r) => r.items).filter((i) => i.outcome === 'duplicate')).toHaveLength(1);
  });

  it('rejects an item whose page is 20,000 divs deep and stores the rest of the feed', async () => {
    const result = await new FeedPoller(services, OPTIONS).pollFeed(addFeed('/deep.xml'));
    expect(result.error).toBeNull();
    expect(result.newArticles).toBe(2);
    expect(result.items.find((i) => i.outcome === 'rejected')!.reason).toMatch(/nested too deeply/);
    expect(titlesIn('guild-1')).toEqual([90, 92].map((n) => story(n).title).sort());
  });

  it("uses the item's own text, marked so, when the page cannot be had", async () => {
    const result = await new FeedPoller(services, OPTIONS).pollFeed(addFeed('/gone.xml'));
    expect(result.items[0]).toMatchObject({ outcome: 'added', bodyFrom: 'item' });
    expect(result.items[0]!.reason).toMatch(/HTTP 404/);
    expect(await services.store.feeds.itemCounts(result.feedId)).toEqual({ added: 1, fromItemText: 1, rejected: 0 });
  });

  it('after a restart between polls re-posts nothing and misses nothing published meanwhile', async () => {
    liveStories = range(100, 103).map((n) => story(n));
    const feed = addFeed('/live.xml');
    expect((await new FeedPoller(services, OPTIONS).pollFeed(feed)).newArticles).toBe(3);
    const firstIds = (await services.store.articles.list('guild-1', { limit: 100, offset: 0 })).map((a) => a.id);

    // The bot stops; while it is down the feed publishes 7 more (beyond FEED_BACKFILL) and drops its oldest.
    await services.store.close();
    liveStories = range(101, 110).map((n) => story(n));
    const reopened = Store.open(services.config.databasePath);
    const restarted = servicesOver(new SqliteEngine(reopened), services.config, services.taxonomy, services.log, () => now);
    try {
      const result = await new FeedPoller(restarted, OPTIONS).pollFeed(reopened.feeds.get(feed.id)!);
      expect(result.newArticles).toBe(7);
      expect(result.items.every((i) => i.outcome === 'added')).toBe(true);
      const all = reopened.articles.list('guild-1', { limit: 100, offset: 0 });
      expect(all).toHaveLength(10);
      expect(all.filter((a) => firstIds.includes(a.id))).toHaveLength(3);
    } finally {
      reopened.close();
    }
  });
});

describe('telling a server its feed is failing', () => {
  it("posts once in the server's digest channel, through the port the bot provides", async () => {
    await services.store.digests.putSettings({ guild: 'guild-1', channelId: '500000000000000001', cron: '0 8 * * *', timezone: 'Asia/Karachi', topics: [], maxStories: 5, enabled: true, updatedAt: now.toISOString() });
    const posts: { channelId: string; title: string }[] = [];
    const alerts = channelFeedAlerts(services, async (channelId, reply) => void posts.push({ channelId, title: reply.title }));
    const poller = new FeedPoller(services, { ...OPTIONS, alerts });
    const feed = addFeed('/malformed.xml');
    for (let i = 0; i < FAILING_AFTER + 2; i++) await poller.pollFeed((await services.store.feeds.get(feed.id))!);
    expect(posts).toEqual([{ channelId: '500000000000000001', title: `Feed failing: ${base}/malformed.xml` }]);
  });
});

describe('the schedule', () => {
  it('polls only the feeds that are due, then each again one interval later', async () => {
    const poller = new FeedPoller(services, OPTIONS);
    const due = addFeed('/rss.xml');
    const later = addFeed('/atom.xml');
    await services.store.feeds.setNextPoll(later.id, new Date(now.getTime() + 7 * 60_000));
    const first = await poller.pollDue();
    expect(first.results.map((r) => r.feedId)).toEqual([due.id]);
    expect((await services.store.feeds.get(due.id))!.nextPollAt).toBe(new Date(now.getTime() + 15 * 60_000).toISOString());
    now = new Date(now.getTime() + 8 * 60_000);
    expect((await poller.pollDue()).results.map((r) => r.feedId)).toEqual([later.id]);
    now = new Date(now.getTime() + 8 * 60_000);
    expect((await poller.pollDue()).results.map((r) => r.feedId)).toEqual([due.id]);
  });
});

describe('a feed removed while it is polled', () => {
  it('ends that poll quietly and leaves the other feeds alone', async () => {
    const poller = new FeedPoller(services, OPTIONS);
    const removed = addFeed('/rss.xml');
    const kept = addFeed('/atom.xml');
    await services.store.feeds.remove('guild-1', removed.id);
    const summary = await poller.pollFeeds([removed, kept]);
    expect(summary.results.find((r) => r.feedId === kept.id)).toMatchObject({ error: null, newArticles: 3 });
    expect(summary.results.find((r) => r.feedId === removed.id)!.newArticles).toBe(0);
  });
});

describe('a feed followed for some topics', () => {
  it('keeps the items tagged with one of them and says why the others were left out', async () => {
    const feed = (await services.store.feeds.add('guild-1', `${base}/topics.xml`, 'command', ['pak-afghan-border'], 'tester', now))!;
    const result = await new FeedPoller(services, OPTIONS).pollFeed(feed);
    expect(result.newArticles).toBe(1);
    expect(titlesIn('guild-1')).toEqual([story(120).title]);
    expect(result.items.find((i) => i.outcome === 'rejected')!.reason).toBe("not on the feed's topics (pak-afghan-border)");
  });
});
