// /quotes [speaker] [topic] [days] [article] [page]: direct quotations with who said them, newest
// first, read from what ingest stored. Speakers and topics autocomplete from the store's indexes.
import { AUTOCOMPLETE_LIMIT, type Choice, type CommandContext, type CommandSpec, defineCommand, numberOption, type OptionsOf, stringOption, UserError } from '../src/command.ts';
import type { Reply, ReplySection } from '../src/reply.ts';
import type { QuoteFilter } from '../src/store/quotes.ts';
import { resolveTopic, suggestedTopics, topicChoices } from './topic.ts';
import { clampDays, MAX_DAYS, windowStart } from '../src/present/days.ts';
import { hedgedSpeakerLabel, quotationText } from '../src/present/quotes.ts';

export const QUOTES_PAGE_SIZE = 5;
const MAX_PAGE = 1_000_000;
/** Speakers a typed name may stand for ("Asif" → Khawaja Asif, Asif Ghafoor); more is not a name. */
const MAX_SPEAKERS = 25;

interface Search {
  filter: QuoteFilter;
  /** What was searched, in words, for the answer's description and the "nothing found" message. */
  described: string[];
}

async function searchOf(ctx: CommandContext<OptionsOf<typeof quotesSpec['options']>>): Promise<Search> {
  const { store } = ctx.services;
  const filter: QuoteFilter = {};
  const described: string[] = [];
  const speaker = stringOption(ctx, 'speaker');
  if (speaker) {
    filter.speakers = (await store.quotes.matchSpeakers(ctx.scope, speaker, MAX_SPEAKERS)).map((s) => s.name);
    described.push(`speaker “${speaker}”`);
  }
  const topic = stringOption(ctx, 'topic');
  if (topic) {
    const { match, label } = await resolveTopic(ctx.services, ctx.scope, topic);
    filter.topic = match;
    described.push(`topic ${label}`);
  }
  const days = numberOption(ctx, 'days');
  if (days !== null) {
    const span = clampDays(days);
    filter.since = windowStart(ctx.services.clock(), span);
    described.push(`the last ${span} day${span === 1 ? '' : 's'} (since ${filter.since})`);
  }
  const articleId = numberOption(ctx, 'article');
  if (articleId !== null) {
    const article = await store.articles.get(articleId, ctx.scope);
    if (!article) throw new UserError(`There is no article #${articleId} here. /article list shows the ids.`);
    filter.articleId = article.id;
    described.push(`article #${article.id} (${article.title})`);
  }
  return { filter, described };
}

async function quotesReply(ctx: CommandContext<OptionsOf<typeof quotesSpec['options']>>): Promise<Reply> {
  const { store } = ctx.services;
  const { filter, described } = await searchOf(ctx);
  const searched = described.length ? described.join(', ') : 'every article this server can see';
  // Discord caps the option; the console and CLI do not, and SQLite refuses an offset past 2^63.
  const requested = Math.min(MAX_PAGE, Math.max(1, Math.floor(numberOption(ctx, 'page') ?? 1)));
  const pageOf = (page: number) => ({ limit: QUOTES_PAGE_SIZE, offset: (page - 1) * QUOTES_PAGE_SIZE });
  // A typed speaker nobody matches finds nothing, and says so, without asking the database.
  let found = filter.speakers?.length === 0 ? { quotes: [], total: 0 } : await store.quotes.find(ctx.scope, filter, pageOf(requested));
  if (found.total === 0) {
    return {
      title: 'No quotes found',
      description: `Searched the quotations in ${searched}. Try fewer filters, a longer window (days:30), or another spelling of the name.`,
      sections: [],
    };
  }
  const pages = Math.ceil(found.total / QUOTES_PAGE_SIZE);
  const page = Math.min(requested, pages);
  // Only a page past the end asks twice.
  if (page !== requested) found = await store.quotes.find(ctx.scope, filter, pageOf(page));
  const { quotes } = found;
  const sections: ReplySection[] = quotes.map((q) => {
    const outlet = q.outlet ? ` · ${q.outlet}` : '';
    return {
      heading: hedgedSpeakerLabel(q),
      lines: [`${quotationText(q)}${q.partial ? ' (words quoted within a sentence)' : ''}`, `#${q.articleId} · ${q.date.slice(0, 10)}${outlet} · ${q.title}`],
      ...(q.url ? { links: [{ label: q.title, url: q.url }] } : {}),
    };
  });
  return {
    title: `Quotes (${found.total})`,
    description: `From ${searched}, newest first.`,
    sections,
    paging: { page, pages },
  };
}

const quotesSpec = {
  name: 'quotes',
  description: 'Direct quotations with who said them, newest first',
  options: [
    { name: 'speaker', description: 'Who said it (any part of the name or title)', type: 'string', autocomplete: true, maxLength: 100 },
    { name: 'topic', description: 'A topic (see /topics)', type: 'string', autocomplete: true, maxLength: 100 },
    { name: 'days', description: 'Only articles from the last N days', type: 'integer', minValue: 1, maxValue: MAX_DAYS },
    { name: 'article', description: 'Only this article (its id in /article list)', type: 'integer', minValue: 1 },
    { name: 'page', description: 'Page number', type: 'integer', minValue: 1 },
  ],
} as const satisfies CommandSpec;

export const quotesCommand = defineCommand({
  spec: quotesSpec,
  run: quotesReply,
  async autocomplete(ctx): Promise<Choice[]> {
    if (ctx.focused.name === 'topic') return topicChoices(await suggestedTopics(ctx.services, ctx.scope), ctx.focused.value, AUTOCOMPLETE_LIMIT);
    return (await ctx.services.store.quotes.speakerSuggestions(ctx.scope, ctx.focused.value, AUTOCOMPLETE_LIMIT)).map((s) => ({
      name: `${s.name}${s.role ? ` (${s.role})` : ''} · ${s.quotes} quote${s.quotes === 1 ? '' : 's'}`,
      value: s.name,
    }));
  },
});
