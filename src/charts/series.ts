// What a trend chart draws: for each topic or search, the number of stories each day of a window
// (each story once, however many outlets carried it), the total, and the busiest day with its top
// story. Pure reading of the store; drawing is in render.ts.
import type { Scope } from '../store/articles.ts';
import type { Store } from '../store/store.ts';
import type { StoryMatch } from '../store/topics.ts';
import type { TrendArticle } from '../store/trends.ts';
import { DAY_MS } from '../time.ts';
import { sameDayStories } from './stories.ts';

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

/** The days of a window ending on `until` (its UTC date), oldest first. */
export function windowDays(until: Date, days: number): string[] {
  const last = Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(last - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/**
 * A day's top story: the one most articles carried (more outlets, more weight), then the one whose
 * best article is most relevant; its best article is the one named and linked.
 */
function topStory(stories: TrendArticle[][]): TopStory {
  const best = stories.reduce((a, b) => (b.length > a.length || (b.length === a.length && b[0]!.relevance > a[0]!.relevance) ? b : a));
  const lead = best[0]!;
  return { id: lead.id, title: lead.title, url: lead.url, outlet: lead.outlet, articles: best.length };
}

export function trendSeries(store: Store, scope: Scope, subject: ChartSubject, days: string[]): TrendSeries {
  const articles = store.trends.articles(scope, subject.match, { first: days[0]!, last: days.at(-1)! });
  const byDay = new Map<string, TrendArticle[]>();
  for (const article of articles) {
    const list = byDay.get(article.day);
    if (list) list.push(article);
    else byDay.set(article.day, [article]);
  }
  let busiest: TrendSeries['busiest'] = null;
  let stories = 0;
  const counts = days.map((day) => {
    const dayArticles = byDay.get(day) ?? [];
    const groups = sameDayStories(dayArticles);
    stories += groups.length;
    if (groups.length > 0 && (!busiest || groups.length >= busiest.stories)) busiest = { day, stories: groups.length, top: topStory(groups) };
    return { day, stories: groups.length, articles: dayArticles.length };
  });
  return { label: subject.label, days: counts, stories, articles: articles.length, busiest };
}
