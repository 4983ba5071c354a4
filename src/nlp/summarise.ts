// Sentence scoring for extractive summaries. PLACEHOLDER (Lead-N): the summary issue replaces it.
import type { Article } from '../articles/article.ts';
import type { AnalysedSentence } from './analyse.ts';

export type BodySentence = Omit<AnalysedSentence, 'score' | 'components' | 'summaryRank'>;

/** Scores every sentence and ranks the ones a summary should pick, in the order it picks them. */
export function scoreSentences(_article: Article, sentences: BodySentence[]): AnalysedSentence[] {
  return sentences.map((s) => ({ ...s, score: 1 / (1 + s.index), components: { lead: 1 / (1 + s.index) }, summaryRank: s.index }));
}
