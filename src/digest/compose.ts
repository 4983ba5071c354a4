// What a digest says: the articles a guild can see that arrived since its previous digest (at most
// 36 h back), clustered into stories, ranked, grouped by topic, each story told by its best stored
// summary sentences, a key quote with its speaker and a link to every outlet. Everything comes from
// what ingest stored; nothing here parses or scores text again. The result is one platform-neutral
// Reply kept within sane sizes; the renderers split it into messages.
import { smallChart } from '../charts/attachments.ts';
import { MAX_SERIES } from '../charts/render.ts';
import { readableText } from '../nlp/readable.ts';
import { clusterStories, groupByStory, relatedGroups } from '../nlp/cluster.ts';
import type { Topic } from '../nlp/taxonomy.ts';
import type { Services } from '../command.ts';
import type { Reply, ReplyAttachment, ReplyLink, ReplySection } from '../reply.ts';
import type { ArticleDetails, WindowArticle } from '../store/digests.ts';
import type { StoreEngine } from '../store/engine.ts';
import { keyQuote, quotationText, speakerLabel } from '../present/quotes.ts';
import { storySummary } from '../present/story.ts';
import { clip } from '../present/text.ts';
import { formatLocal } from './slots.ts';
import { HOUR_MS } from '../time.ts';
import { articleMoment } from '../domain/article.ts';
import type { Scope } from '../domain/scope.ts';

const MAX_WINDOW_HOURS = 36;
export const DEFAULT_MAX_STORIES = 8;
export const MAX_STORIES_LIMIT = 20;

/**
 * Clustering compares pairs, so a day's 2,000 articles would take most of a second; the best this many
 * candidates on their own merits are clustered, the rest only counted. The bench measures how often
 * this changes the stories chosen.
 */
export const MAX_CLUSTERED = 200;
const SENTENCE_CHARS = 320;
const QUOTE_CHARS = 240;
const HEADING_CHARS = 200;
const LINKS_PER_STORY = 5;

/**
 * Ranking weights. Coverage by several outlets is the strongest sign a story matters; a heavily
 * weighted topic comes next; a fresh story beats one from yesterday; a story with a named voice is
 * worth a little more to a reader than one without.
 */
const WEIGHTS = { coverage: 1, topic: 1, recency: 0.6, quote: 0.3 } as const;
/** Recency halves every this many hours. */
const RECENCY_HALF_LIFE_HOURS = 12;

export interface TopicInfo {
  label: string;
  /** How much a story on this topic counts for a reader of this bot (1 = ordinary). */
  weight: number;
}

/** Topic ids to labels and weights (the taxonomy); unknown ids get `untitledTopic`. */
export type TopicLookup = (topicId: string) => TopicInfo;

export const untitledTopic: TopicLookup = (topicId) => ({
  label: topicId.replace(/[-_]+/g, ' ').replace(/^\p{Ll}/u, (c) => c.toUpperCase()),
  weight: 1,
});

/**
 * Labels from the shared taxonomy and the guild's own topics. Every topic weighs 1: the taxonomy
 * carries no weights, so what ranks a story by topic is how strongly its articles were tagged.
 */
export async function digestTopics(taxonomy: Topic[], store: StoreEngine, scope: string | null): Promise<TopicLookup> {
  const labels = new Map([...taxonomy, ...(await store.topics.guildTopicsOf(scope))].map((t) => [t.id, t.label]));
  return (topicId) => ({ label: labels.get(topicId) ?? untitledTopic(topicId).label, weight: 1 });
}

const OTHER_TOPIC = 'Other news';

export interface DigestRequest {
  /** Whose articles: a guild id, or null for the shared collection. */
  scope: string | null;
  since: Date;
  until: Date;
  /** The zone the digest's times are shown in. */
  timezone: string;
  maxStories: number;
  /** Topic ids to keep; empty keeps all. */
  topics: string[];
  /** The slot a scheduled digest belongs to; the title shows it (a preview shows `until`). */
  slot?: Date;
  /** Posted by catch-up after the bot was down at `slot`. */
  late?: boolean;
  /** Attach a small 14-day chart of the digest's topics (the CHARTS setting). */
  chart?: boolean;
}

export interface ComposedDigest {
  reply: Reply;
  articles: number;
  stories: number;
}

/** A shortlisted article with how it reads, as clustering compares them. */
export type StoryMember = WindowArticle & ArticleDetails;

/** Titles, outlets, links and leads by article id, fetched for the shortlist only. */
export type DetailsLoader = (articleIds: number[]) => Map<number, ArticleDetails> | Promise<Map<number, ArticleDetails>>;

export interface Story {
  members: StoryMember[];
  score: number;
  topic: string | null;
}

/** The window a digest composed at `now` covers: since the previous digest, at most 36 h. */
export function digestWindow(previousEnd: string | null, now: Date): { since: Date; until: Date } {
  const floor = now.getTime() - MAX_WINDOW_HOURS * HOUR_MS;
  const previous = previousEnd === null ? Number.NaN : Date.parse(previousEnd);
  return { since: new Date(Number.isNaN(previous) ? floor : Math.max(previous, floor)), until: now };
}

