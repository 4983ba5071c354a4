// /topic name:<topic> | query:<text> [days:7]: what the articles say on a topic, as one brief. Each
// story is shown once however many outlets carried it ("also reported by …"), with its best stored
// summary sentences and the sentence that made it belong to the topic ("Why:"); then key quotes with
// their speakers and the number of articles per day. A server's own topic (/topic-admin add) is
// found by searching its aliases and then judged by the same evidence rules as the shared topics
// (tagTopics over the stored sentences), so a passing mention does not make a story.
import { AUTOCOMPLETE_LIMIT, type Choice, type CommandContext, type CommandSpec, defineCommand, numberOption, type OptionsOf, type Services, stringOption, UserError } from '../src/command.ts';
import { smallChart } from '../src/charts/attachments.ts';
import { groupByStory, type StoryItem } from '../src/nlp/cluster.ts';
import type { Topic } from '../src/nlp/taxonomy.ts';
import { tagTopics } from '../src/nlp/topics.ts';
import type { Reply, ReplySection } from '../src/reply.ts';
import type { Scope } from '../src/domain/scope.ts';
import { HEADLINE_EVIDENCE } from '../src/store/articles.ts';
import type { StoreEngine } from '../src/store/engine.ts';
import { aliasQuery, ftsQuery, type GuildTopic, type RankedStory, type StoryFindings, type StoryMatch } from '../src/store/topics.ts';
import { clampDays, MAX_DAYS, windowStart } from '../src/present/days.ts';
import { keyQuote, quotationText, speakerLabel } from '../src/present/quotes.ts';
import { storySummary } from '../src/present/story.ts';
import { readableText } from '../src/nlp/readable.ts';

const DEFAULT_DAYS = 7;
/** Stories in one brief: more would not fit one Discord message and nobody reads them. */
const STORIES_SHOWN = 5;
/** Candidates clustered: enough that five distinct stories survive the merging of repeats. */
const CANDIDATES = 30;
/**
 * Search matches of a server's own topic judged by the evidence rules: the best by relevance and
 * recency. Its per-day counts are over these, so a topic mentioned in thousands of articles a week
 * is counted among its best matches only.
 */
const OWN_TOPIC_CANDIDATES = 200;
const QUOTES_SHOWN = 2;
const BAR = '▇';

type NamedTopic = Pick<Topic, 'id' | 'label' | 'aliases'>;

/** Shared topics and this guild's, as lookups see them. */
export async function visibleTopics(services: Services, scope: Scope): Promise<NamedTopic[]> {
  return [...services.taxonomy.topics, ...(await services.store.topics.guildTopicsOf(scope))];
}

/** The same for autocomplete, which may be a few seconds behind another process (SUGGESTION_TTL_MS). */
export async function suggestedTopics(services: Services, scope: Scope): Promise<NamedTopic[]> {
  return [...services.taxonomy.topics, ...(await services.store.topics.guildTopicSuggestions(scope))];
}

/** Whether `name` (as typed or chosen in autocomplete) names this topic. */
function named(name: string): (topic: NamedTopic) => boolean {
  const wanted = name.trim().toLowerCase();
  return (topic) => topic.id === wanted || topic.label.toLowerCase() === wanted;
}

interface Subject {
  label: string;
  match: StoryMatch;
  /** A server's own topic, found by its aliases and then judged by the evidence rules. */
  own?: Topic;
}

async function subjectOf(ctx: CommandContext<OptionsOf<typeof topicSpec['options']>>): Promise<Subject> {
  const name = stringOption(ctx, 'name');
  const query = stringOption(ctx, 'query');
  if (name && query) throw new UserError('Give either name: (a topic) or query: (free text), not both.');
  if (!name && !query) throw new UserError('Give name: (a topic; /topics lists them) or query: (free text).');
  if (query) {
    const fts = ftsQuery(query);
    if (!fts) throw new UserError('The query has no words to search for.');
    return { label: `“${query}”`, match: { fts } };
  }
  return resolveTopic(ctx.services, ctx.scope, name!);
}

