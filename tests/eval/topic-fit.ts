// Fitting the topic model (src/nlp/topics.ts) on hand-tagged articles: shared feature weights by
// logistic regression over every (article, topic) pair with any evidence, then one threshold per
// topic that maximises that topic's F1, pulled toward the pooled threshold in proportion to how few
// examples the topic has (a topic seen twice should not get a threshold of its own).
import { FEATURES, linearScore, type TopicEvidence, type TopicModel } from '../../src/nlp/topics.ts';

export interface Labelled {
  id: string;
  gold: Set<string>;
  found: TopicEvidence[];
}

const ITERATIONS = 3000;
const LEARNING_RATE = 0.5;
const L2 = 0.003;
/** How many positives a topic's own threshold counts as, against the pooled one. */
const SHRINK = 3;

function examples(items: Labelled[], scored: Set<string>): { x: number[]; y: number; topicId: string }[] {
  return items.flatMap((item) => item.found
    .filter((f) => scored.has(f.topicId))
    .map((f) => ({ x: FEATURES.map((name) => f.features[name]), y: item.gold.has(f.topicId) ? 1 : 0, topicId: f.topicId })));
}

function bestThreshold(scored: { s: number; y: number }[], missed: number): number {
  const sorted = [...scored].sort((a, b) => b.s - a.s);
  const positives = sorted.reduce((n, e) => n + e.y, 0) + missed;
  let tp = 0;
  let best = { f1: -1, from: Infinity, to: Infinity };
  for (let i = 0; i < sorted.length; i++) {
    tp += sorted[i]!.y;
    const next = sorted[i + 1]?.s ?? -Infinity;
    if (next === sorted[i]!.s) continue;
    const f1 = positives ? (2 * tp) / (i + 1 + positives) : 0;
    if (f1 > best.f1 + 1e-9) best = { f1, from: sorted[i]!.s, to: next };
  }
  if (!Number.isFinite(best.from)) return Infinity;
  // The middle of the gap between the last tagged and the first untagged score, not its edge.
  return Number.isFinite(best.to) ? (best.from + best.to) / 2 : best.from - 0.5;
}

export function fitTopicModel(items: Labelled[], scoredIds: string[]): TopicModel {
  const scored = new Set(scoredIds);
  const data = examples(items, scored);
  const w = FEATURES.map(() => 0);
  let b = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    const gw = w.map(() => 0);
    let gb = 0;
    for (const { x, y } of data) {
      const p = 1 / (1 + Math.exp(-(b + x.reduce((s, v, k) => s + v * w[k]!, 0))));
      const err = p - y;
      for (let k = 0; k < w.length; k++) gw[k]! += err * x[k]!;
      gb += err;
    }
    for (let k = 0; k < w.length; k++) w[k]! -= LEARNING_RATE * (gw[k]! / data.length + L2 * w[k]!);
    b -= LEARNING_RATE * (gb / data.length);
  }
  const model: TopicModel = {
    weights: Object.fromEntries(FEATURES.map((name, k) => [name, round(w[k]!)])) as TopicModel['weights'],
    bias: round(b),
    defaultThreshold: 0,
    thresholds: {},
  };
  const scores = data.map((e) => ({ s: linearScore(Object.fromEntries(FEATURES.map((n, k) => [n, e.x[k]!])) as never, model), y: e.y, topicId: e.topicId }));
  const missedOf = (topicId: string | null): number => items.reduce((n, item) => n + [...item.gold]
    .filter((g) => scored.has(g) && (topicId === null || g === topicId) && !item.found.some((f) => f.topicId === g)).length, 0);
  const pooled = bestThreshold(scores, missedOf(null));
  model.defaultThreshold = round(Number.isFinite(pooled) ? pooled : 0);
  for (const topicId of scoredIds) {
    const own = scores.filter((e) => e.topicId === topicId);
    const positives = own.reduce((n, e) => n + e.y, 0);
    const threshold = bestThreshold(own, missedOf(topicId));
    if (positives === 0 || !Number.isFinite(threshold)) continue;
    model.thresholds[topicId] = round((positives * threshold + SHRINK * model.defaultThreshold) / (positives + SHRINK));
  }
  return model;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
