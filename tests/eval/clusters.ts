// `npm run eval:clusters [-- --fit] [-- --errors]`: story clustering on the southasia-news dev gold
// (../shared/corpora/southasia-news/clusters.jsonl: seven two-day windows, every article placed by
// hand in one occurrence). Articles are read exactly as `brief clusters --in` reads them.
// Printed per window and overall: pairwise and B-cubed precision/recall/F1 of
//   - ours (DEFAULT_STORY_MODEL, the shipped weights),
//   - all singletons (the floor B-cubed must beat),
//   - title+lead similarity (tf-idf cosine >= 0.45 within a day, joined transitively),
// with ours/baseline ratios; then held-out figures: the model fitted (weights by logistic regression
// on the pairs, threshold by pairwise F1 after clustering) on half the windows and scored on the
// other half, and the swap. --fit prints the model fitted on all seven windows (what ships).
// --errors lists the wrong pairs of the shipped model by window, ids only.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { storyLead } from '../../src/domain/article.ts';
import { articleFromRecord } from '../../src/articles/parse.ts';
import { bodySentences } from '../../src/nlp/analyse.ts';
import { clusterStories, DEFAULT_STORY_MODEL, FEATURE_NAMES, pairFeatures, type PairFeatures, relatedGroups, ruledOut, StoryIndex, type StoryItem, storyItemOf, type StoryModel } from '../../src/nlp/cluster.ts';
import { contentStems } from '../../src/nlp/tokens.ts';
import { cosine, IdfTable, norm, termCounts, tfidf } from '../../src/nlp/vectors.ts';
import { SHARED_DIR } from '../support/corpora.ts';

const CORPUS = path.join(SHARED_DIR, 'corpora', 'southasia-news');

interface GoldCluster {
  window: string;
  cluster: string;
  ids: string[];
}

export interface Window {
  name: string;
  items: StoryItem[];
  /** Article id -> gold cluster. */
  gold: Map<string, string>;
}

/** The dev windows with their articles read as `brief clusters` reads them, or null when absent. */
export function loadWindows(): Window[] | null {
  const articlesFile = path.join(CORPUS, 'articles.jsonl');
  const goldFile = path.join(CORPUS, 'clusters.jsonl');
  if (!existsSync(articlesFile) || !existsSync(goldFile)) return null;
  const records = new Map<string, Record<string, unknown>>();
  for (const line of readFileSync(articlesFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as Record<string, unknown>;
    records.set(String(record.id), record);
  }
  const windows = new Map<string, Window>();
  for (const line of readFileSync(goldFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const cluster = JSON.parse(line) as GoldCluster;
    let window = windows.get(cluster.window);
    if (!window) windows.set(cluster.window, (window = { name: cluster.window, items: [], gold: new Map() }));
    for (const id of cluster.ids) {
      const article = articleFromRecord(records.get(id)!, {});
      const sentences = bodySentences(article);
      window.items.push(storyItemOf(id, article, sentences, storyLead(sentences)));
      window.gold.set(id, cluster.cluster);
    }
  }
  // Publication order, ids breaking ties, as a feed would bring them.
  for (const w of windows.values()) w.items.sort((a, b) => String(a.published).localeCompare(String(b.published)) || String(a.id).localeCompare(String(b.id)));
  return [...windows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

interface Counts {
  /** Pairwise: same-cluster pairs predicted, in the gold, and in both. */
  predicted: number;
  gold: number;
  both: number;
  /** B-cubed sums over articles, and the number of articles. */
  precisionSum: number;
  recallSum: number;
  articles: number;
}

const zero = (): Counts => ({ predicted: 0, gold: 0, both: 0, precisionSum: 0, recallSum: 0, articles: 0 });

function add(a: Counts, b: Counts): Counts {
  return {
    predicted: a.predicted + b.predicted, gold: a.gold + b.gold, both: a.both + b.both,
    precisionSum: a.precisionSum + b.precisionSum, recallSum: a.recallSum + b.recallSum, articles: a.articles + b.articles,
  };
}

export function score(window: Window, predicted: Map<string, string>): Counts {
  const ids = window.items.map((i) => String(i.id));
  const counts = zero();
  for (let i = 0; i < ids.length; i++) {
    let samePredicted = 1;
    let sameGold = 1;
    let sameBoth = 1;
    for (let j = 0; j < ids.length; j++) {
      if (i === j) continue;
      const p = predicted.get(ids[i]!) === predicted.get(ids[j]!);
      const g = window.gold.get(ids[i]!) === window.gold.get(ids[j]!);
      if (p) samePredicted++;
      if (g) sameGold++;
      if (p && g) sameBoth++;
      if (j > i) {
        if (p) counts.predicted++;
        if (g) counts.gold++;
        if (p && g) counts.both++;
      }
    }
    counts.precisionSum += sameBoth / samePredicted;
    counts.recallSum += sameBoth / sameGold;
    counts.articles++;
  }
  return counts;
}

export interface Figures {
  pairP: number; pairR: number; pairF: number;
  b3P: number; b3R: number; b3F: number;
}

const f1 = (p: number, r: number): number => (p + r ? (2 * p * r) / (p + r) : 0);

export function figures(c: Counts): Figures {
  const pairP = c.predicted ? c.both / c.predicted : 1;
  const pairR = c.gold ? c.both / c.gold : 1;
  const b3P = c.precisionSum / c.articles;
  const b3R = c.recallSum / c.articles;
  return { pairP, pairR, pairF: f1(pairP, pairR), b3P, b3R, b3F: f1(b3P, b3R) };
}

type Clusterer = (window: Window) => Map<string, string>;

function labels(clusters: { label: string; items: StoryItem[] }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of clusters) for (const item of c.items) out.set(String(item.id), c.label);
  return out;
}

export const ours = (model: StoryModel): Clusterer => (window) => labels(clusterStories(window.items, model));
const singletons: Clusterer = (window) => new Map(window.items.map((i) => [String(i.id), String(i.id)]));

/** The baseline: title + lead tf-idf cosine >= 0.45 between articles at most a day apart, joined transitively. */
const similarity: Clusterer = (window) => {
  const stems = window.items.map((i) => contentStems(`${i.title}\n${i.lead}`));
  const idf = IdfTable.of(stems);
  const vectors = stems.map((s) => tfidf(termCounts(s), idf));
  const norms = vectors.map((v) => norm(v));
  const days = window.items.map((i) => Date.parse(String(i.published).slice(0, 10)) / 86_400_000);
  const parent = window.items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < vectors.length; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(days[i]! - days[j]!) > 1) continue;
      if (cosine(vectors[i]!, vectors[j]!, norms[i], norms[j]) >= 0.45) parent[find(i)] = find(j);
    }
  }
  return new Map(window.items.map((item, i) => [String(item.id), String(window.items[find(i)]!.id)]));
};

