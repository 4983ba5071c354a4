// Topic tagging against the hand-made gold of ../shared/corpora/southasia-news/topics.jsonl (160 Dawn
// and APP articles, 15 topic ids; an article is tagged only when it is substantially about a topic).
// Prints per-topic P/R/F1, micro and macro F1 (macro over topics with support) and the exact-match
// rate for:
//   - in-sample: the model fitted on all 160 articles (what data/topic-weights.json holds after --fit);
//   - held-out: fitted on one half of the articles (split by a hash of the id), scored on the other,
//     and swapped, so every article is scored by a model that never saw it;
//   - shipped: data/topic-weights.json as committed;
//   - baseline: any alias or anchor of the topic anywhere in title or text, computed in the same run.
// --fit writes the in-sample model to data/topic-weights.json. --errors lists wrong decisions by id.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { articleFromRecord } from '../../src/articles/parse.ts';
import { bodySentences } from '../../src/nlp/analyse.ts';
import { phraseKey, type Topic } from '../../src/nlp/taxonomy.ts';
import { linearScore, thresholdOf, type TopicModel, topicEvidence } from '../../src/nlp/topics.ts';
import { stem, words } from '../../src/nlp/tokens.ts';
import { REPO_ROOT, SHARED_DIR } from '../support/corpora.ts';
import { fitTopicModel, type Labelled } from './topic-fit.ts';
import { shippedTaxonomy } from '../support/taxonomy.ts';

export const GOLD_TOPICS = ['ttp', 'afghan-taliban', 'iskp', 'bla-balochistan', 'kp-militancy', 'kashmir-loc', 'india-pakistan',
  'pak-afghan-border', 'china-cpec-security', 'iran-border', 'counterterrorism-ops', 'diplomacy-talks', 'nuclear-missile',
  'sectarian', 'cross-border-attacks'];

const NEWS_DIR = path.join(SHARED_DIR, 'corpora', 'southasia-news');

type Predictions = Map<string, Set<string>>;

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const f1 = (c: Counts): number => (c.tp ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : 0);
const precisionOf = (c: Counts): number => (c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0);
const recallOf = (c: Counts): number => (c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0);

interface Scores {
  perTopic: Map<string, Counts>;
  micro: Counts;
  macroF1: number;
  exact: number;
}

