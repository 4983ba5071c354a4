// The digest over one southasia-news dev gold window (../shared/corpora/southasia-news, read at run
// time, never copied): the window's articles are ingested into a real store as a feed would bring
// them, and the digest ranks its stories. Shared by tests/digest/stories-gold.test.ts and
// `npm run eval:digest-gold`, which counts the occurrences a digest shows in two stories.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { digestTopics, MAX_CLUSTERED, rankStories } from '../../src/digest/compose.ts';
import { SHARED_DIR } from './corpora.ts';
import { testServices } from './store.ts';

export const GOLD_CORPUS = path.join(SHARED_DIR, 'corpora', 'southasia-news');
export const goldPresent = existsSync(path.join(GOLD_CORPUS, 'clusters.jsonl')) && existsSync(path.join(GOLD_CORPUS, 'articles.jsonl'));

export interface GoldCluster {
  window: string;
  cluster: string;
  ids: string[];
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

export interface GoldDigest {
  /** The window's articles (corpus ids) the ingest rejected; none expected. */
  rejected: unknown[];
  candidates: number;
  articles: number;
  /** Per digest size asked for: the stories, best first as shown, each as its members' corpus ids. */
  stories: Map<number, string[][]>;
  /** Corpus id -> gold occurrence. */
  goldOf: Map<string, string>;
}

export function goldWindows(): { windows: string[]; gold: GoldCluster[]; records: Map<string, Record<string, unknown>> } {
  const gold = readJsonl<GoldCluster>(path.join(GOLD_CORPUS, 'clusters.jsonl'));
  const records = new Map(readJsonl<Record<string, unknown>>(path.join(GOLD_CORPUS, 'articles.jsonl')).map((r) => [String(r.id), r]));
  return { windows: [...new Set(gold.map((c) => c.window))].sort(), gold, records };
}

/** Ingests one window into a fresh store and ranks its digest at each of `sizes` stories. */
export async function goldDigest(window: string, gold: GoldCluster[], records: Map<string, Record<string, unknown>>, sizes: number[]): Promise<GoldDigest> {
  const clusters = gold.filter((c) => c.window === window);
  const goldOf = new Map(clusters.flatMap((c) => c.ids.map((id) => [id, c.cluster] as const)));
  // The end of the window's second day: every article of the window arrived by then.
  const until = new Date(Date.parse(`${window}T00:00:00Z`) + 2 * 86_400_000);
  const services = testServices({}, () => until);
  try {
    const file = path.join(services.dir, 'window.jsonl');
    const ids = [...goldOf.keys()].sort();
    writeFileSync(file, ids.map((id) => JSON.stringify(records.get(id))).join('\n'));
    const report = await services.ingestor.ingestPaths([file], null);
    const sourceOf = new Map((services.sqlite.db.prepare('SELECT id, source_id FROM articles').all() as { id: number; source_id: string }[]).map((r) => [r.id, r.source_id]));
    const since = new Date(until.getTime() - 36 * 3_600_000);
    const candidates = await services.store.digests.candidates('shared', {
      since: since.toISOString(),
      until: new Date(until.getTime() + 1000).toISOString(),
      publishedFrom: window,
    });
    const topics = await digestTopics(services.taxonomy.topics, services.store, null);
    const stories = new Map<number, string[][]>();
    for (const maxStories of sizes) {
      const request = { scope: null, since, until, timezone: 'UTC', maxStories, topics: [] };
      const ranked = await rankStories(candidates, request, topics, (list) => services.store.digests.details(list, null), MAX_CLUSTERED,
        (list) => services.store.stories.storiesOf(list, null));
      stories.set(maxStories, ranked.map((story) => story.members.map((m) => sourceOf.get(m.id)!)));
    }
    return { rejected: report.rejected, candidates: candidates.length, articles: ids.length, stories, goldOf };
  } finally {
    services.cleanup();
  }
}

/** Occurrences shown in more than one story: occurrence -> the ranks (as shown) of its stories. */
export function shownTwice(stories: string[][], goldOf: Map<string, string>): Map<string, number[]> {
  const shownIn = new Map<string, number[]>();
  stories.forEach((members, rank) => {
    for (const occurrence of new Set(members.map((id) => goldOf.get(id)!))) shownIn.set(occurrence, [...(shownIn.get(occurrence) ?? []), rank]);
  });
  return new Map([...shownIn].filter(([, ranks]) => ranks.length > 1));
}
