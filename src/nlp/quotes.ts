// Direct quotations with their speakers. PLACEHOLDER: the quotes issue replaces it.
import type { Article } from '../articles/article.ts';
import type { AnalysedQuote } from './analyse.ts';
import type { BodySentence } from './summarise.ts';

export function extractQuotes(_article: Article, _body: string, _sentences: BodySentence[]): AnalysedQuote[] {
  return [];
}
