// Sentence scoring for extractive summaries. Each sentence gets named components, each in [0, 1]:
//   centrality  PageRank over the tf-idf cosine graph of the article's sentences (LexRank-style)
//   position    a prior that halves every few sentences: news puts its news in the lead
//   title       cosine of the sentence's and the headline's stem sets (0 when the title was cut from the lead)
//   length      a prior against fragments and run-ons (a multiplier)
// Sentences are then picked one at a time by MMR: value = (content + position) × (1 − redundancy ×
// largest cosine with a sentence already picked). The pick order is summaryRank; an N-sentence summary
// is the first N picks in document order. Every sentence gets a rank, so any length can be read from
// the store.
//
// Two choices were measured on the dev sets (`npm run eval:summary`) rather than assumed:
// - The position prior and the redundancy penalty count in full for the first picks and fade after
//   about `leadPicks`: a short summary is the lead's news (CNN/DM highlights), a longer one adds the
//   article's central points rather than more of the lead or fewer near-repeats (BBC references).
// - With a real headline the position prior is off: the headline says what matters, and similarity to it
//   and centrality pick better than place does. A title cut from the lead is no headline, so there the
//   lead is trusted instead. Similarity to the lead sentence as a further component lowered every score.
import type { Article } from '../articles/article.ts';
import type { AnalysedSentence } from './analyse.ts';
import { pageRank, sentenceVectors, similarityGraph } from './textrank.ts';
import { contentStems } from './tokens.ts';
import type { TermVector } from './vectors.ts';

export type BodySentence = Omit<AnalysedSentence, 'score' | 'components' | 'summaryRank'>;

export interface SummaryWeights {
  centrality: number;
  /** Weight of the position prior when the title was cut from the lead. */
  position: number;
  /** Weight of the position prior when the article has a real headline. */
  titledPosition: number;
  title: number;
  /** The position prior halves every `positionHalfLife` sentences. */
  positionHalfLife: number;
  /** Number of picks after which the position prior and the redundancy penalty fade out. */
  leadPicks: number;
  /** Word counts below `shortWords` or above `longWords` scale the score down in proportion. */
  shortWords: number;
  longWords: number;
  /** Share of a sentence's value lost per unit of cosine with the closest sentence already picked. */
  redundancy: number;
}

/** Tuned on CNN/DM and BBC dev; `npm run eval:summary` prints the result beside Lead-3 and TextRank. */
export const DEFAULT_WEIGHTS: SummaryWeights = {
  centrality: 1,
  position: 1,
  titledPosition: 0,
  title: 0.2,
  positionHalfLife: 3,
  leadPicks: 3.5,
  shortWords: 5,
  longWords: 55,
  redundancy: 0.8,
};

/** Below this share the position prior and the redundancy penalty no longer change a pick. */
const FADED = 0.01;
/** A 100,000-character article has about 700 sentences. */
export const MAX_RANKED_SENTENCES = 1000;
/** Fragments of fewer words ("(CNN)", "Pictured above.") are picked only after every longer sentence. */
const MIN_WORDS = 4;

function lengthPrior(wordCount: number, weights: SummaryWeights): number {
  if (wordCount < weights.shortWords) return wordCount / weights.shortWords;
  if (wordCount > weights.longWords) return weights.longWords / wordCount;
  return 1;
}

/**
 * Scores every sentence and ranks the ones a summary should pick, in the order it picks them. Only the
 * first MAX_RANKED_SENTENCES are scored: the graph can hold up to 100 edges per word, so a 2 MB paste
 * would cost hundreds of megabytes, and a summary never needs sentences that deep.
 */
export function scoreSentences(
  article: Pick<Article, 'title' | 'titleDerived'>,
  sentences: BodySentence[],
  weights: SummaryWeights = DEFAULT_WEIGHTS,
): AnalysedSentence[] {
  const ranked = rankLeading(article, sentences.slice(0, MAX_RANKED_SENTENCES), weights);
  for (const sentence of sentences.slice(MAX_RANKED_SENTENCES)) ranked.push({ ...sentence, score: 0, components: {}, summaryRank: null });
  return ranked;
}

