// The tf-idf cosine sentence graph and PageRank over it: the summariser's centrality, and TextRank
// (Mihalcea & Tarau 2004, d = 0.85), the baseline it is measured against in `npm run eval:summary`.
import { contentStems } from './tokens.ts';

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

/**
 * The sentences' tf-idf vectors (idf taken over the sentences themselves), each scaled to unit length.
 * Terms are numbered once per article so that the graph below works on arrays, not string maps: this is
 * the bulk of the summariser's time at ingest.
 */
export interface SentenceTerms {
  /** Per sentence, its distinct terms as ids, in order of first occurrence. */
  ids: Int32Array[];
  /** Per sentence, the unit-length tf-idf weight of each of those terms. */
  unit: Float64Array[];
  /** The id of each term of the article. */
  idOf: Map<string, number>;
  /** Per term id, the number of sentences that hold it. */
  sentenceCounts: Int32Array;
}

/** Numbered terms of each sentence, from each sentence's content stems (contentStems or tokensOf(…).content). */
export function sentenceTerms(sentences: readonly (readonly string[])[]): SentenceTerms {
  const idOf = new Map<string, number>();
  const df: number[] = [];
  // Per term id: the last sentence that held it, and where it sits in that sentence's list.
  const lastSentence: number[] = [];
  const slot: number[] = [];
  const termLists: number[][] = [];
  const countLists: number[][] = [];
  for (let s = 0; s < sentences.length; s++) {
    const terms: number[] = [];
    const counts: number[] = [];
    for (const stem of sentences[s]!) {
      let id = idOf.get(stem);
      if (id === undefined) {
        id = df.length;
        idOf.set(stem, id);
        df.push(0);
        lastSentence.push(-1);
        slot.push(0);
      }
      if (lastSentence[id] !== s) {
        lastSentence[id] = s;
        slot[id] = terms.length;
        terms.push(id);
        counts.push(1);
        df[id]!++;
      } else {
        counts[slot[id]!]!++;
      }
    }
    termLists.push(terms);
    countLists.push(counts);
  }
  // As IdfTable and tfidf in vectors.ts compute them (smoothed idf, log-scaled tf), in the same order.
  const documents = sentences.length;
  const ids: Int32Array[] = [];
  const unit: Float64Array[] = [];
  for (let s = 0; s < documents; s++) {
    const terms = termLists[s]!;
    const counts = countLists[s]!;
    const weights = new Float64Array(terms.length);
    let sum = 0;
    for (let k = 0; k < terms.length; k++) {
      const value = (1 + Math.log(counts[k]!)) * (Math.log((1 + documents) / (1 + df[terms[k]!]!)) + 1);
      weights[k] = value;
      sum += value * value;
    }
    const length = Math.sqrt(sum);
    for (let k = 0; k < weights.length; k++) weights[k] = weights[k]! / length;
    ids.push(Int32Array.from(terms));
    unit.push(weights);
  }
  return { ids, unit, idOf, sentenceCounts: Int32Array.from(df) };
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
export function similarityGraph(terms: SentenceTerms): SimilarityGraph {
  const { ids, unit, sentenceCounts } = terms;
  const n = ids.length;
  // Postings of every term, flat: sentences in document order, with the term's weight in each.
  const offsets = new Int32Array(sentenceCounts.length + 1);
  for (let t = 0; t < sentenceCounts.length; t++) offsets[t + 1] = offsets[t]! + sentenceCounts[t]!;
  const cursor = offsets.slice(0, sentenceCounts.length);
  const postingDoc = new Int32Array(offsets[sentenceCounts.length]!);
  const postingWeight = new Float64Array(postingDoc.length);
  for (let i = 0; i < n; i++) {
    const row = ids[i]!;
    const weights = unit[i]!;
    for (let k = 0; k < row.length; k++) {
      const at = cursor[row[k]!]!++;
      postingDoc[at] = i;
      postingWeight[at] = weights[k]!;
    }
  }
  const sums = new Float64Array(n);
  const touched = new Int32Array(n);
  const graph: SimilarityGraph = { neighbours: [], weights: [] };
  for (let i = 0; i < n; i++) {
    let touchedCount = 0;
    const row = ids[i]!;
    const weights = unit[i]!;
    for (let k = 0; k < row.length; k++) {
      const term = row[k]!;
      if (sentenceCounts[term]! > MAX_TERM_SENTENCES) continue;
      const weight = weights[k]!;
      for (let p = offsets[term]!, end = offsets[term + 1]!; p < end; p++) {
        const j = postingDoc[p]!;
        if (j === i) continue;
        if (sums[j] === 0) touched[touchedCount++] = j;
        sums[j] = sums[j]! + weight * postingWeight[p]!;
      }
    }
    const neighbours = new Int32Array(touchedCount);
    const similarities = new Float64Array(touchedCount);
    for (let k = 0; k < touchedCount; k++) {
      const j = touched[k]!;
      neighbours[k] = j;
      similarities[k] = sums[j]!;
      sums[j] = 0;
    }
    graph.neighbours.push(neighbours);
    graph.weights.push(similarities);
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
  const rank = pageRank(similarityGraph(sentenceTerms(sentences.map(contentStems))));
  return [...rank.keys()]
    .sort((a, b) => rank[b]! - rank[a]! || a - b)
    .slice(0, count)
    .sort((a, b) => a - b);
}