function score(items: Labelled[], predicted: Predictions): Scores {
  const perTopic = new Map(GOLD_TOPICS.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  let exact = 0;
  for (const item of items) {
    const mine = new Set([...(predicted.get(item.id) ?? [])].filter((t) => perTopic.has(t)));
    if (mine.size === item.gold.size && [...mine].every((t) => item.gold.has(t))) exact++;
    for (const t of GOLD_TOPICS) {
      const c = perTopic.get(t)!;
      if (mine.has(t) && item.gold.has(t)) c.tp++;
      else if (mine.has(t)) c.fp++;
      else if (item.gold.has(t)) c.fn++;
    }
  }
  const micro = [...perTopic.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  const supported = [...perTopic.values()].filter((c) => c.tp + c.fn > 0);
  return { perTopic, micro, macroF1: supported.reduce((s, c) => s + f1(c), 0) / supported.length, exact: exact / items.length };
}

function predict(items: Labelled[], model: TopicModel): Predictions {
  return new Map(items.map((item) => [item.id, new Set(item.found.filter((f) => linearScore(f.features, model, f.topicId) >= thresholdOf(f.topicId, model)).map((f) => f.topicId))]));
}

/** The half an id falls in: the first bit of its sha1, so the split is fixed and independent of order. */
const halfOf = (id: string): number => createHash('sha1').update(id).digest()[0]! & 1;

function heldOut(items: Labelled[], half: (id: string) => number = halfOf): Predictions {
  const out: Predictions = new Map();
  for (const side of [0, 1]) {
    const model = fitTopicModel(items.filter((i) => half(i.id) !== side), GOLD_TOPICS);
    for (const [id, tags] of predict(items.filter((i) => half(i.id) === side), model)) out.set(id, tags);
  }
  return out;
}

/**
 * One split of 160 articles is a noisy judge of a change: a few articles decide a point. The same
 * held-out scoring over other fixed splits (sha1 of a split number and the id) says how far it moves.
 */
const OTHER_SPLITS = 10;
function otherSplits(items: Labelled[]): { micro: number[]; macro: number[] } {
  const micro: number[] = [];
  const macro: number[] = [];
  for (let k = 1; k <= OTHER_SPLITS; k++) {
    const s = score(items, heldOut(items, (id) => createHash('sha1').update(`${k}:${id}`).digest()[0]! & 1));
    micro.push(f1(s.micro));
    macro.push(s.macroF1);
  }
  return { micro, macro };
}

/** The baseline: a topic whenever any of its aliases or anchors occurs anywhere in title or text. */
function baseline(texts: Map<string, string>, taxonomy: Topic[]): Predictions {
  const keys = taxonomy.map((t) => ({ id: t.id, keys: [...t.aliases, ...(t.anchors ?? [])].map((a) => ` ${phraseKey(a)} `) }));
  return new Map([...texts].map(([id, text]) => {
    const stems = ` ${words(text).map(stem).join(' ')} `;
    return [id, new Set(keys.filter((t) => t.keys.some((k) => stems.includes(k))).map((t) => t.id))];
  }));
}

const fx = (x: number): string => x.toFixed(3);
const cell = (c: Counts): string => `${fx(precisionOf(c))} ${fx(recallOf(c))} ${fx(f1(c))}`;

export function newsGoldEval(): void {
  const articlesFile = path.join(NEWS_DIR, 'articles.jsonl');
  const goldFile = path.join(NEWS_DIR, 'topics.jsonl');
  if (!existsSync(articlesFile) || !existsSync(goldFile)) {
    console.warn(`skipped: ${goldFile} is absent (evaluation data lives in ../shared beside the clone)`);
    return;
  }
  const read = <T>(file: string): T[] => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
  const gold = read<{ id: string; topics: string[] }>(goldFile);
  const records = new Map(read<Record<string, unknown>>(articlesFile).map((r) => [String(r.id), r]));
  const taxonomy = shippedTaxonomy().topics;
  const texts = new Map<string, string>();
  const started = performance.now();
  const items: Labelled[] = gold.map((g) => {
    const article = articleFromRecord(records.get(g.id), {});
    const sentences = bodySentences(article);
    texts.set(g.id, `${article.title} ${sentences.map((s) => s.text).join(' ')}`);
    return { id: g.id, gold: new Set(g.topics), found: topicEvidence(article, sentences, taxonomy) };
  });
  const readMs = performance.now() - started;

  const fitted = fitTopicModel(items, GOLD_TOPICS);
  let shippedModel: TopicModel;
  try {
    shippedModel = shippedTaxonomy().model;
  } catch (error) {
    // A weights file from before a feature was added: report it and score the fresh fit in its place.
    console.warn(`data/topic-weights.json cannot be used (${(error as Error).message}); run with --fit`);
    shippedModel = fitted;
  }
  const runs: [string, Scores][] = [
    ['in-sample', score(items, predict(items, fitted))],
    ['held-out', score(items, heldOut(items))],
    ['shipped', score(items, predict(items, shippedModel))],
    ['baseline', score(items, baseline(texts, taxonomy))],
  ];
  const [inSample, held, shipped, base] = runs.map(([, s]) => s) as [Scores, Scores, Scores, Scores];
  console.log(`southasia-news topic gold: ${items.length} articles, ${gold.reduce((n, g) => n + g.topics.length, 0)} labels; evidence read in ${readMs.toFixed(0)} ms`);
  console.log(`split for held-out: sha1(id) first bit; halves of ${items.filter((i) => halfOf(i.id) === 0).length} and ${items.filter((i) => halfOf(i.id) === 1).length}`);
  console.log(`\n${'topic'.padEnd(22)} support | ${runs.map(([name]) => `${name}: P R F1`.padEnd(20)).join(' | ')}`);
  for (const t of GOLD_TOPICS) {
    const support = inSample.perTopic.get(t)!.tp + inSample.perTopic.get(t)!.fn;
    console.log(`${t.padEnd(22)} ${String(support).padStart(7)} | ${runs.map(([, s]) => cell(s.perTopic.get(t)!).padEnd(20)).join(' | ')}`);
  }
  for (const [name, s] of runs) {
    console.log(`${name.padEnd(10)} micro P ${fx(precisionOf(s.micro))} R ${fx(recallOf(s.micro))} F1 ${fx(f1(s.micro))}; macro F1 ${fx(s.macroF1)} (topics with support); exact match ${fx(s.exact)}`);
  }
  const ratio = (a: number, b: number): string => (b ? (a / b).toFixed(2) : 'n/a');
  console.log(`ours/baseline micro F1: in-sample ${ratio(f1(inSample.micro), f1(base.micro))}, held-out ${ratio(f1(held.micro), f1(base.micro))}, shipped ${ratio(f1(shipped.micro), f1(base.micro))}; `
    + `macro F1: held-out ${ratio(held.macroF1, base.macroF1)}`);
  console.log(`held-out minus in-sample: micro F1 ${((f1(held.micro) - f1(inSample.micro)) * 100).toFixed(1)} points, macro F1 ${((held.macroF1 - inSample.macroF1) * 100).toFixed(1)} points`);
  const spread = otherSplits(items);
  const range = (xs: number[]): string => `mean ${fx(xs.reduce((a, b) => a + b, 0) / xs.length)} (${fx(Math.min(...xs))}–${fx(Math.max(...xs))})`;
  console.log(`held-out over ${OTHER_SPLITS} other splits: micro F1 ${range(spread.micro)}; macro F1 ${range(spread.macro)}`);
  const weak = GOLD_TOPICS.filter((t) => { const c = held.perTopic.get(t)!; return c.tp + c.fn >= 5 && f1(c) < 0.6; });
  console.log(`topics with support >= 5 below F1 0.60 (held-out): ${weak.length ? weak.join(', ') : 'none'}`);

  if (process.argv.includes('--errors')) {
    const predicted = heldOut(items);
    for (const item of items) {
      const mine = predicted.get(item.id)!;
      const fp = [...mine].filter((t) => GOLD_TOPICS.includes(t) && !item.gold.has(t));
      const fn = [...item.gold].filter((t) => !mine.has(t));
      if (fp.length || fn.length) console.error(`${item.id} +${fp.join(',')} -${fn.join(',')}`);
    }
  }
  if (process.argv.includes('--fit')) {
    const file = path.join(REPO_ROOT, 'data/topic-weights.json');
    writeFileSync(file, `${JSON.stringify(fitted, null, 2)}\n`);
    console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
  }
}
