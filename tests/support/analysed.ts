// Corpus articles parsed and analysed as ingest would, for benchmarks that build big stores from them.
import { articleFromRecord } from '../../src/articles/parse.ts';
import type { Analysis } from '../../src/domain/analysis.ts';
import { type Article, articleBody } from '../../src/domain/article.ts';
import { analyseArticle } from '../../src/nlp/analyse.ts';
import { type CorpusName, loadCorpus } from './corpora.ts';
import { shippedTaxonomy } from './taxonomy.ts';

export interface Analysed {
  article: Article;
  analysis: Analysis;
  body: string;
}

/** Every article of these corpora that are present (none when ../shared is absent), analysed once. */
export function analysedCorpora(names: CorpusName[]): Analysed[] {
  return names.flatMap((name) => loadCorpus<Record<string, unknown>>(name) ?? []).map((record) => {
    const article = articleFromRecord(record, {});
    return { article, analysis: analyseArticle(article, shippedTaxonomy()), body: articleBody(article) };
  });
}