function rankLeading(article: Pick<Article, 'title' | 'titleDerived'>, sentences: BodySentence[], weights: SummaryWeights): AnalysedSentence[] {
  const n = sentences.length;
  if (n === 0) return [];
  const vectors = sentenceVectors(sentences.map((s) => s.text));
  const graph = similarityGraph(vectors);
  const rank = pageRank(graph);
  const maxRank = rank.reduce((a, b) => Math.max(a, b), 0);
  const wordCounts = sentences.map((s) => wordCount(s.text));
  const headline = article.titleDerived ? null : new Set(contentStems(article.title));
  const positionWeight = article.titleDerived ? weights.position : weights.titledPosition;

  const contentValue = new Float64Array(n);
  const positionValue = new Float64Array(n);
  const scored = sentences.map((sentence, i): AnalysedSentence => {
    const centrality = maxRank > 0 ? rank[i]! / maxRank : 0;
    const position = 2 ** (-i / weights.positionHalfLife);
    const title = headline ? overlap(headline, vectors[i]!) : 0;
    const length = lengthPrior(wordCounts[i]!, weights);
    contentValue[i] = length * (weights.centrality * centrality + weights.title * title);
    positionValue[i] = length * positionWeight * position;
    return {
      index: sentence.index,
      paragraph: sentence.paragraph,
      start: sentence.start,
      end: sentence.end,
      text: sentence.text,
      score: contentValue[i]! + positionValue[i]!,
      // Three decimals are all a reader of /summary explain needs, and keep the stored JSON short.
      components: { centrality: round3(centrality), position: round3(position), title: round3(title), length: round3(length) },
      summaryRank: null,
    };
  });

  const closestPicked = new Float64Array(n);
  const candidates = [...wordCounts.keys()].filter((i) => wordCounts[i]! >= MIN_WORDS);
  const picked = new Uint8Array(n);
  let pick = 0;
  for (; pick < candidates.length; pick++) {
    const leadShare = 1 / (1 + (pick / weights.leadPicks) ** 4);
    if (leadShare < FADED) break;
    let best = -1;
    let bestValue = -Infinity;
    for (const i of candidates) {
      if (picked[i]) continue;
      const value = (contentValue[i]! + leadShare * positionValue[i]!) * (1 - leadShare * weights.redundancy * closestPicked[i]!);
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    scored[best]!.summaryRank = pick;
    picked[best] = 1;
    const neighbours = graph.neighbours[best]!;
    const similarities = graph.weights[best]!;
    for (let k = 0; k < neighbours.length; k++) {
      const i = neighbours[k]!;
      if (similarities[k]! > closestPicked[i]!) closestPicked[i] = similarities[k]!;
    }
  }
  // Once position and redundancy have faded out, the order is the content score's: one sort, not MMR.
  const rest = candidates.filter((i) => !picked[i]).sort((a, b) => contentValue[b]! - contentValue[a]! || a - b);
  for (const i of rest) scored[i]!.summaryRank = pick++;
  // Fragments last, in document order: an article of nothing but short lines still gets a summary.
  for (let i = 0; i < n; i++) if (wordCounts[i]! < MIN_WORDS) scored[i]!.summaryRank = pick++;
  return scored;
}

/** Cosine of the headline's and the sentence's sets of stems: a title is too short for tf-idf weights. */
function overlap(headline: Set<string>, sentence: TermVector): number {
  if (headline.size === 0 || sentence.size === 0) return 0;
  let shared = 0;
  for (const term of sentence.keys()) if (headline.has(term)) shared++;
  return shared / Math.sqrt(headline.size * sentence.size);
}

/** Words as runs of non-space characters: enough for a length prior, and cheap. */
function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
