// /summary article:<title, autocompleted> [length] [explain]: the summary ingest stored for one article,
// with its outlet, date, link and key quotation (the first whose speaker a cue names). Nothing is scored here: the sentences and
// their pick order (summaryRank) were computed once, when the article arrived.
import { AUTOCOMPLETE_LIMIT, booleanOption, type Choice, type CommandContext, type CommandSpec, defineCommand, type OptionsOf, stringOption, UserError } from '../src/command.ts';
import type { AnalysedSentence } from '../src/domain/analysis.ts';
import { readableText } from '../src/nlp/readable.ts';
import type { Reply, ReplySection } from '../src/reply.ts';
import type { StoredArticle } from '../src/store/articles.ts';
import { articleDate } from '../src/domain/article.ts';
import { keyQuote, quotationText, speakerLabel } from '../src/present/quotes.ts';

/** Sentences per length option; `medium` is the default. */
export const SUMMARY_LENGTHS = { short: 1, medium: 3, long: 6 } as const;
type SummaryLength = keyof typeof SUMMARY_LENGTHS;
/** A Discord embed field holds 1024 characters; the summary is one field. */
export const SUMMARY_BUDGET = 1024;
const SENTENCE_SEPARATOR = '\n';
/** Other articles of the same story listed under a summary. */
const STORY_LINES = 8;

/**
 * Up to `count` sentences in the summariser's pick order whose text, joined by newlines, fits `budget`
 * characters, shown in document order. A pick that would overflow is passed over for a shorter later
 * one, so no sentence is ever cut. Returns [] only when no single sentence fits.
 */
export function fitSummary<T extends Pick<AnalysedSentence, 'index' | 'summaryRank' | 'text'> & Partial<Pick<AnalysedSentence, 'components'>>>(sentences: T[], count: number, budget = SUMMARY_BUDGET): T[] {
  const byRank = sentences.filter((s) => s.summaryRank !== null).sort((a, b) => a.summaryRank! - b.summaryRank!);
  const chosen: T[] = [];
  let used = 0;
  let passedOver = 0;
  for (const sentence of byRank) {
    // Ranks the summariser left unused (nothing readable was left) are not filled from later picks.
    if (chosen.length === count || sentence.summaryRank! >= count + passedOver) break;
    const cost = readableText(sentence).length + (chosen.length ? SENTENCE_SEPARATOR.length : 0);
    if (used + cost > budget) {
      passedOver++;
      continue;
    }
    chosen.push(sentence);
    used += cost;
  }
  return chosen.sort((a, b) => a.index - b.index);
}

function lengthOption(ctx: CommandContext<OptionsOf<typeof summarySpec['options']>>): SummaryLength {
  const value = stringOption(ctx, 'length')?.toLowerCase() ?? 'medium';
  if (!(value in SUMMARY_LENGTHS)) throw new UserError(`length must be short, medium or long, not "${value}".`);
  return value as SummaryLength;
}

