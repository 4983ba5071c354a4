// Everything computed about an article at ingest, so commands only read and format. One function,
// used by ingest and by every batch CLI command, so the two can never disagree.
import { type Article, articleBody, PARAGRAPH_SEPARATOR } from '../domain/article.ts';
import { extractQuotes } from './quotes.ts';
import { articleSignature } from './signature.ts';
import { splitSentences } from './sentences.ts';
import { scoreSentences } from './summarise.ts';
import { tagTopics, type Taxonomy } from './topics.ts';
import type { AnalysedSentence, Analysis } from '../domain/analysis.ts';

/** Sentences of the body with paragraph numbers and body offsets. Never crosses a paragraph. */
export function bodySentences(article: Pick<Article, 'paragraphs'>): Omit<AnalysedSentence, 'score' | 'components' | 'summaryRank'>[] {
  const out: Omit<AnalysedSentence, 'score' | 'components' | 'summaryRank'>[] = [];
  let offset = 0;
  article.paragraphs.forEach((paragraph, p) => {
    for (const span of splitSentences(paragraph.text)) {
      out.push({ index: out.length, paragraph: p, start: offset + span.start, end: offset + span.end, text: span.text });
    }
    offset += paragraph.text.length + PARAGRAPH_SEPARATOR.length;
  });
  return out;
}

/** The whole analysis of one article; ingest and every batch CLI command call exactly this. */
export function analyseArticle(article: Article, taxonomy: Taxonomy): Analysis {
  const body = articleBody(article);
  const sentences = bodySentences(article);
  return {
    sentences: scoreSentences(article, sentences),
    quotes: extractQuotes(article, body, sentences),
    topics: tagTopics(article, sentences, taxonomy.topics, taxonomy.model),
    signature: articleSignature(article, sentences),
  };
}
