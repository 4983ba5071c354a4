// `npm run eval:quotes [-- --errors] [-- --fit]`: quotation extraction and speaker attribution on both
// dev sets, ../shared/corpora/quotes/dev.jsonl (PolNeAR, US political news) and
// ../shared/corpora/southasia-news/quotes.jsonl (Dawn/APP), scored by one rule (quotes-score.ts),
// beside the naive baseline run on the same articles. Articles go through articleFromRecord and
// extractQuoteSites with the body and sentences analyseArticle hands it.
//
// The speaker ranking's weights are fit on the dev articles, so the eval prints two figures:
// in-sample (the committed weights, fit on every article) and held-out (the articles split in two
// halves by a hash of their id; each half scored with weights fit on the other half alone).
// --fit refits on every article and writes src/nlp/speaker-weights.json first.
// --errors prints every missed, spurious and mis-attributed quote to stderr.
// --held-out-errors prints the mis-attributed quotes of the held-out scoring (each half fit on the other).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { articleFromRecord } from '../../src/articles/parse.ts';
import { articleBody } from '../../src/domain/article.ts';
import { bodySentences } from '../../src/nlp/analyse.ts';
import { extractQuoteSites, withChosenSpeakers } from '../../src/nlp/quotes.ts';
import { chooseSpeakers, FEATURES, isUncertain, SPEAKER_WEIGHTS, type Weights } from '../../src/nlp/speaker-ranking.ts';
import { loadCorpus, SHARED_DIR } from '../support/corpora.ts';
import { type FitArticle, fitWeights, writeWeights } from './fit-speakers.ts';
import { naiveQuotes } from './naive-quotes.ts';
import { matchQuotes, sameSpeaker } from './quotes-score.ts';

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
  confidence?: number;
}

interface Score {
  precision: number;
  recall: number;
  f1: number;
  speaker: number;
  endToEndF1: number;
  byResolution: Map<string, { right: number; of: number }>;
  /** Matched quotes where we named someone and the gold names someone else. */
  wrongName: { wrong: number; of: number };
  /** Matched quotes shown as uncertain, and how many of those are right. */
  uncertain: { right: number; of: number };
  confident: { right: number; of: number };
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
  const byResolution = new Map<string, { right: number; of: number }>();
  const wrongName = { wrong: 0, of: 0 };
  const uncertain = { right: 0, of: 0 };
  const confident = { right: 0, of: 0 };
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
      const bucket = byResolution.get(goldQuote.speaker_resolution) ?? { right: 0, of: 0 };
      bucket.of++;
      if (right) bucket.right++;
      byResolution.set(goldQuote.speaker_resolution, bucket);
      if (prediction.speaker !== null) {
        wrongName.of++;
        if (goldQuote.speaker !== null && !right) wrongName.wrong++;
        const shown = isUncertain(prediction) ? uncertain : confident;
        shown.of++;
        if (right) shown.right++;
      }
      if (!right) log?.(`SPEAKER ${record.id} [${goldQuote.speaker_resolution}] gold=${goldQuote.speaker} ours=${prediction.speaker} (${prediction.confidence?.toFixed(2) ?? '-'}) :: ${context(record.text, goldQuote)}`);
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
    endToEndF1: f1(predicted ? speakerRight / predicted : 0, gold ? speakerRight / gold : 0),
    byResolution,
    wrongName,
    uncertain,
    confident,
  };
}

const f = (x: number) => x.toFixed(3);
const share = ({ right, of }: { right: number; of: number }) => `${of ? f(right / of) : 'n/a'} (${right}/${of})`;

function line(label: string, s: Score): string {
  return `${label}: quote P ${f(s.precision)} R ${f(s.recall)} F1 ${f(s.f1)} | speaker acc ${f(s.speaker)} | end-to-end F1 ${f(s.endToEndF1)} | wrong-name rate ${s.wrongName.of ? f(s.wrongName.wrong / s.wrongName.of) : 'n/a'}`;
}

function resolutionLine(s: Score, naive: Score): string {
  const keys = [...s.byResolution.keys()].sort((a, b) => s.byResolution.get(b)!.of - s.byResolution.get(a)!.of);
  return keys.map((k) => `${k} ${share(s.byResolution.get(k)!)} [naive ${share(naive.byResolution.get(k) ?? { right: 0, of: 0 })}]`).join(' · ');
}

interface Dataset {
  name: string;
  records: Record[];
  articles: FitArticle[];
}

/** Half A or B of the articles, by the first byte of sha1(id): the same split on every run and machine. */
function half(id: string): 'A' | 'B' {
  return createHash('sha1').update(id).digest()[0]! % 2 === 0 ? 'A' : 'B';
}

function loadSouthAsia(): Record[] | null {
  const file = path.join(SHARED_DIR, 'corpora', 'southasia-news', 'quotes.jsonl');
  if (!existsSync(file)) {
    console.warn(`skipped: ${file} is absent (evaluation data lives in ../shared beside the clone)`);
    return null;
  }
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record);
}

