// The scoring rule of ../shared/corpora/quotes/README.md, shared by eval:quotes and the speaker
// resolver's weight fitting: quotes match one-to-one at token F1 >= 0.8 over lower-case words, a
// speaker matches when the last tokens agree or one name contains the other.
import { words } from '../../src/nlp/tokens.ts';

/** F1 of two bags of lowercase word tokens. */
export function tokenF1(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of b) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / b.length;
  const recall = common / a.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Same last token, or one name inside the other, ignoring case; two absent speakers agree. */
export function sameSpeaker(gold: string | null, predicted: string | null): boolean {
  if (gold === null || predicted === null) return gold === predicted;
  const g = gold.toLowerCase().trim();
  const p = predicted.toLowerCase().trim();
  if (!g || !p) return false;
  if (g.includes(p) || p.includes(g)) return true;
  const last = (s: string) => s.split(/\s+/).pop();
  return last(g) === last(p);
}

/** One-to-one matches with token F1 >= 0.8, best pairs first. */
export function matchQuotes(gold: string[], predicted: string[]): [number, number][] {
  const goldTokens = gold.map(words);
  const predictedTokens = predicted.map(words);
  const pairs: { g: number; p: number; f: number }[] = [];
  goldTokens.forEach((g, gi) => predictedTokens.forEach((p, pi) => {
    const f = tokenF1(g, p);
    if (f >= 0.8) pairs.push({ g: gi, p: pi, f });
  }));
  pairs.sort((a, b) => b.f - a.f);
  const usedGold = new Set<number>();
  const usedPredicted = new Set<number>();
  const out: [number, number][] = [];
  for (const { g, p } of pairs) {
    if (usedGold.has(g) || usedPredicted.has(p)) continue;
    usedGold.add(g);
    usedPredicted.add(p);
    out.push([g, p]);
  }
  return out;
}
