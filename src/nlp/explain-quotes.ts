// What `brief quotes --explain` prints: each quotation with the speaker candidates the ranking
// weighed, best first, each with the features that fired and what each added to its score.
import { type Article, articleBody } from '../domain/article.ts';
import { bodySentences } from './analyse.ts';
import { extractQuoteSites, withChosenSpeakers } from './quotes.ts';
import { chooseSpeakers, type Feature, SPEAKER_WEIGHTS } from './speaker-ranking.ts';

// Enough to see what the winner beat.
const SHOWN_CANDIDATES = Number(process.env.EXPLAIN_CANDIDATES ?? 3);

export interface ExplainedQuote {
  quote: string;
  speaker: string | null;
  role: string | null;
  confidence: number;
  candidates: { name: string; score: number; contributions: Partial<Record<Feature, number>> }[];
}

export function explainQuotes(article: Article): ExplainedQuote[] {
  const { quotes, sites } = extractQuoteSites(article, articleBody(article), bodySentences(article));
  const choices = chooseSpeakers(sites);
  return withChosenSpeakers(quotes, choices).map((quote, i) => ({
    quote: quote.text,
    speaker: quote.speaker,
    role: quote.role,
    confidence: Number((quote.confidence ?? 0).toFixed(3)),
    candidates: choices[i]!.ranked.slice(0, SHOWN_CANDIDATES).map(({ candidate, score }) => {
      const contributions: Partial<Record<Feature, number>> = {};
      for (const key in candidate.features) {
        const feature = key as Feature;
        const value = (candidate.features[feature] ?? 0) * SPEAKER_WEIGHTS[feature];
        if (value !== 0) contributions[feature] = Number(value.toFixed(3));
      }
      return { name: candidate.name, score: Number(score.toFixed(3)), contributions };
    }),
  }));
}
