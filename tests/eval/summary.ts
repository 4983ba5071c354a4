// `npm run eval:summary`: ROUGE F1 of the summariser on every dev set, beside Lead-k and TextRank
// computed in the same run on the same sentences, with paired bootstrap 95% intervals; readability
// defects per 100 summaries over the 720 South Asian articles for ours and each baseline; and held-out
// figures: the weights are fitted on one half of the dev documents (split by a hash of the id), the
// other half is scored, then the halves swap. Exits 1 when an acceptance bar is missed.
import { bodySentences } from '../../src/nlp/analyse.ts';
import { summarySentences } from '../../src/domain/analysis.ts';
import { readableText } from '../../src/nlp/readable.ts';
import { DEFAULT_WEIGHTS, rankSentences, scoreSentences, type SummaryWeights } from '../../src/nlp/summarise.ts';
import { textRank } from '../../src/nlp/textrank.ts';
import { type Defects, quotationSpans, summaryDefects } from './defects.ts';
import { rouge, type RougeScores } from './rouge.ts';
import { exactSentenceShare } from './sentence-share.ts';
import { articleBody } from '../../src/domain/article.ts';
import { loadNewsArticles, loadPicks, loadReferenceSet, parseNews, type SetName, stripDateline, type SummaryDoc } from './summary-data.ts';

const METRICS: (keyof RougeScores)[] = ['rouge1', 'rouge2', 'rougeLsum'];
const RESAMPLES = 1000;
/** The baseline each fitted set must beat, as the acceptance states it. */
const BAR: Partial<Record<SetName, string>> = { 'southasia-news': 'Lead-2', cnndm: 'Lead-3', bbc: 'TextRank' };
const FITTED_SETS: SetName[] = ['southasia-news', 'cnndm', 'bbc'];
/**
 * How much each set counts in the fit. The bot summarises South Asian news for a 2-sentence digest;
 * BBC's references are long extracts (40% of the article) that reward centrality over the lead, and
 * counted alike they would pull a brief toward them.
 */
const SET_WEIGHT: Partial<Record<SetName, number>> = { 'southasia-news': 2 };

/** The acceptance is per set: a set below its bar weighs this much more than one above it gains. */
const SHORTFALL = 5;

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

function bootstrap(values: number[], samples: number[][]): { mean: number; low: number; high: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const means = samples.map((sample) => sample.reduce((a, i) => a + values[i]!, 0) / sample.length).sort((a, b) => a - b);
  return { mean, low: means[Math.floor(0.025 * means.length)]!, high: means[Math.ceil(0.975 * means.length) - 1]! };
}

const pct = (x: number): string => (100 * x).toFixed(2);
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The summary text of chosen sentence indices, one per line, as the set is scored. */
function summaryText(doc: SummaryDoc, indices: number[]): string {
  const texts = indices.map((i) => doc.sentences[i]!.text);
  return (doc.set === 'southasia-news' ? texts.map(stripDateline) : texts).join('\n');
}

// Many weightings pick the same sentences: ROUGE is computed once per document and choice.
const rougeMemo = new Map<string, RougeScores>();
function scoreChoice(doc: SummaryDoc, indices: number[]): RougeScores {
  const key = `${doc.set}:${doc.id}:${indices.join(',')}`;
  let scores = rougeMemo.get(key);
  if (!scores) rougeMemo.set(key, (scores = rouge(doc.reference, summaryText(doc, indices))));
  return scores;
}

function oursChoice(doc: SummaryDoc, weights: SummaryWeights): number[] {
  const order = rankSentences(doc.features, weights, doc.k);
  const chosen: number[] = [];
  order.forEach((rank, i) => {
    if (rank >= 0 && rank < doc.k) chosen.push(i);
  });
  return chosen;
}

const leadChoice = (doc: SummaryDoc): number[] => [...Array(Math.min(doc.k, doc.sentences.length)).keys()];
const textRankChoice = (doc: SummaryDoc): number[] => textRank(doc.sentences.map((s) => s.text), doc.k);

