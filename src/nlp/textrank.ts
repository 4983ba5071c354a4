// TextRank (Mihalcea & Tarau 2004) with tf-idf cosine edges: the baseline the summariser is measured
// against in `npm run eval:summary`. Not used by the bot.
import { contentStems } from './tokens.ts';
import { cosine, IdfTable, norm, type TermVector, termCounts, tfidf } from './vectors.ts';

const DAMPING = 0.85;
const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-6;

/** tf-idf vectors of the sentences, idf taken over the sentences themselves. */
export function sentenceVectors(sentences: string[]): TermVector[] {
  const stems = sentences.map(contentStems);
  const idf = IdfTable.of(stems);
  return stems.map((s) => tfidf(termCounts(s), idf));
}

/** Symmetric cosine similarity matrix, zero on the diagonal. */
export function similarityMatrix(vectors: TermVector[]): Float64Array[] {
  const norms = vectors.map(norm);
  const matrix = vectors.map(() => new Float64Array(vectors.length));
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) {
      const sim = cosine(vectors[i]!, vectors[j]!, norms[i], norms[j]);
      matrix[i]![j] = sim;
      matrix[j]![i] = sim;
    }
  }
  return matrix;
}

/** Weighted PageRank over a similarity matrix; a sentence with no edges keeps the teleport share. */
export function pageRank(matrix: Float64Array[], damping = DAMPING): Float64Array {
  const n = matrix.length;
  const outWeight = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  let rank = new Float64Array(n).fill(1 / n);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const next = new Float64Array(n).fill((1 - damping) / n);
    for (let j = 0; j < n; j++) {
      if (outWeight[j] === 0) continue;
      const share = (damping * rank[j]!) / outWeight[j]!;
      const row = matrix[j]!;
      for (let i = 0; i < n; i++) next[i]! += row[i]! * share;
    }
    let delta = 0;
    for (let i = 0; i < n; i++) delta += Math.abs(next[i]! - rank[i]!);
    rank = next;
    if (delta < TOLERANCE) break;
  }
  return rank;
}

/** Indices of the `count` highest-ranked sentences, in document order. */
export function textRank(sentences: string[], count: number): number[] {
  const rank = pageRank(similarityMatrix(sentenceVectors(sentences)));
  return [...rank.keys()]
    .sort((a, b) => rank[b]! - rank[a]! || a - b)
    .slice(0, count)
    .sort((a, b) => a - b);
}
