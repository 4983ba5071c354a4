// ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 computed as Google's rouge-score package computes them
// (rouge_scorer.RougeScorer(['rouge1', 'rouge2', 'rougeLsum'], use_stemmer=True)): lowercase,
// non-alphanumerics to spaces, Porter stems for tokens longer than 3 characters; Lsum takes the union
// LCS of each reference line against every summary line, with clipped token counts.
import { porterStem } from '../../src/nlp/natural.ts';

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeLsum: number;
}

export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((token) => (token.length > 3 ? porterStem(token) : token))
    .filter((token) => /^[a-z0-9]+$/.test(token));
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function rougeN(reference: string[], summary: string[], n: number): number {
  const ref = ngramCounts(reference, n);
  const sum = ngramCounts(summary, n);
  let overlap = 0;
  for (const [gram, count] of ref) overlap += Math.min(count, sum.get(gram) ?? 0);
  const refTotal = Math.max(0, reference.length - n + 1);
  const sumTotal = Math.max(0, summary.length - n + 1);
  return fmeasure(sumTotal ? overlap / sumTotal : 0, refTotal ? overlap / refTotal : 0);
}

/** Indices into `ref` of one LCS with `candidate`, backtracked exactly as rouge-score does. */
function lcsIndices(ref: string[], candidate: string[]): number[] {
  const cols = candidate.length + 1;
  const table = new Uint32Array((ref.length + 1) * cols);
  for (let i = 1; i <= ref.length; i++) {
    for (let j = 1; j <= candidate.length; j++) {
      table[i * cols + j] = ref[i - 1] === candidate[j - 1]
        ? table[(i - 1) * cols + j - 1]! + 1
        : Math.max(table[(i - 1) * cols + j]!, table[i * cols + j - 1]!);
    }
  }
  const out: number[] = [];
  let i = ref.length;
  let j = candidate.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === candidate[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (table[i * cols + j - 1]! > table[(i - 1) * cols + j]!) {
      j--;
    } else {
      i--;
    }
  }
  return out;
}

function rougeLsum(referenceLines: string[][], summaryLines: string[][]): number {
  const m = referenceLines.reduce((n, s) => n + s.length, 0);
  const n = summaryLines.reduce((t, s) => t + s.length, 0);
  if (m === 0 || n === 0) return 0;
  const refCounts = new Map<string, number>();
  const sumCounts = new Map<string, number>();
  for (const line of referenceLines) for (const t of line) refCounts.set(t, (refCounts.get(t) ?? 0) + 1);
  for (const line of summaryLines) for (const t of line) sumCounts.set(t, (sumCounts.get(t) ?? 0) + 1);
  let hits = 0;
  for (const ref of referenceLines) {
    const union = new Set<number>();
    for (const line of summaryLines) for (const index of lcsIndices(ref, line)) union.add(index);
    for (const index of [...union].sort((a, b) => a - b)) {
      const token = ref[index]!;
      if ((sumCounts.get(token) ?? 0) > 0 && (refCounts.get(token) ?? 0) > 0) {
        hits++;
        sumCounts.set(token, sumCounts.get(token)! - 1);
        refCounts.set(token, refCounts.get(token)! - 1);
      }
    }
  }
  return fmeasure(hits / n, hits / m);
}

/** F1 of one summary against one reference; both hold one sentence per line. */
export function rouge(reference: string, summary: string): RougeScores {
  const refTokens = rougeTokens(reference);
  const sumTokens = rougeTokens(summary);
  return {
    rouge1: rougeN(refTokens, sumTokens, 1),
    rouge2: rougeN(refTokens, sumTokens, 2),
    rougeLsum: rougeLsum(reference.split('\n').map(rougeTokens), summary.split('\n').map(rougeTokens)),
  };
}
