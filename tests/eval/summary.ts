// `npm run eval:summary`: ROUGE F1 of the summariser on the dev corpora, beside Lead-k and TextRank
// computed in the same run on the same sentences, with paired bootstrap 95% intervals. Exits 1 when
// an acceptance bar is missed (CNN/DM: every ROUGE at or above Lead-3; BBC: ROUGE-1 at or above TextRank).
import { articleFromRecord } from '../../src/articles/parse.ts';
import { analyseArticle, bodySentences, summarySentences } from '../../src/nlp/analyse.ts';
import { scoreSentences } from '../../src/nlp/summarise.ts';
import { textRank } from '../../src/nlp/textrank.ts';
import { type CorpusName, loadCorpus } from '../support/corpora.ts';
import { rouge, type RougeScores } from './rouge.ts';
import { exactSentenceShare } from './sentence-share.ts';

interface SummaryRecord {
  id: string;
  title: string | null;
  text: string;
  reference: string;
}

const METRICS: (keyof RougeScores)[] = ['rouge1', 'rouge2', 'rougeLsum'];
const RESAMPLES = 1000;

interface SetSpec {
  name: CorpusName;
  lead: number | null;
  label: string;
}

const SETS: SetSpec[] = [
  { name: 'cnndm', lead: 3, label: '3 sentences' },
  { name: 'bbc', lead: null, label: 'k = reference lines' },
  { name: 'xsum', lead: 1, label: '1 sentence' },
];

/** Deterministic PRNG (mulberry32) so the intervals are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Mean and 95% percentile interval of per-article scores; `samples` is shared so systems are paired. */
function bootstrap(values: number[], samples: number[][]): { mean: number; low: number; high: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const means = samples.map((sample) => sample.reduce((a, i) => a + values[i]!, 0) / sample.length).sort((a, b) => a - b);
  return { mean, low: means[Math.floor(0.025 * means.length)]!, high: means[Math.ceil(0.975 * means.length) - 1]! };
}

const pct = (x: number): string => (100 * x).toFixed(2);

function evaluate(spec: SetSpec): boolean {
  const records = loadCorpus<SummaryRecord>(spec.name);
  if (!records) return true;
  const systems: Record<string, RougeScores[]> = { ours: [], [`Lead-${spec.lead ?? 'k'}`]: [], TextRank: [] };
  const [ours, lead, textrank] = Object.values(systems) as [RougeScores[], RougeScores[], RougeScores[]];
  for (const record of records) {
    const article = articleFromRecord(record, {});
    const k = spec.lead ?? record.reference.split('\n').filter((l) => l.trim()).length;
    // The summary exactly as ingest stores it; the baselines get the same sentences.
    const analysed = analyseArticle(article).sentences;
    const texts = analysed.map((s) => s.text);
    ours.push(rouge(record.reference, summarySentences(analysed, k).map((s) => s.text).join('\n')));
    lead.push(rouge(record.reference, texts.slice(0, k).join('\n')));
    textrank.push(rouge(record.reference, textRank(texts, k).map((i) => texts[i]).join('\n')));
  }

  const next = random(2024);
  const samples = Array.from({ length: RESAMPLES }, () => Array.from(records, () => Math.floor(next() * records.length)));
  console.log(`\n${spec.name} dev: ${records.length} articles, ${spec.label}; ROUGE F1 ×100, mean [95% bootstrap interval]`);
  console.log(`  ${'system'.padEnd(10)} ${METRICS.map((m) => m.padEnd(22)).join(' ')}`);
  const means: Record<string, number[]> = {};
  for (const [name, scores] of Object.entries(systems)) {
    const cells = METRICS.map((metric) => bootstrap(scores.map((s) => s[metric]), samples));
    means[name] = cells.map((c) => c.mean);
    console.log(`  ${name.padEnd(10)} ${cells.map((c) => `${pct(c.mean)} [${pct(c.low)}, ${pct(c.high)}]`.padEnd(22)).join(' ')}`);
  }
  const baselines = Object.keys(systems).filter((n) => n !== 'ours');
  const best = METRICS.map((_, m) => baselines.reduce((a, b) => (means[b]![m]! > means[a]![m]! ? b : a)));
  console.log(`  ours / best baseline: ${METRICS.map((metric, m) => `${metric} ${(means.ours![m]! / means[best[m]!]![m]!).toFixed(3)}`).join(', ')}`);
  // Paired: the same resampled articles for both systems, so the article-to-article spread cancels.
  const differences = METRICS.map((metric, m) => {
    const baseline = systems[best[m]!]!;
    const diff = bootstrap(ours.map((s, i) => s[metric] - baseline[i]![metric]), samples);
    return `${metric} ${diff.mean >= 0 ? '+' : ''}${pct(diff.mean)} [${pct(diff.low)}, ${pct(diff.high)}] vs ${best[m]}`;
  });
  console.log(`  ours − best baseline, paired: ${differences.join(', ')}`);

  if (spec.name === 'bbc') {
    const share = exactSentenceShare(records);
    console.log(`  segmentation: ${share.found}/${share.total} reference sentences (${pct(share.found / share.total)}%) come out as exactly one sentence` +
      ` (${share.unmatchable} reference lines not found verbatim in their article are left out)`);
  }
  return acceptance(spec.name, means);
}

function acceptance(name: CorpusName, means: Record<string, number[]>): boolean {
  const ours = means.ours!;
  if (name === 'cnndm') {
    const lead = means['Lead-3']!;
    const ok = METRICS.every((_, m) => ours[m]! >= lead[m]!);
    console.log(`  acceptance (every ROUGE >= Lead-3): ${ok ? 'met' : 'MISSED'}`);
    return ok;
  }
  if (name === 'bbc') {
    const ok = ours[0]! >= means.TextRank![0]!;
    console.log(`  acceptance (ROUGE-1 >= TextRank): ${ok ? 'met' : 'MISSED'}`);
    return ok;
  }
  return true;
}

/** Segmentation + scoring throughput on one core, over the CNN/DM articles already parsed. */
function speed(): void {
  const records = loadCorpus<SummaryRecord>('cnndm');
  if (!records) return;
  const articles = records.map((r) => articleFromRecord(r, {}));
  const rounds = 5;
  const started = process.cpuUsage();
  for (let round = 0; round < rounds; round++) for (const article of articles) scoreSentences(article, bodySentences(article));
  const used = process.cpuUsage(started);
  const seconds = (used.user + used.system) / 1e6;
  console.log(`\nspeed: ${Math.round((rounds * articles.length) / seconds)} articles/s (cnndm dev, segmentation + scoring, CPU time of one core; npm run bench -- summary for more)`);
}

let ok = true;
for (const spec of SETS) ok = evaluate(spec) && ok;
speed();
if (!ok) process.exitCode = 1;
