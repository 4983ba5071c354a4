// Which of a day's articles tell the same story: the one place the charts learn it, so that a chart
// counts a story once however many outlets carried it. Today that is the clustering /topic and the
// digest use (src/nlp/cluster.ts), run at chart time; once stories are stored at ingest (issue 14),
// this function should read them instead and the cache below can go.
import { clusterStories } from '../nlp/cluster.ts';
import type { TrendArticle } from '../store/trends.ts';

/**
 * Clustering costs tens of microseconds an article, which a 90-day chart of five busy topics (tens
 * of thousands of articles) would pay on every ask. A past day's articles do not change, so its
 * groups are kept, keyed by exactly which articles the day had: an article added or removed gives a
 * new key. Least recently used days go first.
 */
const CACHE_DAYS = 20_000;
const groupsByDay = new Map<string, number[][]>();

/**
 * One day's articles of one topic or search (ids, best first) grouped into stories: each group keeps
 * the input order, so its first id is the story's best article; groups come in the order of their
 * first member. `texts` reads what clustering compares, and is called only for a day not seen before.
 */
export function sameDayStories(ids: readonly number[], texts: (ids: number[]) => TrendArticle[]): number[][] {
  if (ids.length <= 1) return ids.map((id) => [id]);
  const key = [...ids].sort((a, b) => a - b).join(',');
  let groups = groupsByDay.get(key);
  if (groups) {
    groupsByDay.delete(key);
  } else {
    const articles = texts([...ids]);
    const clusters = clusterStories(articles.map((a) => ({ id: a.id, title: a.title, lead: a.lead, published: a.published })));
    groups = clusters.map((c) => c.items.map((item) => item.id as number));
    if (groupsByDay.size >= CACHE_DAYS) groupsByDay.delete(groupsByDay.keys().next().value!);
  }
  groupsByDay.set(key, groups);
  // Cached groups may come from another topic's ranking of the same articles: put them in this one's.
  const rank = new Map(ids.map((id, i) => [id, i]));
  return groups
    .map((group) => [...group].sort((a, b) => rank.get(a)! - rank.get(b)!))
    .sort((a, b) => rank.get(a[0]!)! - rank.get(b[0]!)!);
}

/** Forgets every cached grouping (for benchmarks that measure a cold start). */
export function forgetStoryGroups(): void {
  groupsByDay.clear();
}