const average = (s: RougeScores): number => (s.rouge1 + s.rouge2 + s.rougeLsum) / 3;

/** Cached per document: the baselines do not depend on the weights. */
const baselineMemo = new Map<string, RougeScores>();
function baselineScore(doc: SummaryDoc, name: string): RougeScores {
  const key = `${name}:${doc.set}:${doc.id}`;
  let scores = baselineMemo.get(key);
  if (!scores) {
    scores = scoreChoice(doc, name === 'TextRank' ? textRankChoice(doc) : leadChoice(doc));
    baselineMemo.set(key, scores);
  }
  return scores;
}

/** The metrics each set's acceptance compares with its bar: BBC's names ROUGE-1 only. */
const ACCEPTED: Partial<Record<SetName, (keyof RougeScores)[]>> = { bbc: ['rouge1'] };

/**
 * What the fit maximises: per set, ours over the set's bar (mean of ROUGE-1/2/L), less SHORTFALL times
 * each accepted metric's shortfall below its bar, averaged over sets by SET_WEIGHT. The shortfall is
 * charged per metric as the acceptance reads it: a ROUGE-2 gain must not hide a ROUGE-1 loss.
 */
function objective(docs: SummaryDoc[], weights: SummaryWeights): number {
  let total = 0;
  let sets = 0;
  for (const set of FITTED_SETS) {
    const share = SET_WEIGHT[set] ?? 1;
    const these = docs.filter((d) => d.set === set);
    if (!these.length) continue;
    const ours = these.map((d) => scoreChoice(d, oursChoice(d, weights)));
    const bar = these.map((d) => baselineScore(d, BAR[set]!));
    const ratio = mean(ours.map(average)) / mean(bar.map(average));
    let shortfall = 0;
    for (const metric of ACCEPTED[set] ?? METRICS) {
      shortfall += Math.max(0, 1 - mean(ours.map((s) => s[metric])) / mean(bar.map((s) => s[metric])));
    }
    total += share * (ratio - SHORTFALL * shortfall);
    sets += share;
  }
  return sets ? total / sets : 0;
}

/**
 * The values each weight may take; the fit walks them one weight at a time (coordinate ascent). The
 * headline's words (`title`) stay at FIT_START's 0.2: for a titled brief they and the headline's position
 * prior measure the same thing, and fitted together on ~25 picks a half they traded against each other
 * (title 0.5 with titledPosition 0.5–1 on one half lost the lead's second sentence on the other: South
 * Asian held-out 78.08 against Lead-2's 80.11 with SUMMARY_SPLIT_SALT=a; 81.68 with title fixed).
 */
const GRID: Partial<Record<keyof SummaryWeights, number[]>> = {
  titledPosition: [0, 0.25, 0.5, 1, 1.5, 2, 3, 5],
  position: [0.5, 1, 1.5, 2, 3],
  positionHalfLife: [1, 1.5, 2, 3, 5, 8],
  leadPicks: [2, 3.5, 5],
  facts: [0, 0.25, 0.5, 1],
  attribution: [0, 0.1, 0.25, 0.5],
  quoted: [0, 0.25, 0.5, 1],
  redundancy: [0.4, 0.8, 1],
  longWords: [40, 55, 80],
  briefCoverage: [0.15, 0.2, 0.25, 0.3, 0.35, 100],
};

/**
 * Where every fit starts: the weights tuned on CNN/DM and BBC before the news-brief features existed.
 * Fixed here, not DEFAULT_WEIGHTS, so a fit (and the held-out figures) does not depend on the last one.
 */
const FIT_START: SummaryWeights = {
  centrality: 1, position: 1, titledPosition: 0, title: 0.2, facts: 0, attribution: 0, quoted: 0,
  positionHalfLife: 3, leadPicks: 3.5, shortWords: 5, longWords: 55, redundancy: 0.8, briefCoverage: 100,
};

const MIN_GAIN = 0.002;

