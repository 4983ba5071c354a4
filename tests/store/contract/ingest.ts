// Articles into an engine the way the ingest pipeline stores them (src/pipeline/ingest.ts): parsed and
// analysed for real, then inserted with their story in one transaction of the async interface, through
// the Ingestor's own write path (storeAnalysed), or one at a time through the single-article calls.
import { articleBody, storyLead } from '../../../src/domain/article.ts';
import { parseText } from '../../../src/articles/parse.ts';
import { analyseArticle } from '../../../src/nlp/analyse.ts';
import type { Scope } from '../../../src/domain/scope.ts';
import type { StoreEngine } from '../../../src/store/engine.ts';
import { canonicalUrl, textHash } from '../../../src/store/keys.ts';
import { shippedTaxonomy } from '../../support/taxonomy.ts';
import { type IngestReport, storeAnalysed } from '../../../src/pipeline/ingest.ts';

export interface Item {
  id: string;
  title: string;
  text: string;
  published: string;
  outlet?: string;
  url?: string;
}

function prepare(item: Item) {
  const outcome = parseText(JSON.stringify(item), 'json')[0]!;
  if (!outcome.ok) throw new Error(`fixture ${item.id} did not parse: ${outcome.reason}`);
  const article = outcome.article;
  const body = articleBody(article);
  return { article, body, analysis: analyseArticle(article, shippedTaxonomy()), hash: textHash(body), canonical: canonicalUrl(article.url) };
}

/** The text hash the store keys the item by. */
export function hashOf(item: Item): string {
  return prepare(item).hash;
}

/** Stores the items through the Ingestor's write path (storeAnalysed), skipping duplicates; returns the new ids in order. */
export async function ingestInto(engine: StoreEngine, items: Item[], scope: Scope, addedAt: string): Promise<number[]> {
  return (await ingestReport(engine, items, scope, addedAt)).added.map((a) => a.id);
}

/** As ingestInto, with the duplicates too: what the batch added and what it found stored already (or earlier in the batch). */
export async function ingestReport(engine: StoreEngine, items: Item[], scope: Scope, addedAt: string): Promise<Pick<IngestReport, 'added' | 'duplicates'>> {
  const prepared = items.map(prepare);
  await engine.stories.catchUp();
  return engine.transaction((store) => storeAnalysed(store, scope, prepared.map((item, i) => ({
    source: items[i]!.id,
    toStore: { article: item.article, analysis: item.analysis, body: item.body, textHash: item.hash, canonicalUrl: item.canonical, sourceName: 'contract', addedAt },
  }))));
}

/** The items one at a time through the single-article calls (findDuplicate, insert, place), as callers other than the Ingestor may. */
export async function ingestOneByOne(engine: StoreEngine, items: Item[], scope: Scope, addedAt: string): Promise<number[]> {
  const prepared = items.map(prepare);
  await engine.stories.catchUp();
  return engine.transaction(async (store) => {
    const ids: number[] = [];
    for (const item of prepared) {
      if (await store.articles.findDuplicate(scope, item.hash, item.canonical)) continue;
      const id = await store.articles.insert(
        scope,
        { article: item.article, analysis: item.analysis, body: item.body, textHash: item.hash, canonicalUrl: item.canonical, sourceName: 'contract' },
        addedAt,
      );
      await store.stories.place(scope, {
        id, title: item.article.title, lead: storyLead(item.analysis.sentences), published: item.article.published, addedAt, signature: item.analysis.signature,
      });
      await store.articles.forgetRemoval(scope, item.hash);
      ids.push(id);
    }
    return ids;
  });
}
