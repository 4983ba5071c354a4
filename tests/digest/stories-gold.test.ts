// The digest over the southasia-news dev windows (../shared/corpora/southasia-news, read at test time,
// never copied): every window's articles are ingested into a real store as a feed would bring them,
// and the digest (its default number of stories) must never show one occurrence of the hand-made
// gold twice.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_STORIES, digestTopics, MAX_CLUSTERED, rankStories } from '../../src/digest/compose.ts';
import { SHARED_DIR } from '../support/corpora.ts';
import { testServices } from '../support/store.ts';

const CORPUS = path.join(SHARED_DIR, 'corpora', 'southasia-news');
const present = existsSync(path.join(CORPUS, 'clusters.jsonl')) && existsSync(path.join(CORPUS, 'articles.jsonl'));

interface GoldCluster {
  window: string;
  cluster: string;
  ids: string[];
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

describe.skipIf(!present)(`the digest over the dev gold windows${present ? '' : ` (skipped: ${CORPUS} is absent)`}`, () => {
  const gold = present ? readJsonl<GoldCluster>(path.join(CORPUS, 'clusters.jsonl')) : [];
  const records = present ? new Map(readJsonl<Record<string, unknown>>(path.join(CORPUS, 'articles.jsonl')).map((r) => [String(r.id), r])) : new Map();
  const windows = [...new Set(gold.map((c) => c.window))].sort();

  it.each(windows)('never shows one occurrence twice (window %s)', async (window) => {
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
      expect(report.rejected).toEqual([]);
      const sourceOf = new Map((services.sqlite.db.prepare('SELECT id, source_id FROM articles').all() as { id: number; source_id: string }[]).map((r) => [r.id, r.source_id]));

      const request = { scope: null, since: new Date(until.getTime() - 36 * 3_600_000), until, timezone: 'UTC', maxStories: DEFAULT_MAX_STORIES, topics: [] };
      const candidates = await services.store.digests.candidates('shared', {
        since: request.since.toISOString(),
        until: new Date(until.getTime() + 1000).toISOString(),
        publishedFrom: window,
      });
      // Identical texts (an item printed twice) are stored once.
      expect(candidates.length).toBeGreaterThan(ids.length - 3);
      const stories = await rankStories(candidates, request, await digestTopics(services.taxonomy.topics, services.store, null), (list) => services.store.digests.details(list, null), MAX_CLUSTERED,
        (list) => services.store.stories.storiesOf(list, null));
      expect(stories.length).toBe(DEFAULT_MAX_STORIES);

      const shownIn = new Map<string, number>();
      stories.forEach((story, rank) => {
        for (const occurrence of new Set(story.members.map((m) => goldOf.get(sourceOf.get(m.id)!)!))) {
          expect(shownIn.get(occurrence), `${occurrence} shown in stories ${shownIn.get(occurrence)} and ${rank}: ${story.members.map((m) => sourceOf.get(m.id)).join(', ')}`).toBeUndefined();
          shownIn.set(occurrence, rank);
        }
      });
    } finally {
      services.cleanup();
    }
  });
});
