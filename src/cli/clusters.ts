// `brief clusters --in f.jsonl`: {id, title?, text, published?, outlet?} lines -> {id, cluster} lines,
// where articles of one event share the cluster label. Clustering needs every line before it can
// label any, so this reads the whole file first; lines that cannot be read keep their place as
// {id, error}, as in every batch command.
import { storyLead } from '../domain/article.ts';
import { bodySentences } from '../nlp/analyse.ts';
import { clusterStories, type StoryItem, storyItemOf } from '../nlp/cluster.ts';
import type { BatchItem } from './batch.ts';

type Outcome = { id: unknown; error: string } | { id: unknown; item: StoryItem };

export function clusterBatch(inputs: BatchItem[], write: (line: string) => void): number {
  const outcomes: Outcome[] = inputs.map((input, i): Outcome => {
    if ('error' in input) return { id: input.id, error: input.error };
    // The lead as ingest stores it for /topic and the digest.
    const sentences = bodySentences(input.article);
    const key = input.id === null ? `item-${i + 1}` : String(input.id);
    return { id: input.id, item: storyItemOf(key, input.article, sentences, storyLead(sentences)) };
  });
  const labels = new Map<StoryItem, string>();
  const items = outcomes.flatMap((o) => ('item' in o ? [o.item] : []));
  for (const cluster of clusterStories(items)) for (const item of cluster.items) labels.set(item, cluster.label);
  let failures = 0;
  for (const o of outcomes) {
    if ('item' in o) {
      write(JSON.stringify({ id: o.id, cluster: labels.get(o.item) }));
    } else {
      failures++;
      write(JSON.stringify(o));
    }
  }
  return failures;
}
