// The tf-idf cosine sentence graph and PageRank over it: the summariser's centrality, and TextRank
// (Mihalcea & Tarau 2004, d = 0.85), the baseline it is measured against in `npm run eval:summary`.
import { contentStems } from './tokens.ts';
import { IdfTable, norm, type TermVector, termCounts, tfidf } from './vectors.ts';

const DAMPING = 0.85;
const MAX_ITERATIONS = 100;
/** Per sentence, as networkx's pagerank: stop once the L1 change is below n × 1e-6. */
const TOLERANCE = 1e-6;
/**
 * A term found in more sentences than this links none of them (like max_df in scikit-learn): it says
 * nothing about which sentences matter, and without the limit one word shared by every sentence of a
 * long text would make the graph quadratic. News articles of up to ~100 sentences are unaffected.
 */
const MAX_TERM_SENTENCES = 100;

/** tf-idf vectors of the sentences, idf taken over the sentences themselves. */
export function sentenceVectors(sentences: string[]): TermVector[] {
  const stems = sentences.map(contentStems);
  const idf = IdfTable.of(stems);
  return stems.map((s) => tfidf(termCounts(s), idf));
}

/** Cosine similarities as sparse rows: sentence i's neighbours (sharing a term) and the cosine with each. */
export interface SimilarityGraph {
  neighbours: Int32Array[];
  weights: Float64Array[];
}

/**
 * The cosine graph of the sentences, built through an inverted index so only pairs that share a term
 * cost anything: a 100,000-character article has ~700 sentences and most pairs share nothing. Time and
 * edges are at most MAX_TERM_SENTENCES per term occurrence: linear in the text.
 */
export function similarityGraph(vectors: TermVector[]): SimilarityGraph {
  const n = vectors.length;
  interface Posting {
    doc: number[];
    weight: number[];
  }
  const postings = new Map<string, Posting>();
  // Each sentence keeps its terms' postings lists and weights, so the pass below never looks a term up.
  const unit = vectors.map((vector, i) => {
    const length = norm(vector);
    const entries: { list: Posting; weight: number }[] = [];
    for (const [term, value] of vector) {
      const weight = value / length;
      let list = postings.get(term);
      if (!list) postings.set(term, (list = { doc: [], weight: [] }));
      list.doc.push(i);
      list.weight.push(weight);
      entries.push({ list, weight });
    }
    return entries;
  });
  const sums = new Float64Array(n);
  const graph: SimilarityGraph = { neighbours: [], weights: [] };
  for (let i = 0; i < n; i++) {
    const touched: number[] = [];
    for (const { list, weight } of unit[i]!) {
      if (list.doc.length > MAX_TERM_SENTENCES) continue;
      for (let k = 0; k < list.doc.length; k++) {
        const j = list.doc[k]!;
        if (j === i) continue;
        if (sums[j] === 0) touched.push(j);
        sums[j] = sums[j]! + weight * list.weight[k]!;
      }
    }
    const neighbours = new Int32Array(touched.length);
    const weights = new Float64Array(touched.length);
    for (let k = 0; k < touched.length; k++) {
      const j = touched[k]!;
      neighbours[k] = j;
      weights[k] = sums[j]!;
      sums[j] = 0;
    }
    graph.neighbours.push(neighbours);
    graph.weights.push(weights);
  }
  return graph;
}

/** Weighted PageRank over the graph; a sentence with no edges keeps only the teleport share. */
export function pageRank(graph: SimilarityGraph, damping = DAMPING): Float64Array {
  const n = graph.neighbours.length;
  const outWeight = graph.weights.map((row) => row.reduce((a, b) => a + b, 0));
  let rank = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    next.fill((1 - damping) / n);
    for (let j = 0; j < n; j++) {
      if (outWeight[j] === 0) continue;
      const share = (damping * rank[j]!) / outWeight[j]!;
      const neighbours = graph.neighbours[j]!;
      const weights = graph.weights[j]!;
      for (let k = 0; k < neighbours.length; k++) {
        const i = neighbours[k]!;
        next[i] = next[i]! + weights[k]! * share;
      }
    }
    let delta = 0;
    for (let i = 0; i < n; i++) delta += Math.abs(next[i]! - rank[i]!);
    [rank, next] = [next, rank];
    if (delta < n * TOLERANCE) break;
  }
  return rank;
}

/** Indices of the `count` highest-ranked sentences, in document order. */
export function textRank(sentences: string[], count: number): number[] {
  const rank = pageRank(similarityGraph(sentenceVectors(sentences)));
  return [...rank.keys()]
    .sort((a, b) => rank[b]! - rank[a]! || a - b)
    .slice(0, count)
    .sort((a, b) => a - b);
}