/** The article's best tag score times its topic's weight (the tagger's own scale). */
function rawTopicValue(article: WindowArticle, topics: TopicLookup): number {
  let best = 0;
  for (const tag of article.topics) best = Math.max(best, tag.score * topics(tag.topicId).weight);
  return best;
}

function recency(article: WindowArticle, until: number): number {
  const hours = Math.max(0, until - articleMoment(article)) / HOUR_MS;
  return Math.pow(0.5, hours / RECENCY_HALF_LIFE_HOURS);
}

/** What ranking knows of one article, each signal in 0..1. */
interface Signals {
  topic: number;
  recency: number;
  quoted: boolean;
}

/** An article on its own: what it would be worth as a one-article story. */
function articleScore(signals: Signals): number {
  return WEIGHTS.topic * signals.topic + WEIGHTS.recency * signals.recency + (signals.quoted ? WEIGHTS.quote : 0);
}

function outletOf(article: StoryMember): string | null {
  if (article.outlet) return article.outlet;
  if (!article.url) return null;
  try {
    return new URL(article.url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

function storyScore(members: StoryMember[], signals: Map<number, Signals>): number {
  const outlets = new Set(members.map((m) => outletOf(m) ?? `#${m.id}`));
  const of = members.map((m) => signals.get(m.id)!);
  // Outlets, not articles: one outlet's ten press releases on a theme are not ten outlets' coverage.
  return (
    WEIGHTS.coverage * Math.log2(outlets.size) +
    WEIGHTS.topic * Math.max(...of.map((s) => s.topic)) +
    WEIGHTS.recency * Math.max(...of.map((s) => s.recency)) +
    (of.some((s) => s.quoted) ? WEIGHTS.quote : 0)
  );
}

/** The story's topic: the tag with the most weighted score among its members, within the filter. */
function primaryTopic(members: WindowArticle[], topics: TopicLookup, wanted: Set<string>): string | null {
  let best: { id: string; value: number } | null = null;
  for (const member of members) {
    for (const tag of member.topics) {
      if (wanted.size && !wanted.has(tag.topicId)) continue;
      const value = tag.score * topics(tag.topicId).weight;
      if (!best || value > best.value) best = { id: tag.topicId, value };
    }
  }
  return best?.id ?? null;
}

async function keyQuoteLine(store: StoreEngine, scope: Scope, members: StoryMember[]): Promise<string | null> {
  for (const member of members) {
    if (!member.quoted) continue;
    const quote = keyQuote(await store.articles.quotes(member.id, scope));
    if (quote) return `${quotationText(quote, QUOTE_CHARS)} — ${speakerLabel(quote)}`;
  }
  return null;
}

async function storySection(store: StoreEngine, scope: Scope, story: Story, topics: TopicLookup): Promise<ReplySection> {
  const lead = story.members[0]!;
  const sentences = await store.articles.sentences(lead.id, scope);
  const lines = [storySummary(sentences).map((s) => clip(readableText(s), SENTENCE_CHARS)).join(' ')];
  const quote = await keyQuoteLine(store, scope, story.members);
  if (quote) lines.push(quote);

  const links: ReplyLink[] = [];
  const outlets: string[] = [];
  const seenUrls = new Set<string>();
  for (const member of story.members) {
    const outlet = outletOf(member);
    if (outlet && !outlets.includes(outlet)) outlets.push(outlet);
    if (member.url && !seenUrls.has(member.url) && links.length < LINKS_PER_STORY) {
      seenUrls.add(member.url);
      links.push({ label: outlet ?? `#${member.id}`, url: member.url });
    }
  }
  if (outlets.length > 1 || story.members.length > 1) {
    const count = story.members.length > 1 ? ` (${story.members.length} articles)` : '';
    lines.push(`Covered by ${outlets.join(', ') || 'unnamed sources'}${count}`);
  }
  const topic = story.topic ? topics(story.topic).label : OTHER_TOPIC;
  return { heading: clip(`${topic} · ${lead.title}`, HEADING_CHARS), lines, links };
}

/**
 * Picks, ranks and groups the stories of a window. Pure over the candidates, so tests and the bench
 * can drive it without a schedule; `clusterLimit` is there for the bench to compare against no limit.
 * Asynchronous only because the loaders may be the store's.
 */
export async function rankStories(
  candidates: WindowArticle[],
  request: DigestRequest,
  topics: TopicLookup,
  detailsOf: DetailsLoader,
  clusterLimit = MAX_CLUSTERED,
  storiesOf?: (ids: number[]) => Map<number, number> | Promise<Map<number, number>>,
): Promise<Story[]> {
  const until = request.until.getTime();
  const wanted = new Set(request.topics);
  const pool = wanted.size ? candidates.filter((c) => c.topics.some((t) => wanted.has(t.topicId))) : candidates;
  // Tag scores are on the tagger's scale; divided by the window's best they sit in 0..1 beside the rest.
  const rawTopics = pool.map((article) => rawTopicValue(article, topics));
  const topicScale = rawTopics.reduce((a, b) => Math.max(a, b), 0) || 1;
  const signals = new Map<number, Signals>(
    pool.map((article, i) => [article.id, { topic: rawTopics[i]! / topicScale, recency: recency(article, until), quoted: article.quoted }]),
  );
  const scored = pool
    .map((article) => ({ article, score: articleScore(signals.get(article.id)!) }))
    .sort((a, b) => b.score - a.score || b.article.id - a.article.id)
    .slice(0, clusterLimit)
    .map((s) => s.article);
  const details = await detailsOf(scored.map((article) => article.id));
  const members: StoryMember[] = scored.map((article) => ({ ...article, ...details.get(article.id)! }));
  // Best first in, so each cluster's first member is its best article: the one that tells the story.
  // The stories are the ones ingest stored; without a store (tests, the bench) they are found here.
  const clusters = storiesOf ? groupByStory(members, await storiesOf(members.map((m) => m.id))) : clusterStories(members);
  // One entry per occurrence and what followed from it: reactions and follow-ups stay their own
  // stories in the store, but the digest shows them under the story they relate to (best first).
  const heads = relatedGroups(clusters);
  const entries = new Map<number, StoryMember[]>();
  clusters.forEach((cluster, c) => {
    const entry = entries.get(heads[c]!);
    if (entry) entry.push(...cluster.items);
    else entries.set(heads[c]!, [...cluster.items]);
  });
  const stories: Story[] = [...entries.values()].map((items) => ({
    members: items,
    score: storyScore(items, signals),
    topic: primaryTopic(items, topics, wanted),
  }));
  stories.sort((a, b) => b.score - a.score);
  const chosen = stories.slice(0, request.maxStories);
  // Grouped by topic, groups in the order of their best story, stories by score within a group.
  const groupRank = new Map<string | null, number>();
  chosen.forEach((story, rank) => {
    if (!groupRank.has(story.topic)) groupRank.set(story.topic, rank);
  });
  return chosen
    .map((story, rank) => ({ story, rank }))
    .sort((a, b) => groupRank.get(a.story.topic)! - groupRank.get(b.story.topic)! || a.rank - b.rank)
    .map((s) => s.story);
}

/** The last 14 days of the digest's topics (those of its stories, in the order shown), or null. */
function digestChart(store: StoreEngine, request: DigestRequest, stories: Story[], topics: TopicLookup): Promise<ReplyAttachment | null> {
  const ids = [...new Set(stories.map((s) => s.topic).filter((id): id is string => id !== null))].slice(0, MAX_SERIES);
  return smallChart(store, request.scope, ids.map((id) => ({ label: topics(id).label, match: { topicId: id } })), request.until, 'digest.png');
}

/** The digest a front end shows: labels from the shared taxonomy and the guild's own topics. */
export async function composeDigestFor(services: Pick<Services, 'store' | 'taxonomy'>, request: DigestRequest): Promise<ComposedDigest> {
  return composeDigest(services.store, request, await digestTopics(services.taxonomy.topics, services.store, request.scope));
}

/** The digest of a window as one Reply; an empty window gives one short line (the scheduler may skip it). */
export async function composeDigest(store: StoreEngine, request: DigestRequest, topics: TopicLookup): Promise<ComposedDigest> {
  const publishedFrom = new Date(request.since.getTime() - 24 * HOUR_MS).toISOString().slice(0, 10);
  const candidates = await store.digests.candidates(request.scope, {
    since: request.since.toISOString(),
    until: request.until.toISOString(),
    publishedFrom,
  });
  const stories = await rankStories(candidates, request, topics, (ids) => store.digests.details(ids, request.scope), MAX_CLUSTERED, (ids) => store.stories.storiesOf(ids, request.scope));
  const withSeconds = request.until.getTime() - request.since.getTime() < HOUR_MS;
  const title = `Security digest · ${formatLocal(request.slot ?? request.until, request.timezone, withSeconds)} (${request.timezone})`;
  const since = formatLocal(request.since, request.timezone, withSeconds);
  const late = request.late ? ` Posted late, at ${formatLocal(request.until, request.timezone, withSeconds)}: the bot was offline at the scheduled time.` : '';
  if (stories.length === 0) {
    return {
      reply: { title, description: `No new articles since ${since}.${late}`, sections: [], tone: 'info' },
      articles: 0,
      stories: 0,
    };
  }
  const articles = stories.reduce((sum, s) => sum + s.members.length, 0);
  const chart = request.chart ? await digestChart(store, request, stories, topics) : null;
  const sections: ReplySection[] = [];
  for (const story of stories) sections.push(await storySection(store, request.scope, story, topics));
  const more = candidates.length > articles ? ` (${candidates.length} new in all)` : '';
  return {
    reply: {
      title,
      description: `${stories.length} ${stories.length === 1 ? 'story' : 'stories'} from ${articles} ${articles === 1 ? 'article' : 'articles'}${more} since ${since}.${late}`,
      sections,
      footer: 'Sentences and quotes are quoted from the articles, not rewritten.',
      tone: 'info',
      ...(chart ? { attachments: [chart] } : {}),
    },
    articles,
    stories: stories.length,
  };
}
