// The naive baseline of the /quotes issue, shared by eval:quotes (its quality) and the quotes bench
// (its speed), so both print the same baseline: every span of 3+ words between double marks; the
// speaker is the capitalised name nearest to a said-type verb within 80 characters of the quote.
const NAIVE_QUOTE = /["“]([^"“”\n]+)["”]/g;
const NAIVE_SAID = /\b(?:said|says|told|added|according to)\b/g;
const NAIVE_NAME = /\p{Lu}[\p{L}’'-]+(?:\s+\p{Lu}[\p{L}’'-]+)*/gu;

export function naiveQuotes(text: string): { quote: string; speaker: string | null }[] {
  const out: { quote: string; speaker: string | null }[] = [];
  for (const m of text.matchAll(NAIVE_QUOTE)) {
    const quote = m[1]!;
    if (quote.trim().split(/\s+/).length < 3) continue;
    const from = Math.max(0, m.index - 80);
    const to = Math.min(text.length, m.index + m[0].length + 80);
    const around = text.slice(from, to);
    const quoteAt = m.index - from;
    let speaker: string | null = null;
    let best = Infinity;
    for (const said of around.matchAll(NAIVE_SAID)) {
      for (const name of around.matchAll(NAIVE_NAME)) {
        if (name.index >= quoteAt && name.index < quoteAt + m[0].length) continue;
        const distance = Math.abs(name.index - said.index);
        if (distance < best) {
          best = distance;
          speaker = name[0];
        }
      }
    }
    out.push({ quote, speaker });
  }
  return out;
}
