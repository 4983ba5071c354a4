// Polls feeds and takes their new items in as articles. Polite like a feed reader: conditional GET,
// a few requests at once and never two to one host, timeouts and size caps, backoff when a feed
// fails and a "failing" mark (told once) after repeated failures. Every URL, the feed's and each
// item page's, goes through the guarded fetch of /article-admin add url:.
import cron, { type ScheduledTask } from 'node-cron';
import { parseHTML } from 'linkedom';
import { RejectedInput } from '../domain/article.ts';
import { decodeArticleBytes } from '../articles/decode.ts';
import { fetchGuarded, pageOf, URL_MAX_BYTES, URL_TIMEOUT_MS, type WebResponse } from '../articles/fetch-url.ts';
import type { IngestReport, KeepFilter } from '../pipeline/ingest.ts';
import { formatOfFileName, htmlNestingDepth, MAX_NESTING_DEPTH } from '../articles/parse.ts';
import type { Services } from '../command.ts';
import { articleScopeOf, type SeenItem, type StoredFeed } from '../store/feeds.ts';
import { canonicalUrl } from '../store/keys.ts';
import { decodeFeedBytes, type FeedItem, type ParsedFeed, parseFeedText } from './parse-feed.ts';

/** Failed polls in a row before a feed is marked failing. */
export const FAILING_AFTER = 3;
/** Longest wait between two polls of a failing feed. */
const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000;
const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/** Where a feed's trouble is told: the server's digest channel on Discord, the log elsewhere. */
export interface FeedAlerts {
  /** Called once when a feed becomes failing; a throw means "not told", and it is tried again later. */
  feedFailing(feed: StoredFeed): Promise<void>;
}

export interface PollerOptions {
  /** Requests under way at once, over all hosts. */
  concurrency?: number;
  timeoutMs?: number;
  maxFeedBytes?: number;
  /** False: take every item from its own text, fetching no page (the bench's baseline). */
  extractPages?: boolean;
  alerts?: FeedAlerts;
}

export interface FeedPollResult {
  feedId: number;
  newArticles: number;
  /** Why the poll failed, or null. */
  error: string | null;
  notModified: boolean;
  items: { key: string; outcome: SeenItem['outcome']; reason: string | null; bodyFrom: 'page' | 'item' | null }[];
}

export interface PollSummary {
  polled: number;
  newArticles: number;
  failing: number;
  results: FeedPollResult[];
}

export function pollSummaryLine(summary: PollSummary): string {
  return `polled ${summary.polled} feeds: ${summary.newArticles} new articles, ${summary.failing} failing`;
}

/** At most `limit` tasks at once, and one at a time per host. */
export class HostGate {
  private running = 0;
  private readonly busyHosts = new Set<string>();
  private readonly waiting: { host: string; start: () => void }[] = [];

