// `brief clusters --in f.jsonl`: {id, title?, text, published?, outlet?} lines -> {id, cluster} lines,
// where articles of one event share the cluster label. Clustering needs every line before it can
// label any, so this reads the whole file first; lines that cannot be read keep their place as
// {id, error}, as in every batch command.
import { RejectedInput, storyLead } from '../domain/article.ts';
import { articleFromRecord } from '../articles/parse.ts';
import { bodySentences } from '../nlp/analyse.ts';
import { clusterStories, type StoryItem, storyItemOf } from '../nlp/cluster.ts';
import { readJsonl } from './batch.ts';

type Outcome = { id: unknown; error: string } | { id: unknown; item: StoryItem };

export function clusterJsonl(file: string, write: (line: string) => void): number {
  const outcomes: Outcome[] = readJsonl(file).map(({ line, record, error }): Outcome => {
    if (!record) return { id: null, error: error! };
    const id = record.id ?? null;
    try {
      const article = articleFromRecord(record, {});
      // The lead as ingest stores it for /topic and the digest.
      const sentences = bodySentences(article);
      return { id, item: storyItemOf(id === null ? `line-${line}` : String(id), article, sentences, storyLead(sentences)) };
    } catch (failure) {
      if (!(failure instanceof RejectedInput)) throw failure;
      return { id, error: `line ${line}: ${failure.message}` };
    }
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
