// /trend topics:<id,id,…> | query:<text> [days:30]: "is this getting worse?" as a picture. A line per
// topic (up to five) or for a search, counting stories per day (each story once, however many outlets
// carried it), the totals in the text, and each line's busiest day named with its top story and link.
import { chartAttachment, formatDay, storiesWord } from '../src/charts/attachments.ts';
import { MAX_SERIES } from '../src/charts/render.ts';
import { type ChartSubject, type TrendSeries, trendSeries } from '../src/charts/series.ts';
import { AUTOCOMPLETE_LIMIT, type AutocompleteContext, type Choice, type CommandContext, type CommandSpec, defineCommand, numberOption, type OptionsOf, stringOption, UserError } from '../src/command.ts';
import type { Reply, ReplyLink } from '../src/reply.ts';
import type { Scope } from '../src/domain/scope.ts';
import type { StoreEngine } from '../src/store/engine.ts';
import { ftsQuery } from '../src/store/topics.ts';
import { resolveTopic, suggestedTopics, topicChoices } from './topic.ts';
import { clampDays, MAX_DAYS, windowDays } from '../src/present/days.ts';

export const DEFAULT_TREND_DAYS = 30;
export const CHART_NAME = 'trend.png';

/** The topics named in "ttp, bla-balochistan" (ids or labels), each once, in the order given. */
export function topicNames(text: string): string[] {
  return [...new Set(text.split(',').map((n) => n.trim()).filter(Boolean))];
}

async function subjectsOf(ctx: CommandContext<OptionsOf<typeof trendSpec['options']>>): Promise<ChartSubject[]> {
  const topics = stringOption(ctx, 'topics');
  const query = stringOption(ctx, 'query');
  if (topics && query) throw new UserError('Give either topics: (up to five, comma-separated) or query: (free text), not both.');
  if (!topics && !query) throw new UserError('Give topics: (comma-separated ids; /topics lists them) or query: (free text).');
  if (query) {
    const fts = ftsQuery(query);
    if (!fts) throw new UserError('The query has no words to search for.');
    return [{ label: `“${query}”`, match: { fts } }];
  }
  const names = topicNames(topics!);
  if (names.length > MAX_SERIES) throw new UserError(`A chart shows at most ${MAX_SERIES} topics; ${names.length} were given.`);
  // An id and a label of one topic ("ttp,TTP") are one line, not two lines of one colour each.
  const subjects: ChartSubject[] = [];
  for (const name of names) subjects.push(await resolveTopic(ctx.services, ctx.scope, name));
  return subjects.filter((subject, i) => subjects.findIndex((s) => s.label === subject.label) === i);
}

function titleOf(subjects: ChartSubject[], days: number): string {
  const labels = subjects.length <= 2 ? subjects.map((s) => s.label).join(' and ') : `${subjects[0]!.label}, ${subjects[1]!.label} and ${subjects.length - 2} more`;
  return `Stories per day: ${labels}, last ${days} day${days === 1 ? '' : 's'}`;
}

/** The trend of these subjects over the `days` days up to `now`, as a Reply with the chart attached. */
export async function trendReply(store: StoreEngine, scope: Scope, subjects: ChartSubject[], days: number, now: Date): Promise<Reply> {
  const window = windowDays(now, days);
  const range = `${formatDay(window[0]!)} to ${formatDay(window.at(-1)!)}`;
  const title = titleOf(subjects, days);
  const all: TrendSeries[] = [];
  for (const subject of subjects) all.push(await trendSeries(store, scope, subject, window));
  const drawn = all.filter((s) => s.stories > 0);
  const empty = all.filter((s) => s.stories === 0).map((s) => s.label);
  if (drawn.length === 0) {
    const which = subjects.length === 1 ? subjects[0]!.label : 'any of these topics';
    return { title, description: `No stories on ${which} from ${range}. Try a longer window (days:90) or another topic.`, sections: [] };
  }
  const links: ReplyLink[] = [];
  const busiest = drawn.map((s) => {
    const { day, stories, top } = s.busiest!;
    const source = [top.outlet, top.articles > 1 ? `${top.articles} articles` : null].filter(Boolean).join(', ');
    if (top.url) links.push({ label: `${s.label}: ${top.title}`, url: top.url });
    return `${s.label}: ${formatDay(day)}, ${storiesWord(stories)}. Top story: ${top.title} (#${top.id}${source ? `, ${source}` : ''})`;
  });
  return {
    title,
    description: `${range}. Each story is counted once a day, however many outlets carried it.`,
    sections: [
      { heading: 'Totals', lines: [...drawn.map((s) => `${s.label}: ${storiesWord(s.stories)} (${s.articles} article${s.articles === 1 ? '' : 's'})`), ...empty.map((label) => `${label}: no stories`)] },
      { heading: 'Busiest day', lines: busiest, links },
    ],
    // The names are in the legend: the picture's title says what is counted, and over which days.
    attachments: [chartAttachment(CHART_NAME, drawn, { title: `Stories per day, last ${days} day${days === 1 ? '' : 's'}`, subtitle: `${range} · each story once, however many outlets carried it`, size: 'full' })],
  };
}

async function trend(ctx: CommandContext<OptionsOf<typeof trendSpec['options']>>): Promise<Reply> {
  const subjects = await subjectsOf(ctx);
  const days = clampDays(numberOption(ctx, 'days') ?? DEFAULT_TREND_DAYS);
  return trendReply(ctx.services.store, ctx.scope, subjects, days, ctx.services.clock());
}

/** Completes the last name of a comma-separated list, keeping the ones before it. */
async function listChoices(ctx: AutocompleteContext): Promise<Choice[]> {
  const typed = ctx.focused.value;
  const cut = typed.lastIndexOf(',');
  const before = cut < 0 ? [] : topicNames(typed.slice(0, cut));
  const topics = (await suggestedTopics(ctx.services, ctx.scope)).filter((t) => !before.includes(t.id));
  return topicChoices(topics, typed.slice(cut + 1), AUTOCOMPLETE_LIMIT).map((choice) => ({
    name: before.length ? `${before.join(', ')}, ${choice.name}` : choice.name,
    value: [...before, choice.value].join(','),
  }));
}

const trendSpec = {
  name: 'trend',
  description: 'A chart of stories per day for up to five topics or a search',
  options: [
    { name: 'topics', description: 'Up to five topics, comma-separated (see /topics)', type: 'string', autocomplete: true, maxLength: 200 },
    { name: 'query', description: 'Free text to chart instead, e.g. "Torkham closure"', type: 'string', maxLength: 200 },
    { name: 'days', description: `How many days back (default ${DEFAULT_TREND_DAYS})`, type: 'integer', minValue: 1, maxValue: MAX_DAYS },
  ],
  // Drawing takes a few hundred milliseconds of one core, during which nothing else is answered:
  // Discord is told "thinking…" first rather than raced against its 3 s.
  slow: true,
} as const satisfies CommandSpec;

export const trendCommand = defineCommand({
  spec: trendSpec,
  run: trend,
  autocomplete: listChoices,
});