  constructor(private readonly limit: number) {}

  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        this.running++;
        this.busyHosts.add(host);
        task().then(resolve, reject).finally(() => {
          this.running--;
          this.busyHosts.delete(host);
          this.next();
        });
      };
      this.waiting.push({ host, start });
      this.next();
    });
  }

  private next(): void {
    for (let i = 0; i < this.waiting.length && this.running < this.limit; ) {
      const entry = this.waiting[i]!;
      if (this.busyHosts.has(entry.host)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      entry.start();
    }
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre';

/** An item's HTML as paragraphs of plain text (feeds carry fragments, often too short for Readability). */
export function itemHtmlToText(html: string): string {
  if (!/<[a-z!/]/i.test(html)) return html;
  if (htmlNestingDepth(html) > MAX_NESTING_DEPTH) throw new RejectedInput(`the item text is nested too deeply (over ${MAX_NESTING_DEPTH} levels)`);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks = [...document.querySelectorAll(BLOCKS)].filter((e) => !e.querySelector(BLOCKS)).map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean);
  return blocks.length ? blocks.join('\n\n') : (document.body?.textContent ?? '').trim();
}

export class FeedPoller {
  private readonly gate: HostGate;
  private readonly timeoutMs: number;
  private readonly maxFeedBytes: number;
  private readonly extractPages: boolean;
  private task: ScheduledTask | null = null;
  private readonly inFlight = new Set<number>();
  private current: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly services: Services,
    private readonly options: PollerOptions = {},
  ) {
    this.gate = new HostGate(options.concurrency ?? 4);
    this.timeoutMs = options.timeoutMs ?? URL_TIMEOUT_MS;
    this.maxFeedBytes = options.maxFeedBytes ?? URL_MAX_BYTES;
    this.extractPages = options.extractPages ?? true;
  }

  private get intervalMs(): number {
    return this.services.config.feedPollMinutes * 60_000;
  }

  /** Polls every feed now, due or not (`brief feeds poll`). */
  async pollAll(): Promise<PollSummary> {
    return this.pollFeeds(await this.services.store.feeds.all());
  }

  /** Polls the feeds whose time has come; a feed still being polled is left to that poll. */
  async pollDue(): Promise<PollSummary> {
    return this.pollFeeds((await this.services.store.feeds.due(this.services.clock())).filter((f) => !this.inFlight.has(f.id)));
  }

  async pollFeeds(feeds: StoredFeed[]): Promise<PollSummary> {
    const results = await Promise.all(feeds.map((feed) => this.pollFeed(feed)));
    const failing = (await this.services.store.feeds.all()).filter((f) => f.failingReason !== null).length;
    return { polled: results.length, newArticles: results.reduce((n, r) => n + r.newArticles, 0), failing, results };
  }

  /** One feed: fetch (conditionally), parse, take the new items. Never throws. */
  async pollFeed(feed: StoredFeed): Promise<FeedPollResult> {
    this.inFlight.add(feed.id);
    const result: FeedPollResult = { feedId: feed.id, newArticles: 0, error: null, notModified: false, items: [] };
    try {
      return await this.pollFeedOnce(feed, result);
    } catch (error) {
      // A store error or a bug: this feed's poll ends here, the other feeds' go on.
      this.services.log.error({ feed: feed.url, err: error }, 'feed poll failed unexpectedly');
      result.error = `the poll failed (${(error as Error).message})`;
      return result;
    } finally {
      this.inFlight.delete(feed.id);
    }
  }

  private async pollFeedOnce(feed: StoredFeed, result: FeedPollResult): Promise<FeedPollResult> {
    let response: WebResponse;
    let parsed: ParsedFeed | null = null;
    try {
      response = await this.gate.run(hostOf(feed.url), () => this.fetchFeed(feed));
      if (response.status === 200) parsed = parseFeedText(decodeFeedBytes(response.bytes, response.contentType), response.url);
    } catch (error) {
      result.error = error instanceof RejectedInput ? error.message : `the feed could not be read (${(error as Error).message})`;
      await this.recordFailure(feed, result.error);
      return result;
    }
    if (!parsed) {
      result.notModified = true;
    } else {
      await this.takeItems(feed, parsed, result);
    }
    const now = this.services.clock();
    await this.services.store.feeds.recordSuccess(feed.id, {
      title: parsed?.title ?? null,
      // A 304 may leave the validators out; the ones we had still hold.
      etag: parsed ? response.etag : (response.etag ?? feed.etag),
      lastModified: parsed ? response.lastModified : (response.lastModified ?? feed.lastModified),
      now,
      nextPollAt: new Date(now.getTime() + this.intervalMs),
    });
    return result;
  }

  private fetchFeed(feed: StoredFeed): Promise<WebResponse> {
    const headers: Record<string, string> = { accept: FEED_ACCEPT };
    if (feed.etag) headers['if-none-match'] = feed.etag;
    if (feed.lastModified) headers['if-modified-since'] = feed.lastModified;
    return fetchGuarded(feed.url, { allowPrivate: this.services.config.allowPrivateUrls, timeoutMs: this.timeoutMs, maxBytes: this.maxFeedBytes, headers });
  }

  private async recordFailure(feed: StoredFeed, reason: string): Promise<void> {
    const { feeds } = this.services.store;
    const now = this.services.clock();
    const backoff = Math.min(MAX_BACKOFF_MS, this.intervalMs * 2 ** feed.failures);
    const updated = await feeds.recordFailure(feed.id, reason, now, new Date(now.getTime() + backoff), FAILING_AFTER);
    if (!updated) return; // removed while it was being polled
    this.services.log.warn({ feed: feed.url, failures: updated.failures, reason }, 'feed poll failed');
    if (updated.failingReason && !updated.failingToldAt) {
      try {
        await (this.options.alerts ?? logAlerts(this.services)).feedFailing(updated);
        await feeds.markFailingTold(feed.id, this.services.clock());
      } catch (error) {
        this.services.log.error({ feed: feed.url, err: error }, 'could not tell that a feed is failing');
      }
    }
  }

  /**
   * The unseen items, oldest first so articles arrive in the order they were published. The first
   * good poll of a feed takes only the newest FEED_BACKFILL and marks the rest seen.
   */
  private async takeItems(feed: StoredFeed, parsed: ParsedFeed, result: FeedPollResult): Promise<void> {
    const { feeds } = this.services.store;
    const now = this.services.clock();
    const seen = await feeds.seenKeys(feed.id, parsed.items.map((i) => i.key));
    let fresh = parsed.items.filter((i) => !seen.has(i.key));
    if (feed.lastSuccessAt === null && !(await feeds.hasSeenAny(feed.id))) {
      const backfill = this.services.config.feedBackfill;
      const skipped = fresh.slice(backfill).map((i): SeenItem => ({ key: i.key, outcome: 'skipped' }));
      await feeds.markSeen(feed.id, skipped, now);
      for (const s of skipped) result.items.push({ key: s.key, outcome: 'skipped', reason: null, bodyFrom: null });
      fresh = fresh.slice(0, backfill);
    }
    for (const item of fresh.reverse()) {
      // Analysis is synchronous CPU work: yield between items so the other feeds' responses are
      // read as they arrive, and their timeouts measure the server, not our own busy loop.
      await new Promise((resolve) => setImmediate(resolve));
      if (!(await feeds.get(feed.id))) break; // removed (/feed remove) while it was being polled
      let seenItem: SeenItem;
      try {
        seenItem = await this.takeItem(feed, parsed, item);
      } catch (error) {
        // One item's trouble (a store error, a bug) costs that item, not the feed's other items.
        this.services.log.error({ feed: feed.url, item: item.key, err: error }, 'feed item failed');
        seenItem = { key: item.key, outcome: 'rejected', reason: `could not be taken in (${(error as Error).message})` };
      }
      // Recorded item by item: a crash mid-poll repeats at most one item, and ingest's dedup catches it.
      await feeds.markSeen(feed.id, [seenItem], this.services.clock());
      if (seenItem.outcome === 'added') result.newArticles++;
      result.items.push({ key: item.key, outcome: seenItem.outcome, reason: seenItem.reason ?? null, bodyFrom: seenItem.bodyFrom ?? null });
    }
  }

  private async takeItem(feed: StoredFeed, parsed: ParsedFeed, item: FeedItem): Promise<SeenItem> {
    const scope = articleScopeOf(feed);
    const keep = topicFilter(feed.topics);
    const { ingestor, store, config } = this.services;
    const meta = { title: item.title, url: item.link, published: item.published };
    const canonical = canonicalUrl(item.link);
    // The same story in two feeds: known by its URL, it is neither fetched nor stored again.
    const known = canonical ? await store.articles.findDuplicate(scope, '', canonical) : null;
    if (known) return { key: item.key, outcome: 'duplicate', articleId: known.id };
    let pageProblem = this.extractPages ? 'the item has no link' : 'pages are not fetched';
    if (this.extractPages && item.link) {
      const link = item.link;
      try {
        const response = await this.gate.run(hostOf(link), () => fetchGuarded(link, { allowPrivate: config.allowPrivateUrls, timeoutMs: this.timeoutMs }));
        const page = pageOf(response);
        const text = decodeArticleBytes(page.bytes, config.maxArticleBytes);
        const format = formatOfFileName(page.fileName);
        return seenFrom(item.key, 'page', await ingestor.ingestText(link, text, format === 'jsonl' ? 'text' : format, scope, { ...meta, url: page.url }, keep));
      } catch (error) {
        pageProblem = error instanceof RejectedInput ? error.message : `the page could not be fetched (${(error as Error).message})`;
      }
    }
    // The page could not be had: the item's own text stands in, and says so where it is stored.
    if (!item.content) return { key: item.key, outcome: 'rejected', reason: `no page (${pageProblem}) and no item text` };
    let text: string;
    try {
      text = itemHtmlToText(item.content);
    } catch (error) {
      return { key: item.key, outcome: 'rejected', reason: error instanceof RejectedInput ? error.message : String(error) };
    }
    const source = `${item.link ?? feed.url} (feed item text only: ${pageProblem})`;
    const seenItem = seenFrom(item.key, 'item', await ingestor.ingestText(source, text, 'text', scope, { ...meta, outlet: parsed.title }, keep));
    return { ...seenItem, reason: seenItem.reason ?? pageProblem };
  }

  /** Polls due feeds every minute; each feed's own next_poll_at spreads them across the interval. */
  start(): void {
    if (this.task) return;
    // The promise is returned so noOverlap skips a tick while a long poll is still under way.
    this.task = cron.schedule('* * * * *', () => {
      this.current = this.pollDue().catch((error: unknown) => this.services.log.error({ err: error }, 'feed poll failed'));
      return this.current;
    }, { name: 'feeds', noOverlap: true });
  }

  /** Stops the schedule and waits for a poll under way. */
  async stop(): Promise<void> {
    if (this.task) await this.task.destroy();
    this.task = null;
    await this.current;
  }
}

/** A feed given topics takes only the items tagged with one of them. */
export function topicFilter(topics: string[]): KeepFilter | undefined {
  if (topics.length === 0) return undefined;
  const wanted = new Set(topics);
  return (analysis) => (analysis.topics.some((t) => wanted.has(t.topicId)) ? null : `not on the feed's topics (${topics.join(', ')})`);
}

function seenFrom(key: string, bodyFrom: 'page' | 'item', report: IngestReport): SeenItem {
  if (report.added[0]) return { key, outcome: 'added', bodyFrom, articleId: report.added[0].id };
  if (report.duplicates[0]) return { key, outcome: 'duplicate', bodyFrom, articleId: report.duplicates[0].id };
  return { key, outcome: 'rejected', bodyFrom, reason: report.rejected[0]?.reason ?? 'nothing to store' };
}

/** Without Discord, a failing feed is told in the log. */
export function logAlerts(services: Pick<Services, 'log'>): FeedAlerts {
  return {
    async feedFailing(feed) {
      services.log.warn({ feed: feed.url, scope: feed.scope, reason: feed.failingReason }, 'feed marked failing');
    },
  };
}
