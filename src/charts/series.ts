// What a trend chart draws: for each topic or search, the number of stories each day of a window
// (each story once, however many outlets carried it), the total, and the busiest day with its top
// story. Pure reading of the store; drawing is in render.ts.
import type { Scope } from '../domain/scope.ts';
import type { StoreEngine } from '../store/engine.ts';
import type { StoryMatch } from '../store/topics.ts';
import type { TrendMatch } from '../store/trends.ts';

/** A topic or a search, as a chart names it and the store finds it. */
export interface ChartSubject {
  label: string;
  match: StoryMatch;
}

export interface DayCount {
  day: string;
  stories: number;
  articles: number;
}

export interface TopStory {
  id: number;
  title: string;
  url: string | null;
  outlet: string | null;
  /** Articles that carried it that day. */
  articles: number;
}

export interface TrendSeries {
  label: string;
  /** Every day of the window, oldest first, days without stories included as 0. */
  days: DayCount[];
  /** Stories summed over the days: a story reported on two days counts on each. */
  stories: number;
  articles: number;
  /** The day with the most stories (the latest of equals), or null when there were none. */
  busiest: { day: string; stories: number; top: TopStory } | null;
}

/**
 * A day's top story: the one most articles carried (more outlets, more weight), then the one whose
 * best article is most relevant (groups come best first, so the earlier one).
 */
function topGroup(groups: number[][]): number[] {
  return groups.reduce((a, b) => (b.length > a.length ? b : a));
}

/**
 * One day's articles (best first) grouped by the story each was placed in at ingest, so the chart,
 * /topic and the digest group articles the same way. Each group keeps the input order (its first id
 * is the story's best article), and groups come in the order of their first member.
 */
export function sameStoryGroups(matches: readonly TrendMatch[]): number[][] {
  const groups = new Map<number, number[]>();
  for (const { id, story } of matches) {
    const group = groups.get(story);
    if (group) group.push(id);
    else groups.set(story, [id]);
  }
  return [...groups.values()];
}

export async function trendSeries(store: StoreEngine, scope: Scope, subject: ChartSubject, days: string[]): Promise<TrendSeries> {
  await store.stories.catchUp();
  // Counts per day come from the store; whole matches only for the busiest day, whose top story is named.
  const counted = new Map((await store.trends.days(scope, subject.match, { first: days[0]!, last: days.at(-1)! })).map((d) => [d.day, d]));
  let peak: { day: string; stories: number } | null = null;
  let stories = 0;
  let articles = 0;
  const counts = days.map((day) => {
    const count = counted.get(day);
    if (!count) return { day, stories: 0, articles: 0 };
    stories += count.stories;
    articles += count.articles;
    if (!peak || count.stories >= peak.stories) peak = { day, stories: count.stories };
    return { day, stories: count.stories, articles: count.articles };
  });
  const busiest = peak as { day: string; stories: number } | null;
  let top: TopStory | null = null;
  if (busiest) {
    const group = topGroup(sameStoryGroups(await store.trends.matches(scope, subject.match, { first: busiest.day, last: busiest.day })));
    const [lead] = await store.trends.articles([group[0]!], scope);
    if (lead) top = { id: lead.id, title: lead.title, url: lead.url, outlet: lead.outlet, articles: group.length };
  }
  return { label: subject.label, days: counts, stories, articles, busiest: busiest && top ? { day: busiest.day, stories: busiest.stories, top } : null };
}