function prepare(name: string, records: Record[]): Dataset {
  const articles = records.map((record): FitArticle => {
    const article = articleFromRecord(record, {});
    const { quotes, sites } = extractQuoteSites(article, articleBody(article), bodySentences(article));
    const matched = matchQuotes(record.quotes.map((q) => q.quote), quotes.map((q) => q.text)).map(([g, p]): [number, string | null] => [p, record.quotes[g]!.speaker]);
    return { dataset: name, quotes, sites, matched };
  });
  return { name, records, articles };
}

function predictor(dataset: Dataset, weightsFor: (id: string) => Weights): (record: Record) => Predicted[] {
  const byId = new Map(dataset.records.map((r, i) => [r.id, dataset.articles[i]!]));
  return (record) => {
    const article = byId.get(record.id)!;
    return withChosenSpeakers(article.quotes, chooseSpeakers(article.sites, weightsFor(record.id))).map((q) => ({ quote: q.text, speaker: q.speaker, cue: q.cue, confidence: q.confidence }));
  };
}

function main(): void {
  const polnear = loadCorpus<Record>('quotes');
  const southAsia = loadSouthAsia();
  const datasets = [polnear ? prepare('PolNeAR dev', polnear) : null, southAsia ? prepare('South Asian news dev', southAsia) : null].filter((d): d is Dataset => d !== null);
  if (datasets.length === 0) return;
  const all = datasets.flatMap((d) => d.articles);
  let inSample: Weights = SPEAKER_WEIGHTS;
  if (process.argv.includes('--fit')) {
    inSample = fitWeights(all);
    console.log(`fit on all ${all.length} dev articles; wrote ${writeWeights(inSample, 'Weights of the speaker ranking (src/nlp/speaker-ranking.ts), fit by `npm run eval:quotes -- --fit` on both dev sets (tests/eval/fit-speakers.ts).')}`);
  }
  // Held-out: each half scored with weights fit on the other half of both dev sets.
  const halves = { A: all.filter((_, i) => half(idOf(datasets, i)) === 'A'), B: all.filter((_, i) => half(idOf(datasets, i)) === 'B') };
  const fitOn = { A: fitWeights(halves.A), B: fitWeights(halves.B) };
  const heldOut = (id: string): Weights => (half(id) === 'A' ? fitOn.B : fitOn.A);
  const ownHalf = (id: string): Weights => (half(id) === 'A' ? fitOn.A : fitOn.B);
  const showErrors = process.argv.includes('--errors');
  const showHeldOutErrors = process.argv.includes('--held-out-errors');
  for (const dataset of datasets) {
    const goldCount = dataset.records.reduce((n, r) => n + r.quotes.length, 0);
    const naive = score(dataset.records, (record) => naiveQuotes(record.text), null);
    const ours = score(dataset.records, predictor(dataset, () => inSample), showErrors ? (l) => process.stderr.write(`${l}\n`) : null);
    const held = score(dataset.records, predictor(dataset, heldOut), showHeldOutErrors ? (l) => l.startsWith('SPEAKER') && process.stderr.write(`held-out ${half(l.split(' ')[1]!)} ${l}\n`) : null);
    const halfFit = score(dataset.records, predictor(dataset, ownHalf), null);
    const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : 'n/a');
    console.log(`\n${dataset.name}: ${dataset.records.length} articles, ${goldCount} gold quotes (halves by sha1(id): A ${dataset.records.filter((r) => half(r.id) === 'A').length}, B ${dataset.records.filter((r) => half(r.id) === 'B').length} articles)`);
    console.log(line('  ours, in-sample (committed weights)', ours));
    console.log(line('  ours, in-sample (each half its own fit)', halfFit));
    console.log(line('  ours, held-out (each half fit on the other)', held));
    console.log(line('  naive', naive));
    console.log(`  ours/naive (in-sample): quote F1 ×${ratio(ours.f1, naive.f1)}, speaker acc ×${ratio(ours.speaker, naive.speaker)}, end-to-end F1 ×${ratio(ours.endToEndF1, naive.endToEndF1)}`);
    console.log(`  ours/naive (held-out):  quote F1 ×${ratio(held.f1, naive.f1)}, speaker acc ×${ratio(held.speaker, naive.speaker)}, end-to-end F1 ×${ratio(held.endToEndF1, naive.endToEndF1)}`);
    console.log(`  speaker acc by speaker_resolution, in-sample: ${resolutionLine(ours, naive)}`);
    console.log(`  speaker acc by speaker_resolution, held-out:  ${resolutionLine(held, naive)}`);
    console.log(`  shown as uncertain: ${share(ours.uncertain)} right; stated plainly: ${share(ours.confident)} right (held-out: ${share(held.uncertain)}; ${share(held.confident)})`);
  }
  const shown = (w: Weights) => FEATURES.filter((k) => w[k] !== 0).map((k) => `${k} ${w[k]}`).join(', ');
  console.log(`\nweights in-sample: ${shown(inSample)}\nweights fit on A: ${shown(fitOn.A)}\nweights fit on B: ${shown(fitOn.B)}`);
}

/** The id of the i-th article over all datasets. */
function idOf(datasets: Dataset[], i: number): string {
  for (const d of datasets) {
    if (i < d.records.length) return d.records[i]!.id;
    i -= d.records.length;
  }
  throw new Error('no such article');
}

main();
