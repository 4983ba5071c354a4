// /feed add|list|remove|test: a server's admins choose the news feeds the bot reads for them. New
// items arrive by themselves (src/feeds/poller.ts); the shared feeds come from configuration.
import { RejectedInput } from '../src/domain/article.ts';
import { fetchGuarded } from '../src/articles/fetch-url.ts';
import { bySubcommand, type CommandContext, type CommandSpec, defineCommand, numberOption, stringOption, type SubcommandOptions, UserError } from '../src/command.ts';
import { decodeFeedBytes, type ParsedFeed, parseFeedText } from '../src/feeds/parse-feed.ts';
import type { Reply } from '../src/reply.ts';
import { scopeKey, SHARED } from '../src/domain/scope.ts';
import type { StoredFeed } from '../src/store/feeds.ts';

const MAX_FEEDS_PER_SERVER = 50;
const TEST_ITEMS_SHOWN = 5;

function feedUrl(ctx: CommandContext<SubcommandOptions<typeof feedSpec, 'add' | 'test'>>): string {
  const raw = stringOption(ctx, 'url') ?? '';
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // refused below
  }
  throw new UserError(`"${raw.slice(0, 100)}" is not an http or https address.`);
}

/** Fetches and parses a feed under the URL rules of /article-admin add url:, or refuses with the reason. */
async function readFeed(ctx: CommandContext, url: string): Promise<ParsedFeed> {
  const { config } = ctx.services;
  try {
    const response = await fetchGuarded(url, { allowPrivate: config.allowPrivateUrls, headers: { accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5' } });
    return parseFeedText(decodeFeedBytes(response.bytes, response.contentType), response.url);
  } catch (error) {
    if (error instanceof RejectedInput) throw new UserError(`The feed could not be read: ${error.message}.`);
    throw error;
  }
}

function topicsOption(ctx: CommandContext<SubcommandOptions<typeof feedSpec, 'add'>>): string[] {
  const given = [...new Set((stringOption(ctx, 'topics') ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];
  const known = new Set(ctx.services.taxonomy.topics.map((t) => t.id));
  const unknown = given.filter((t) => !known.has(t));
  if (unknown.length) throw new UserError(`Unknown topic(s): ${unknown.join(', ')}. /topics lists the topic ids.`);
  return given;
}

async function addFeed(ctx: CommandContext<SubcommandOptions<typeof feedSpec, 'add'>>): Promise<Reply> {
  const url = feedUrl(ctx);
  const topics = topicsOption(ctx);
  const { feeds } = ctx.services.store;
  if ((await feeds.listOwn(ctx.scope)).length >= MAX_FEEDS_PER_SERVER) throw new UserError(`A server can follow at most ${MAX_FEEDS_PER_SERVER} feeds; remove one first.`);
  // Read once now, so a wrong address is refused at once rather than failing quietly later.
  const parsed = await readFeed(ctx, url);
  const feed = await feeds.add(ctx.scope, url, 'command', topics, ctx.userId, ctx.services.clock());
  if (!feed) throw new UserError('This server already follows that feed. /feed list shows them.');
  const { feedBackfill, feedPollMinutes } = ctx.services.config;
  return {
    title: `Following #${feed.id}: ${parsed.title ?? url}`,
    description: `${parsed.format.toUpperCase()} feed with ${parsed.items.length} items. The first poll (within ${feedPollMinutes} minutes) takes the ${feedBackfill} newest; after that every new item.${topics.length ? ` Only items on ${topics.join(', ')} are kept.` : ''}`,
    sections: [],
    ephemeral: true,
    tone: 'success',
  };
}

async function feedLine(ctx: CommandContext, feed: StoredFeed): Promise<string> {
  const counts = await ctx.services.store.feeds.itemCounts(feed.id);
  const shared = feed.scope === SHARED && ctx.scope !== null ? ' [shared]' : '';
  const topics = feed.topics.length ? ` · topics ${feed.topics.join(', ')}` : '';
  const fromItems = counts.fromItemText ? ` (${counts.fromItemText} from the feed's own text: page not available)` : '';
  let state: string;
  if (feed.failingReason) state = `FAILING since ${feed.failingSince?.slice(0, 16).replace('T', ' ')}: ${feed.failingReason}`;
  else if (feed.failures) state = `last poll failed (${feed.failures}×, retrying later): ${feed.lastError}`;
  else if (feed.lastSuccessAt) state = `ok, polled ${feed.lastSuccessAt.slice(0, 16).replace('T', ' ')}`;
  else state = 'not polled yet';
  return `#${feed.id} · ${feed.title ?? feed.url}${shared} · ${feed.url}${topics} · ${counts.added} articles${fromItems} · ${state}`;
}

async function listFeeds(ctx: CommandContext<SubcommandOptions<typeof feedSpec, 'list'>>): Promise<Reply> {
  const { feeds } = ctx.services.store;
  const own = await feeds.listOwn(ctx.scope);
  const shared = ctx.scope === null ? [] : await feeds.listOwn(null);
  const lines: string[] = [];
  for (const feed of [...own, ...shared]) lines.push(await feedLine(ctx, feed));
  return {
    title: `Feeds (${lines.length})`,
    sections: [{ lines: lines.length ? lines : ['No feeds yet. Add one with /feed add url:.'] }],
    ephemeral: true,
  };
}

async function removeFeed(ctx: CommandContext<SubcommandOptions<typeof feedSpec, 'remove'>>): Promise<Reply> {
  const id = numberOption(ctx, 'id') ?? 0;
  const feed = await ctx.services.store.feeds.get(id);
  const own = feed?.scope === scopeKey(ctx.scope);
  if (!feed || (!own && feed.scope !== SHARED)) throw new UserError(`There is no feed #${id} here. /feed list shows the ids.`);
  if (!own) throw new UserError(`Feed #${id} is shared with every server and cannot be removed from here.`);
  if (feed.origin === 'config') throw new UserError(`Feed #${id} comes from the configuration (FEEDS_PATH or FEEDS); remove it there.`);
  await ctx.services.store.feeds.remove(ctx.scope, id);
  return { title: `Stopped following #${id}`, description: `${feed.title ?? feed.url}. Articles already taken in stay.`, sections: [], ephemeral: true, tone: 'success' };
}

async function testFeed(ctx: CommandContext<SubcommandOptions<typeof feedSpec, 'test'>>): Promise<Reply> {
  const url = feedUrl(ctx);
  const parsed = await readFeed(ctx, url);
  const lines = parsed.items.slice(0, TEST_ITEMS_SHOWN).map((i) => `${i.published?.slice(0, 10) ?? 'no date'} · ${i.title ?? '(no title)'}${i.link ? ` · ${i.link}` : ' · no link: its own text would be used'}`);
  return {
    title: `${parsed.title ?? url}: ${parsed.format.toUpperCase()} feed, ${parsed.items.length} items`,
    description: 'Read only; nothing was stored. /feed add follows it.',
    sections: [{ heading: 'Newest items', lines: lines.length ? lines : ['The feed has no items.'] }],
    ephemeral: true,
    tone: 'info',
  };
}

const feedSpec = {
  name: 'feed',
  description: 'Follow news feeds (RSS, Atom, RDF, JSON Feed): new articles arrive by themselves',
  admin: true,
  slow: true,
  subcommands: [
    {
      name: 'add',
      description: 'Follow a feed for this server',
      options: [
        { name: 'url', description: 'The feed address (http or https)', type: 'string', required: true, maxLength: 2000 },
        { name: 'topics', description: 'Keep only items on these topic ids, separated by commas', type: 'string', maxLength: 500 },
      ],
    },
    { name: 'list', description: "This server's feeds and the shared ones, and why any is failing" },
    {
      name: 'remove',
      description: 'Stop following a feed',
      options: [{ name: 'id', description: 'The feed id, as /feed list shows it', type: 'integer', required: true, minValue: 1 }],
    },
    {
      name: 'test',
      description: 'Read a feed once and show its newest items, storing nothing',
      options: [{ name: 'url', description: 'The feed address (http or https)', type: 'string', required: true, maxLength: 2000 }],
    },
  ],
} as const satisfies CommandSpec;

export const feedCommand = defineCommand({
  spec: feedSpec,
  run: bySubcommand(feedSpec, { add: addFeed, list: listFeeds, remove: removeFeed, test: testFeed }),
});