/** The topic a name (id or label) stands for here, and how to find its articles. */
export async function resolveTopic(services: Services, scope: Scope, name: string): Promise<Subject> {
  const shared = services.taxonomy.topics.find(named(name));
  if (shared) return { label: shared.label, match: { topicId: shared.id } };
  // A guild topic arrives after its articles were tagged, so it is found by searching its aliases.
  const own = (await services.store.topics.guildTopicsOf(scope)).find(named(name));
  if (own) return { label: own.label, match: { fts: aliasQuery(own.aliases)! }, own: asTopic(own) };
  throw new UserError(`There is no topic "${name}". /topics lists them.`);
}

/** A server's topic as the tagger reads it: its aliases are its evidence. */
function asTopic(own: GuildTopic): Topic {
  return { id: own.id, label: own.label, description: own.label, aliases: own.aliases };
}

/**
 * The search matches that the evidence rules tag with a server's topic, each with its evidence
 * sentence; counts per day over those kept.
 */
async function judgedByEvidence(services: Services, scope: Scope, found: StoryFindings, topic: Topic): Promise<StoryFindings> {
  const taxonomy = [topic];
  const stories: RankedStory[] = [];
  // Asked together: one after another they are as many round trips in a row as there are matches.
  const sentences = await Promise.all(found.stories.map((story) => services.store.articles.sentences(story.id, scope)));
  found.stories.forEach((story, i) => {
    const [tag] = tagTopics({ title: story.title }, sentences[i]!, taxonomy, services.taxonomy.model);
    if (tag) stories.push({ ...story, evidence: tag.evidence ?? HEADLINE_EVIDENCE });
  });
  const perDay = new Map<string, number>();
  for (const story of stories) perDay.set(story.date.slice(0, 10), (perDay.get(story.date.slice(0, 10)) ?? 0) + 1);
  return {
    stories: stories.slice(0, CANDIDATES),
    perDay: [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, n]) => ({ day, n })),
    total: stories.length,
  };
}

interface Candidate extends StoryItem {
  story: RankedStory;
}

async function storySection(store: StoreEngine, scope: Scope, members: Candidate[]): Promise<ReplySection> {
  const [best, ...others] = members as [Candidate, ...Candidate[]];
  const { story } = best;
  const outlet = story.outlet ? ` · ${story.outlet}` : '';
  const lines = [`#${story.id} · ${story.date.slice(0, 10)}${outlet}`];
  const sentences = await store.articles.sentences(story.id, scope);
  const evidence = story.evidence === null ? undefined : sentences[story.evidence];
  // Why the story is on this topic: the sentence the tagger found, or the headline when it alone did.
  if (evidence) lines.push(`Why: ${evidence.text}`);
  else if (story.evidence === HEADLINE_EVIDENCE) lines.push('Why: the headline');
  lines.push(...storySummary(sentences).filter((s) => s !== evidence).map(readableText));
  if (others.length) {
    const sources = others.map((m) => (m.story.outlet ? `${m.story.outlet} (#${m.story.id})` : `#${m.story.id}`));
    lines.push(`Also reported by ${sources.join(', ')}`);
  }
  return { heading: story.title, lines };
}

async function quoteLines(store: StoreEngine, scope: Scope, stories: RankedStory[]): Promise<string[]> {
  const lines: string[] = [];
  for (const story of stories) {
    const quote = keyQuote(await store.articles.quotes(story.id, scope));
    if (quote) lines.push(`${quotationText(quote)} (${speakerLabel(quote)}; #${story.id})`);
    if (lines.length >= QUOTES_SHOWN) break;
  }
  return lines;
}

function dayLines(counts: { day: string; n: number }[]): string[] {
  const most = Math.max(...counts.map((c) => c.n));
  const width = (n: number): number => Math.max(1, Math.round((n / most) * 10));
  return counts.map((c) => `${c.day} ${BAR.repeat(width(c.n))} ${c.n}`);
}

