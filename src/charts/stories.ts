// Which of a day's articles tell the same story: the one place the charts learn it, so that a chart
// counts a story once however many outlets carried it. Today that is the clustering /topic and the
// digest use (src/nlp/cluster.ts), run at chart time; once stories are stored at ingest (issue 14),
// this function should read them instead and the cache below can go.
import { clusterStories } from '../nlp/cluster.ts';
import type { TrendArticle } from '../store/trends.ts';

/**
 * Clustering costs about 0.1 ms an article, which a 90-day chart of five topics (thousands of
 * articles) would pay on every ask. A past day's articles do not change, so its groups are kept,
 * keyed by exactly which articles the day had: an article added or removed gives a new key.
 */
const CACHE_DAYS = 20_000;
const groupsByDay = new Map<string, number[][]>();

function cacheKey(articles: readonly TrendArticle[]): string {
  return articles.map((a) => a.id).sort((a, b) => a - b).join(',');
}

/**
 * One day's articles of one topic or search, grouped into stories. Each group keeps the input order,
 * so a caller that passes articles best first gets each story's best article first; groups come in
 * the order of their first member.
 */
export function sameDayStories(articles: readonly TrendArticle[]): TrendArticle[][] {
  if (articles.length <= 1) return articles.map((a) => [a]);
  const key = cacheKey(articles);
  let groups = groupsByDay.get(key);
  if (groups) {
    // Refreshed as recently used, so the days charts keep asking for stay.
    groupsByDay.delete(key);
  } else {
    const clusters = clusterStories(articles.map((a) => ({ id: a.id, title: a.title, lead: a.lead, published: a.published ?? a.day })));
    groups = clusters.map((c) => c.items.map((item) => item.id as number));
    if (groupsByDay.size >= CACHE_DAYS) groupsByDay.delete(groupsByDay.keys().next().value!);
  }
  groupsByDay.set(key, groups);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const order = new Map(articles.map((a, i) => [a.id, i]));
  return groups
    .map((ids) => ids.map((id) => byId.get(id)!).sort((a, b) => order.get(a.id)! - order.get(b.id)!))
    .sort((a, b) => order.get(a[0]!.id)! - order.get(b[0]!.id)!);
}

/** Forgets every cached grouping (for benchmarks that measure a cold start). */
export function forgetStoryGroups(): void {
  groupsByDay.clear();
}