function run(windows: Window[], clusterer: Clusterer): { per: Counts[]; total: Counts } {
  const per = windows.map((w) => score(w, clusterer(w)));
  return { per, total: per.reduce(add, zero()) };
}

// ---------------------------------------------------------------------------------------------
// Fitting: logistic regression on the pairs of the training windows, then the threshold.

interface Example {
  features: PairFeatures;
  same: boolean;
}

function examples(windows: Window[], model: StoryModel): Example[] {
  const out: Example[] = [];
  for (const w of windows) {
    const index = new StoryIndex(model);
    const prepared = w.items.map((item) => index.prepare(item));
    for (let i = 0; i < prepared.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = prepared[i]!;
        const b = prepared[j]!;
        if (a.day !== null && b.day !== null && Math.abs(a.day - b.day) > model.maxDayGap) continue;
        const features = pairFeatures(a, b, index.df);
        // Pairs the gold's hard rules keep apart teach the weights nothing.
        if (ruledOut(a, b, features)) continue;
        out.push({ features, same: w.gold.get(a.key) === w.gold.get(b.key) });
      }
    }
  }
  return out;
}

/** Ridge on the weights (not the bias): with 52 positive pairs, a feature seen once must not get a huge weight. */
const L2 = Number(process.env.L2 ?? 5);
const NEWTON_STEPS = 25;

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c || m[c]![c] === 0) continue;
      const factor = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k] = m[r]![k]! - factor * m[c]![k]!;
    }
  }
  return m.map((r, i) => (r[i] ? r[n]! / r[i]! : 0));
}

/** L2-regularised logistic regression by Newton's method; returns [bias, ...weights]. */
function logistic(x: number[][], y: number[]): number[] {
  const n = x[0]!.length + 1;
  const rows = x.map((r) => [1, ...r]);
  let w = new Array<number>(n).fill(0);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const grad = new Array<number>(n).fill(0);
    const hess = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    rows.forEach((r, k) => {
      const z = r.reduce((sum, v, f) => sum + v * w[f]!, 0);
      const p = 1 / (1 + Math.exp(-z));
      for (let f = 0; f < n; f++) {
        grad[f]! += (p - y[k]!) * r[f]!;
        for (let g = 0; g < n; g++) hess[f]![g]! += p * (1 - p) * r[f]! * r[g]!;
      }
    });
    for (let f = 1; f < n; f++) {
      grad[f]! += L2 * w[f]!;
      hess[f]![f]! += L2;
    }
    hess[0]![0]! += 1e-6;
    const delta = solve(hess, grad);
    w = w.map((v, f) => v - delta[f]!);
  }
  return w;
}

