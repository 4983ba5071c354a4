// `npm run eval:quotes [-- --errors]`: quotation extraction and speaker attribution on
// ../shared/corpora/quotes/dev.jsonl, scored by the rule, beside a naive baseline run on the
// same articles. Articles go through articleFromRecord and then extractQuotes with the body and
// sentences that analyseArticle (and so `brief quotes`) hands it, without the summary and topic steps.
// --errors prints every missed, spurious and mis-attributed quote to stderr.
import { articleFromRecord } from '../../src/articles/parse.ts';
import { articleBody } from '../../src/articles/article.ts';
import { bodySentences } from '../../src/nlp/analyse.ts';
import { extractQuotes } from '../../src/nlp/quotes.ts';
import { words } from '../../src/nlp/tokens.ts';
import { loadCorpus } from '../support/corpora.ts';
import { naiveQuotes } from './naive-quotes.ts';

interface GoldQuote {
  quote: string;
  start: number;
  end: number;
  speaker: string | null;
  speaker_resolution: string;
}
interface Record {
  id: string;
  text: string;
  quotes: GoldQuote[];
}
export interface Predicted {
  quote: string;
  speaker: string | null;
  /** The cue word that attributed it; null for a guess. The naive baseline has none. */
  cue?: string | null;
}

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

interface Score {
  precision: number;
  recall: number;
  f1: number;
  speaker: number;
  speakerNamed: number;
  endToEndF1: number;
  /** Speaker accuracy over matched quotes a cue word attributed, and over guessed ones (cue null, speaker given). */
  cued: { right: number; of: number };
  guessed: { right: number; of: number };
}

/** The gold quote with the words around it, on one line. */
function context(text: string, q: GoldQuote): string {
  const around = `${text.slice(Math.max(0, q.start - 100), q.start)}<<${q.quote.slice(0, 150)}>>${text.slice(q.end, q.end + 60)}`;
  return around.replace(/\n/g, ' | ');
}

const f1 = (p: number, r: number) => (p + r ? (2 * p * r) / (p + r) : 0);

function score(records: Record[], predict: (r: Record) => Predicted[], log: ((line: string) => void) | null): Score {
  let gold = 0;
  let predicted = 0;
  let matched = 0;
  let speakerRight = 0;
  let named = 0;
  let namedRight = 0;
  const cued = { right: 0, of: 0 };
  const guessed = { right: 0, of: 0 };
  for (const record of records) {
    const predictions = predict(record);
    gold += record.quotes.length;
    predicted += predictions.length;
    const matches = matchQuotes(record.quotes.map((q) => q.quote), predictions.map((p) => p.quote));
    matched += matches.length;
    for (const [g, p] of matches) {
      const goldQuote = record.quotes[g]!;
      const prediction = predictions[p]!;
      const right = sameSpeaker(goldQuote.speaker, prediction.speaker);
      if (right) speakerRight++;
      const kind = prediction.cue ? cued : prediction.cue === null && prediction.speaker !== null ? guessed : null;
      if (kind) {
        kind.of++;
        if (right) kind.right++;
      }
      if (goldQuote.speaker_resolution === 'named') {
        named++;
        if (right) namedRight++;
      }
      if (!right) log?.(`SPEAKER ${record.id} [${goldQuote.speaker_resolution}] gold=${goldQuote.speaker} ours=${predictions[p]!.speaker} :: ${context(record.text, goldQuote)}`);
    }
    if (log) {
      const goldMatched = new Set(matches.map(([g]) => g));
      const predictedMatched = new Set(matches.map(([, p]) => p));
      record.quotes.forEach((q, i) => goldMatched.has(i) || log(`MISSED ${record.id} :: ${context(record.text, q)}`));
      predictions.forEach((q, i) => predictedMatched.has(i) || log(`SPURIOUS ${record.id} (${q.speaker}) :: ${q.quote.slice(0, 120)}`));
    }
  }
  const precision = predicted ? matched / predicted : 0;
  const recall = gold ? matched / gold : 0;
  return {
    precision,
    recall,
    f1: f1(precision, recall),
    speaker: matched ? speakerRight / matched : 0,
    speakerNamed: named ? namedRight / named : 0,
    endToEndF1: f1(predicted ? speakerRight / predicted : 0, gold ? speakerRight / gold : 0),
    cued,
    guessed,
  };
}

function ourPredict(record: Record): Predicted[] {
  const article = articleFromRecord(record, {});
  return extractQuotes(article, articleBody(article), bodySentences(article)).map((q) => ({ quote: q.text, speaker: q.speaker, cue: q.cue }));
}

function line(label: string, s: Score): string {
  const f = (x: number) => x.toFixed(3);
  return `${label}: quote P ${f(s.precision)} R ${f(s.recall)} F1 ${f(s.f1)} | speaker acc ${f(s.speaker)} (named ${f(s.speakerNamed)}) | end-to-end F1 ${f(s.endToEndF1)}`;
}

function main(): void {
  const records = loadCorpus<Record>('quotes');
  if (!records) return;
  const showErrors = process.argv.includes('--errors');
  const goldCount = records.reduce((n, r) => n + r.quotes.length, 0);
  const ours = score(records, ourPredict, showErrors ? (l) => process.stderr.write(`${l}\n`) : null);
  const naive = score(records, (record) => naiveQuotes(record.text), null);
  const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : 'n/a');
  console.log(`quotes dev: ${records.length} articles, ${goldCount} gold quotes`);
  console.log(line('ours ', ours));
  const share = ({ right, of }: { right: number; of: number }) => `${of ? (right / of).toFixed(3) : 'n/a'} (${right} of ${of})`;
  console.log(`       speaker acc where a cue word named the speaker ${share(ours.cued)}, where it was guessed ${share(ours.guessed)}`);
  console.log(line('naive', naive));
  console.log(`ours/naive: quote F1 ×${ratio(ours.f1, naive.f1)}, speaker acc ×${ratio(ours.speaker, naive.speaker)}, end-to-end F1 ×${ratio(ours.endToEndF1, naive.endToEndF1)}`);
}

main();