async function topicBrief(ctx: CommandContext<OptionsOf<typeof topicSpec['options']>>): Promise<Reply> {
  const { store } = ctx.services;
  const subject = await subjectOf(ctx);
  const days = clampDays(numberOption(ctx, 'days') ?? DEFAULT_DAYS);
  const now = ctx.services.clock();
  const since = windowStart(now, days);
  const title = `${subject.label}: the last ${days} day${days === 1 ? '' : 's'}`;
  const window = { since, now, halfLifeDays: Math.max(1, days / 2) };
  const { stories: ranked, perDay, total } = subject.own
    ? await judgedByEvidence(ctx.services, ctx.scope, await store.topics.find(ctx.scope, subject.match, window, OWN_TOPIC_CANDIDATES), subject.own)
    : await store.topics.find(ctx.scope, subject.match, window, CANDIDATES);
  if (ranked.length === 0) {
    return { title, description: `No articles since ${since}. Try a longer window (days:30) or another topic.`, sections: [] };
  }
  const leads = await store.topics.leads(ranked.map((s) => s.id), ctx.scope);
  const candidates: Candidate[] = ranked.map((story) => ({ id: story.id, title: story.title, lead: leads.get(story.id) ?? '', published: story.date, story }));
  // The stories ingest stored, so /topic, the digest and `brief clusters` agree.
  const clusters = groupByStory(candidates, await store.stories.storiesOf(candidates.map((c) => c.story.id), ctx.scope)).slice(0, STORIES_SHOWN);
  const quotes = await quoteLines(store, ctx.scope, clusters.flatMap((c) => c.items.map((m) => m.story)));
  const chart = ctx.services.config.charts ? await smallChart(store, ctx.scope, [subject], now, 'topic.png') : null;
  const sections: ReplySection[] = [];
  for (const cluster of clusters) sections.push(await storySection(store, ctx.scope, cluster.items));
  return {
    title,
    description: `${total} article${total === 1 ? '' : 's'} since ${since}. Each story is shown once, however many outlets carried it.`,
    sections: [
      ...sections,
      ...(quotes.length ? [{ heading: 'Key quotes', lines: quotes }] : []),
      { heading: 'Articles per day', lines: dayLines(perDay) },
    ],
    ...(chart ? { attachments: [chart] } : {}),
  };
}

/** Topics whose id, label or an alias contains what was typed; starts-with matches first. */
export function topicChoices(topics: NamedTopic[], typed: string, limit: number): Choice[] {
  const text = typed.trim().toLowerCase();
  const rank = (t: NamedTopic): number => {
    if (!text) return 0;
    const names = [t.id, t.label.toLowerCase(), ...t.aliases.map((a) => a.toLowerCase())];
    if (names.some((n) => n.startsWith(text))) return 0;
    if (names.some((n) => n.includes(text))) return 1;
    return 2;
  };
  return topics
    .map((t) => ({ t, r: rank(t) }))
    .filter(({ r }) => r < 2)
    .sort((a, b) => a.r - b.r)
    .slice(0, limit)
    .map(({ t }) => ({ name: t.label, value: t.id }));
}

const topicSpec = {
  name: 'topic',
  description: 'A brief on a topic or a search: top stories, key quotes, articles per day',
  options: [
    { name: 'name', description: 'A topic (see /topics)', type: 'string', autocomplete: true, maxLength: 100 },
    { name: 'query', description: 'Free text to search for instead, e.g. "Torkham closure"', type: 'string', maxLength: 200 },
    { name: 'days', description: `How many days back (default ${DEFAULT_DAYS})`, type: 'integer', minValue: 1, maxValue: MAX_DAYS },
  ],
} as const satisfies CommandSpec;

export const topicCommand = defineCommand({
  spec: topicSpec,
  run: topicBrief,
  async autocomplete(ctx) {
    return topicChoices(await suggestedTopics(ctx.services, ctx.scope), ctx.focused.value, AUTOCOMPLETE_LIMIT);
  },
});
