// Sparse term vectors, tf-idf weighting and cosine similarity: the one implementation that the
// summariser, the TextRank baseline, topic tagging and story clustering share. natural's TfIdf is not
// used: it shares tokenizer/stop-word settings across every instance in the process and uses raw counts.

export type TermVector = Map<string, number>;

/** Counts of each term. */
export function termCounts(terms: Iterable<string>): TermVector {
  const counts: TermVector = new Map();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** Document frequencies over a collection, and the idf of a term in it (smoothed, always > 0). */
export class IdfTable {
  private readonly df = new Map<string, number>();
  private documents = 0;

  addDocument(terms: Iterable<string>): void {
    this.documents++;
    for (const term of new Set(terms)) this.df.set(term, (this.df.get(term) ?? 0) + 1);
  }

  get size(): number {
    return this.documents;
  }

  /** ln((1 + N) / (1 + df)) + 1, as scikit-learn's smooth idf: unseen terms get the largest weight. */
  idf(term: string): number {
    return Math.log((1 + this.documents) / (1 + (this.df.get(term) ?? 0))) + 1;
  }

  static of(documents: Iterable<Iterable<string>>): IdfTable {
    const table = new IdfTable();
    for (const doc of documents) table.addDocument(doc);
    return table;
  }
}

/** Log-scaled term frequency times idf: long documents do not win on repetition alone. */
export function tfidf(counts: TermVector, idf: IdfTable): TermVector {
  const vector: TermVector = new Map();
  for (const [term, count] of counts) vector.set(term, (1 + Math.log(count)) * idf.idf(term));
  return vector;
}

export function norm(vector: TermVector): number {
  let sum = 0;
  for (const value of vector.values()) sum += value * value;
  return Math.sqrt(sum);
}

export function dot(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, value] of small) {
    const other = large.get(term);
    if (other !== undefined) sum += value * other;
  }
  return sum;
}

export function cosine(a: TermVector, b: TermVector, normA = norm(a), normB = norm(b)): number {
  if (normA === 0 || normB === 0) return 0;
  return dot(a, b) / (normA * normB);
}