/**
 * Weights that move together: a stronger lead prior only pays with the facts to choose the second
 * sentence, and both depend on how fast the prior fades and how strong it is without a headline. One weight at a time cannot find that, so the
 * fit first tries every combination of these, then walks each weight of GRID in turn. The untitled
 * position has a middle value here too: with only 1 and 3, a half fit took 3 with a fast fade
 * (leadPicks 2) and one weight at a time could not leave that pair.
 */
const JOINT: Partial<Record<keyof SummaryWeights, number[]>> = {
  titledPosition: [0, 1, 1.5, 2, 3],
  position: [1, 1.5, 3],
  facts: [0, 0.25, 0.5, 1],
  leadPicks: [2, 3.5],
  briefCoverage: [0.25, 100],
};

function fit(docs: SummaryDoc[]): SummaryWeights {
  let best = { ...FIT_START };
  let bestValue = objective(docs, best);
  const combinations = (Object.entries(JOINT) as [keyof SummaryWeights, number[]][]).reduce<Partial<SummaryWeights>[]>(
    (partial, [name, values]) => partial.flatMap((p) => values.map((value) => ({ ...p, [name]: value }))),
    [{}],
  );
  for (const combination of combinations) {
    const trial = { ...best, ...combination };
    const trialValue = objective(docs, trial);
    if (trialValue > bestValue + MIN_GAIN) {
      best = trial;
      bestValue = trialValue;
    }
  }
  for (let pass = 0; pass < 3; pass++) {
    let improved = false;
    for (const [name, values] of Object.entries(GRID) as [keyof SummaryWeights, number[]][]) {
      for (const value of values) {
        if (best[name] === value) continue;
        const trial = { ...best, [name]: value };
        const trialValue = objective(docs, trial);
        // A change must earn MIN_GAIN: on ~30 documents a smaller gain is one article's luck, and
        // following it is how a fit learns its half instead of the genre.
        if (trialValue > bestValue + MIN_GAIN) {
          best = trial;
          bestValue = trialValue;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return best;
}

function printSet(set: SetName, docs: SummaryDoc[], heldOut: Map<string, RougeScores>): boolean {
  if (!docs.length) return true;
  const k = set === 'bbc' ? 'k = reference lines' : `${docs[0]!.k} sentence${docs[0]!.k > 1 ? 's' : ''}`;
  const leadName = set === 'bbc' ? 'Lead-k' : `Lead-${docs[0]!.k}`;
  const systems: Record<string, RougeScores[]> = {
    ours: docs.map((d) => scoreChoice(d, oursChoice(d, DEFAULT_WEIGHTS))),
    [leadName]: docs.map((d) => baselineScore(d, 'Lead')),
    TextRank: docs.map((d) => baselineScore(d, 'TextRank')),
  };
  const next = random(2024);
  const samples = Array.from({ length: RESAMPLES }, () => Array.from(docs, () => Math.floor(next() * docs.length)));
  const what = set === 'southasia-news' ? 'editor\'s rank 1+2 picks, leading dateline stripped from both' : 'reference summaries';
  console.log(`\n${set} dev: ${docs.length} articles, ${k}, against the ${what}; ROUGE F1 ×100, mean [95% bootstrap interval]`);
  console.log(`  ${'system'.padEnd(10)} ${METRICS.map((m) => m.padEnd(22)).join(' ')}`);
  const means: Record<string, number[]> = {};
  for (const [name, scores] of Object.entries(systems)) {
    const cells = METRICS.map((metric) => bootstrap(scores.map((s) => s[metric]), samples));
    means[name] = cells.map((c) => c.mean);
    console.log(`  ${name.padEnd(10)} ${cells.map((c) => `${pct(c.mean)} [${pct(c.low)}, ${pct(c.high)}]`.padEnd(22)).join(' ')}`);
  }
  for (const baseline of [leadName, 'TextRank']) {
    console.log(`  ours / ${baseline}: ${METRICS.map((metric, m) => `${metric} ${(means.ours![m]! / means[baseline]![m]!).toFixed(3)}`).join(', ')}`);
  }
  const bar = set === 'bbc' ? 'TextRank' : leadName;
  const differences = METRICS.map((metric) => {
    const diff = bootstrap(systems.ours!.map((s, i) => s[metric] - systems[bar]![i]![metric]), samples);
    return `${metric} ${diff.mean >= 0 ? '+' : ''}${pct(diff.mean)} [${pct(diff.low)}, ${pct(diff.high)}]`;
  });
  console.log(`  ours − ${bar}, paired: ${differences.join(', ')}`);
  if (set === 'bbc') {
    const share = exactSentenceShare(docs.map((d) => ({ text: d.article.paragraphs.map((p) => p.text).join('\n\n'), reference: d.reference })));
    console.log(`  segmentation: ${share.found}/${share.total} reference sentences (${pct(share.found / share.total)}%) come out as exactly one sentence` +
      ` (${share.unmatchable} reference lines not found verbatim in their article are left out)`);
  }
  if (!FITTED_SETS.includes(set)) return true;

  // Held-out: each document scored by the weights fitted on the other half only.
  const held = docs.map((d) => heldOut.get(`${d.set}:${d.id}`)!);
  const heldMeans = METRICS.map((metric) => mean(held.map((s) => s[metric])));
  const barMeans = means[bar]!;
  const halves = ([0, 1] as const).map((h) => {
    const these = docs.map((d, i) => [d, i] as const).filter(([d]) => d.half === h);
    const cell = (scores: RougeScores[]): string => METRICS.map((metric) => pct(mean(these.map(([, i]) => scores[i]![metric])))).join('/');
    return `half ${h} (${these.length}): ours ${cell(held)} vs ${bar} ${cell(systems[bar]!)}`;
  });
  console.log(`  held-out (fit on the other half): ${METRICS.map((metric, m) => `${metric} ${pct(heldMeans[m]!)}`).join(', ')}` +
    `; in-sample (DEFAULT_WEIGHTS, fit on all): ${METRICS.map((metric, m) => `${metric} ${pct(means.ours![m]!)}`).join(', ')}`);
  console.log(`  held-out / ${bar}: ${METRICS.map((metric, m) => `${metric} ${(heldMeans[m]! / barMeans[m]!).toFixed(3)}`).join(', ')}; ${halves.join('; ')}`);
  const compared = set === 'bbc' ? [0] : [0, 1, 2];
  const inSampleOk = compared.every((m) => means.ours![m]! >= barMeans[m]!);
  const heldOk = compared.every((m) => heldMeans[m]! >= barMeans[m]!);
  const which = set === 'bbc' ? 'ROUGE-1' : 'every ROUGE';
  console.log(`  acceptance (${which} >= ${bar}): in-sample ${inSampleOk ? 'met' : 'MISSED'}, held-out ${heldOk ? 'met' : 'MISSED'}`);
  return set === 'bbc' ? inSampleOk : heldOk && inSampleOk;
}

/** Defects per 100 summaries of 2 sentences over every South Asian article, ours beside the baselines. */
function printDefects(records: NonNullable<ReturnType<typeof loadNewsArticles>>): boolean {
  const k = 2;
  const totals: Record<string, Defects> = {};
  const add = (name: string, d: Defects): void => {
    const t = (totals[name] ??= { quotationFragments: 0, danglingOpeners: 0, boilerplate: 0 });
    t.quotationFragments += d.quotationFragments;
    t.danglingOpeners += d.danglingOpeners;
    t.boilerplate += d.boilerplate;
  };
  for (const record of records) {
    const article = parseNews(record);
    const sentences = bodySentences(article);
    const spans = quotationSpans(articleBody(article));
    const ours = summarySentences(scoreSentences(article, sentences), k).map((s) => ({ ...s, text: readableText(s) }));
    const texts = sentences.map((s) => s.text);
    add('ours', summaryDefects(ours, sentences, spans));
    add('Lead-2', summaryDefects(sentences.slice(0, k), sentences, spans));
    add('TextRank', summaryDefects(textRank(texts, k).map((i) => sentences[i]!), sentences, spans));
  }
  const per100 = (count: number): string => ((100 * count) / records.length).toFixed(1);
  console.log(`\nreadability defects per 100 summaries, ${records.length} South Asian articles (Dawn, APP), 2 sentences each:`);
  console.log(`  ${'system'.padEnd(10)} ${'quotation fragments'.padEnd(20)} ${'dangling openers'.padEnd(17)} ${'boilerplate'.padEnd(12)} any`);
  for (const [name, t] of Object.entries(totals)) {
    const any = t.quotationFragments + t.danglingOpeners + t.boilerplate;
    console.log(`  ${name.padEnd(10)} ${per100(t.quotationFragments).padEnd(20)} ${per100(t.danglingOpeners).padEnd(17)} ${per100(t.boilerplate).padEnd(12)} ${per100(any)}`);
  }
  const ours = totals.ours!;
  const ok = ours.quotationFragments === 0 && ours.boilerplate === 0 && (100 * ours.danglingOpeners) / records.length <= 1;
  console.log(`  acceptance (ours: no quotation fragment, no boilerplate, <= 1 dangling opener per 100): ${ok ? 'met' : 'MISSED'}`);
  return ok;
}

/** Segmentation + scoring throughput on one core over the CNN/DM articles already parsed. */
function speed(docs: SummaryDoc[]): void {
  if (!docs.length) return;
  const rounds = 5;
  const started = process.cpuUsage();
  for (let round = 0; round < rounds; round++) for (const d of docs) scoreSentences(d.article, bodySentences(d.article));
  const used = process.cpuUsage(started);
  const seconds = (used.user + used.system) / 1e6;
  console.log(`\nspeed: ${Math.round((rounds * docs.length) / seconds)} articles/s (cnndm dev, segmentation + scoring, CPU time of one core; npm run bench -- summary for more)`);
}

function main(): void {
  const news = loadNewsArticles();
  const sets: Record<SetName, SummaryDoc[]> = {
    'southasia-news': loadPicks(news),
    cnndm: loadReferenceSet('cnndm'),
    bbc: loadReferenceSet('bbc'),
    xsum: loadReferenceSet('xsum'),
  };
  const fitted = FITTED_SETS.flatMap((s) => sets[s]);
  const heldOut = new Map<string, RougeScores>();
  const halfWeights: SummaryWeights[] = [];
  for (const half of [0, 1] as const) {
    const weights = fit(fitted.filter((d) => d.half !== half));
    halfWeights.push(weights);
    for (const d of fitted.filter((x) => x.half === half)) heldOut.set(`${d.set}:${d.id}`, scoreChoice(d, oursChoice(d, weights)));
  }
  const all = fit(fitted);
  if (process.env.SUMMARY_SPLIT_SALT) console.log(`halves drawn with SUMMARY_SPLIT_SALT=${process.env.SUMMARY_SPLIT_SALT}`);
  console.log('weights fitted on half 1 (scores half 0):', JSON.stringify(halfWeights[0]));
  console.log('weights fitted on half 0 (scores half 1):', JSON.stringify(halfWeights[1]));
  console.log('weights fitted on all dev documents:     ', JSON.stringify(all));
  const stale = (Object.keys(all) as (keyof SummaryWeights)[]).filter((name) => all[name] !== DEFAULT_WEIGHTS[name]);
  if (stale.length) console.log(`  note: DEFAULT_WEIGHTS differ from this fit in ${stale.join(', ')}; the in-sample rows below use DEFAULT_WEIGHTS`);

  let ok = true;
  for (const set of ['southasia-news', 'cnndm', 'bbc', 'xsum'] as SetName[]) ok = printSet(set, sets[set], heldOut) && ok;
  if (news) ok = printDefects(news) && ok;
  speed(sets.cnndm);
  if (!ok) process.exitCode = 1;
}

main();