export function fit(windows: Window[], start: StoryModel = DEFAULT_STORY_MODEL): StoryModel {
  const data = examples(windows, start);
  const x = data.map((e) => FEATURE_NAMES.map((name) => e.features[name]));
  const y = data.map((e) => (e.same ? 1 : 0));
  const [bias, ...w] = logistic(x, y);
  const weights = Object.fromEntries(FEATURE_NAMES.map((name, f) => [name, Number(w[f]!.toFixed(2))])) as StoryModel['weights'];
  const fitted: StoryModel = { ...start, bias: Number(bias!.toFixed(2)), weights, threshold: 0 };
  // The threshold that clusters best: pairwise F1 after joining, not per pair.
  let best = { threshold: 0, f: -1 };
  for (let threshold = -5; threshold <= 5.001; threshold += 0.25) {
    const f = figures(run(windows, ours({ ...fitted, threshold })).total).pairF;
    if (f > best.f + 1e-9) best = { threshold, f };
  }
  const joined = { ...fitted, threshold: best.threshold };
  // The related threshold: the highest at which the digest's entries make the fewest errors, counting
  // an occurrence shown in two entries and an entry holding two occurrences alike.
  let related = { value: best.threshold, errors: Infinity };
  for (let value = best.threshold; value >= best.threshold - 8; value -= 0.25) {
    const errors = windows.reduce((n, w) => {
      const d = digestEntries(w, { ...joined, relatedThreshold: value });
      return n + d.split + d.mixed;
    }, 0);
    if (errors < related.errors) related = { value, errors };
  }
  return { ...joined, relatedThreshold: related.value };
}

/**
 * The digest's entries (stories with their related stories) over a window: occurrences whose articles
 * land in more than one entry (shown twice), and entries that hold more than one occurrence.
 */
export function digestEntries(window: Window, model: StoryModel): { entries: number; split: number; mixed: number } {
  const clusters = clusterStories(window.items, model);
  const heads = relatedGroups(clusters, model);
  const entryOf = new Map<string, number>();
  clusters.forEach((cluster, c) => {
    for (const item of cluster.items) entryOf.set(String(item.id), heads[c]!);
  });
  const entriesOfOccurrence = new Map<string, Set<number>>();
  const occurrencesOfEntry = new Map<number, Set<string>>();
  for (const [id, entry] of entryOf) {
    const occurrence = window.gold.get(id)!;
    if (!entriesOfOccurrence.has(occurrence)) entriesOfOccurrence.set(occurrence, new Set());
    entriesOfOccurrence.get(occurrence)!.add(entry);
    if (!occurrencesOfEntry.has(entry)) occurrencesOfEntry.set(entry, new Set());
    occurrencesOfEntry.get(entry)!.add(occurrence);
  }
  return {
    entries: occurrencesOfEntry.size,
    split: [...entriesOfOccurrence.values()].reduce((n, s) => n + s.size - 1, 0),
    mixed: [...occurrencesOfEntry.values()].reduce((n, s) => n + s.size - 1, 0),
  };
}

// ---------------------------------------------------------------------------------------------

const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);
const ratio = (a: number, b: number): string => (b ? (a / b).toFixed(2) : 'n/a');

function row(name: string, f: Figures): string {
  return `${name.padEnd(24)} pair P ${pct(f.pairP)} R ${pct(f.pairR)} F1 ${pct(f.pairF)} | B3 P ${pct(f.b3P)} R ${pct(f.b3R)} F1 ${pct(f.b3F)}`;
}

function table(title: string, windows: Window[], model: StoryModel): Figures {
  console.log(`\n${title}`);
  const mine = run(windows, ours(model));
  const floor = run(windows, singletons);
  const base = run(windows, similarity);
  windows.forEach((w, i) => {
    console.log(`  ${w.name} (${w.items.length} articles, ${score(w, w.gold).gold} gold pairs)`);
    console.log(`    ${row('ours', figures(mine.per[i]!))}`);
    console.log(`    ${row('singletons', figures(floor.per[i]!))}`);
    console.log(`    ${row('title+lead similarity', figures(base.per[i]!))}`);
  });
  const m = figures(mine.total);
  const s = figures(floor.total);
  const b = figures(base.total);
  console.log(`  overall (${windows.reduce((n, w) => n + w.items.length, 0)} articles)`);
  console.log(`    ${row('ours', m)}`);
  console.log(`    ${row('singletons', s)}`);
  console.log(`    ${row('title+lead similarity', b)}`);
  console.log(`    ratios ours/similarity: pair F1 ${ratio(m.pairF, b.pairF)}, B3 F1 ${ratio(m.b3F, b.b3F)}; B3 F1 over singletons ${(m.b3F - s.b3F >= 0 ? '+' : '')}${(100 * (m.b3F - s.b3F)).toFixed(2)} points`);
  const digest = windows.map((w) => digestEntries(w, model));
  console.log(`  digest entries (stories with related ones under them, related threshold ${model.relatedThreshold}): `
    + `${digest.reduce((n, d) => n + d.entries, 0)} entries for ${windows.reduce((n, w) => n + new Set(w.gold.values()).size, 0)} occurrences; `
    + `extra entries for one occurrence ${digest.reduce((n, d) => n + d.split, 0)}, extra occurrences folded into an entry ${digest.reduce((n, d) => n + d.mixed, 0)}`);
  return m;
}