/** The article an option names: its id (what autocomplete sends, or "#12" typed), else a title search. */
async function findArticle(ctx: CommandContext<OptionsOf<typeof summarySpec['options']>>): Promise<StoredArticle> {
  const { articles } = ctx.services.store;
  const wanted = stringOption(ctx, 'article') ?? '';
  const id = /^#?(\d{1,15})$/.exec(wanted)?.[1];
  if (id !== undefined) {
    const article = await articles.get(Number(id), ctx.scope);
    if (!article) throw new UserError(`There is no article #${id} here. /article list shows the ids.`);
    return article;
  }
  const [match] = await articles.searchTitles(ctx.scope, wanted, 1);
  const article = match ? await articles.get(match.id, ctx.scope) : null;
  if (!article) throw new UserError(`No article title contains "${wanted}". /article list shows the titles.`);
  return article;
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** The score's parts in the order a reader weighs them, each with what it measures. */
const COMPONENT_LABELS: [name: string, label: string][] = [
  ['position', 'position'],
  ['facts', 'facts (numbers, names)'],
  ['attribution', 'attribution'],
  ['quoted', 'quoted'],
  ['centrality', 'centrality'],
  ['title', 'headline words'],
  ['length', 'length'],
];

function explanation(sentence: AnalysedSentence): string {
  const c = sentence.components;
  // Rows stored before the news-brief parts existed hold only some of them: show what is there.
  const parts = COMPONENT_LABELS.filter(([name]) => c[name] !== undefined).map(([name, label]) => `${label} ${c[name]}`);
  return `Sentence ${sentence.index + 1}, picked ${ordinal(sentence.summaryRank! + 1)}: ${parts.join(' · ')} → score ${sentence.score.toFixed(3)}`;
}

async function summaryReply(ctx: CommandContext<OptionsOf<typeof summarySpec['options']>>): Promise<Reply> {
  const { articles } = ctx.services.store;
  const length = lengthOption(ctx);
  const article = await findArticle(ctx);
  const summary = fitSummary(await articles.sentences(article.id, ctx.scope), SUMMARY_LENGTHS[length]);
  const sections: ReplySection[] = [{
    heading: 'Summary',
    lines: summary.length ? summary.map(readableText) : [`Every sentence of this article is longer than ${SUMMARY_BUDGET} characters, too long to show whole.`],
  }];
  // The outlet's own standfirst, shown as its own and never mixed into the extracted sentences.
  if (article.highlights.length) sections.push({ heading: `Highlights${article.outlet ? ` (${article.outlet})` : ''}`, lines: article.highlights.map((h) => `• ${h}`) });
  const quote = keyQuote(await articles.quotes(article.id, ctx.scope));
  if (quote) sections.push({ heading: 'Quote', lines: [`${quotationText(quote)} — ${speakerLabel(quote)}`] });
  // The story ingest placed it in: the other reports of the same occurrence, by outlet.
  const story = (await ctx.services.store.stories.storiesOf([article.id], ctx.scope)).get(article.id);
  const others = story === undefined ? [] : (await ctx.services.store.stories.members(story, ctx.scope)).filter((m) => m.id !== article.id);
  if (others.length) {
    sections.push({
      heading: `Same story (${others.length + 1} articles)`,
      lines: others.slice(0, STORY_LINES).map((m) => `${m.outlet ?? 'Unnamed source'} · ${m.date.slice(0, 10)} · ${m.title} (#${m.id})`),
    });
  }
  if (booleanOption(ctx, 'explain')) {
    sections.push({
      heading: 'Why these sentences',
      lines: [
        ...summary.map(explanation),
        'Each part is between 0 and 1. Position: the lead first, headline or not. Facts: numbers and names per word (what happened, who, where). ' +
          'Attribution: the sentence names its source. Quoted: its share inside quotation marks, colour weighed against. Centrality: how much of the article it shares. ' +
          'Headline words, and a length prior against fragments and run-ons. Later picks lose value for repeating earlier ones; a piece of a multi-sentence ' +
          'quotation, a sentence opening with He/It/However without the one it points to, and boilerplate are never picked for a short summary ' +
          '(the opening piece of a quotation that names its speaker is, with the closing mark it lacks).',
      ],
    });
  }
  const byline = [article.outlet, article.dateline, articleDate(article).slice(0, 10)].filter(Boolean).join(' · ');
  return {
    title: article.title,
    ...(article.url ? { url: article.url } : {}),
    description: byline,
    sections: article.url ? [...sections, { lines: [], links: [{ label: 'Read the article', url: article.url }] }] : sections,
    footer: `#${article.id} · ${length} summary · /summary length:long or explain:true for more`,
  };
}

const summarySpec = {
  name: 'summary',
  description: 'The summary of one article: its key sentences, source and key quotation',
  options: [
    { name: 'article', description: 'The article (start typing its title)', type: 'string', required: true, autocomplete: true, maxLength: 200 },
    {
      name: 'length',
      description: 'How many sentences (default medium)',
      type: 'string',
      choices: (Object.keys(SUMMARY_LENGTHS) as SummaryLength[]).map((name) => ({ name: `${name} (${SUMMARY_LENGTHS[name]})`, value: name })),
    },
    { name: 'explain', description: 'Show why each sentence was chosen', type: 'boolean' },
  ],
} as const satisfies CommandSpec;

export const summaryCommand = defineCommand({
  spec: summarySpec,
  run: summaryReply,
  async autocomplete(ctx): Promise<Choice[]> {
    return (await ctx.services.store.articles.searchTitles(ctx.scope, ctx.focused.value, AUTOCOMPLETE_LIMIT)).map((entry) => ({ name: `#${entry.id} · ${entry.title}`, value: String(entry.id) }));
  },
});