function heldOut(windows: Window[]): void {
  // Alternate windows, so each half spans June–July and September–October.
  const halves = [windows.filter((_, i) => i % 2 === 0), windows.filter((_, i) => i % 2 === 1)];
  console.log('\nheld-out: fitted on one half of the windows, scored on the other');
  let total = zero();
  let floorTotal = zero();
  let baseTotal = zero();
  for (const [train, test] of [[halves[0]!, halves[1]!], [halves[1]!, halves[0]!]] as const) {
    const model = fit(train);
    const inSample = figures(run(train, ours(model)).total);
    const result = run(test, ours(model));
    const floor = run(test, singletons);
    const base = run(test, similarity);
    total = add(total, result.total);
    floorTotal = add(floorTotal, floor.total);
    baseTotal = add(baseTotal, base.total);
    console.log(`  fit on ${train.map((w) => w.name).join(', ')} (threshold ${model.threshold}); in-sample pair F1 ${pct(inSample.pairF)}, B3 F1 ${pct(inSample.b3F)}`);
    const digest = test.map((w) => digestEntries(w, model));
    console.log(`    held-out digest entries (related threshold ${model.relatedThreshold}): extra entries for one occurrence ${digest.reduce((n, d) => n + d.split, 0)}, extra occurrences folded into an entry ${digest.reduce((n, d) => n + d.mixed, 0)}`);
    console.log(`    scored on ${test.map((w) => w.name).join(', ')}`);
    console.log(`    ${row('ours (held-out)', figures(result.total))}`);
    console.log(`    ${row('singletons', figures(floor.total))}`);
    console.log(`    ${row('title+lead similarity', figures(base.total))}`);
  }
  const m = figures(total);
  const s = figures(floorTotal);
  const b = figures(baseTotal);
  console.log('  both held-out halves together');
  console.log(`    ${row('ours (held-out)', m)}`);
  console.log(`    ${row('singletons', s)}`);
  console.log(`    ${row('title+lead similarity', b)}`);
  console.log(`    ratios ours/similarity: pair F1 ${ratio(m.pairF, b.pairF)}, B3 F1 ${ratio(m.b3F, b.b3F)}; B3 F1 over singletons ${(m.b3F - s.b3F >= 0 ? '+' : '')}${(100 * (m.b3F - s.b3F)).toFixed(2)} points`);
}

function errors(windows: Window[], model: StoryModel): void {
  for (const w of windows) {
    const predicted = ours(model)(w);
    const ids = w.items.map((i) => String(i.id));
    const title = new Map(w.items.map((i) => [String(i.id), i.title]));
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const p = predicted.get(ids[i]!) === predicted.get(ids[j]!);
        const g = w.gold.get(ids[i]!) === w.gold.get(ids[j]!);
        if (p !== g) console.error(`${w.name} ${p ? 'FALSE JOIN' : 'MISSED   '} ${ids[i]} ${ids[j]}  | ${title.get(ids[i]!)?.slice(0, 60)} | ${title.get(ids[j]!)?.slice(0, 60)}`);
      }
    }
  }
}

function main(): void {
  const windows = loadWindows();
  if (!windows) {
    console.warn(`skipped: ${CORPUS}/clusters.jsonl or articles.jsonl is absent (evaluation data lives in ../shared beside the clone)`);
    return;
  }
  if (process.argv.includes('--fit')) {
    const model = fit(windows);
    console.log(JSON.stringify(model, null, 2));
    table('fitted on all windows, in-sample', windows, model);
    return;
  }
  table('shipped model (fitted on all seven windows): in-sample', windows, DEFAULT_STORY_MODEL);
  heldOut(windows);
  if (process.argv.includes('--errors')) errors(windows, DEFAULT_STORY_MODEL);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
