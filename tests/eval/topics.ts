// `npm run eval:topics [-- --dump] [-- --fit] [-- --errors]`: topic tagging against the hand-made gold of
// ../shared/corpora/southasia-news (see tests/eval/topics-news.ts: per-topic P/R/F1, micro, macro,
// exact match, in-sample and on held-out halves, beside the any-alias baseline; --fit writes
// data/topic-weights.json), then the older precision-at-10 and clustering figures on
// ../shared/corpora/southasia/dev.jsonl. Articles go through articleFromRecord + analyseArticle,
// exactly as ingest and `brief topics` do. `--only news` or `--only isaf` runs one part.
//   - per topic: articles tagged, and precision of the top 10 (by score) as judged by a person who read
//     them (tests/eval/topic-judgements.json); beside it the same for a baseline that tags a topic
//     whenever any alias occurs anywhere, ranked by how often.
//   - clusters: count, sizes, and 10 sample multi-article clusters to read; beside it the clusters a
//     same-day exact-title baseline finds.
// --dump prints each topic's top 10 (ours and the baseline's) with their openings, for judging.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { articleFromRecord } from '../../src/articles/parse.ts';
import type { Article } from '../../src/domain/article.ts';
import { analyseArticle } from '../../src/nlp/analyse.ts';
import type { Analysis } from '../../src/domain/analysis.ts';
import { clusterStories } from '../../src/nlp/cluster.ts';
import { phraseKey, type Topic } from '../../src/nlp/taxonomy.ts';
import { stem, words } from '../../src/nlp/tokens.ts';
import { loadCorpus, REPO_ROOT } from '../support/corpora.ts';
import { newsGoldEval } from './topics-news.ts';
import { shippedTaxonomy } from '../support/taxonomy.ts';

const TOP = 10;
const JUDGEMENTS = path.join(REPO_ROOT, 'tests/eval/topic-judgements.json');

interface Item {
  id: string;
  article: Article;
  analysis: Analysis;
  stems: string;
}

type Judgements = Record<string, Record<string, boolean>>;

/** The baseline: every alias occurrence anywhere counts, no place weights, no threshold, no requires. */
function baselineScore(item: Item, topic: Topic): number {
  let count = 0;
  for (const alias of topic.aliases) {
    const key = ` ${phraseKey(alias)} `;
    for (let at = item.stems.indexOf(key); at >= 0; at = item.stems.indexOf(key, at + 1)) count++;
  }
  return count;
}

function precision(ids: string[], judged: Record<string, boolean>): { relevant: number; judged: number } {
  const known = ids.filter((id) => id in judged);
  return { relevant: known.filter((id) => judged[id]).length, judged: known.length };
}

const percent = (part: number, whole: number): string => (whole ? `${((100 * part) / whole).toFixed(0)}%` : 'n/a');

function isafEval(): void {
  const records = loadCorpus<Record<string, unknown>>('southasia');
  if (!records) return;
  const dump = process.argv.includes('--dump');
  const judgements = JSON.parse(readFileSync(JUDGEMENTS, 'utf8')) as Judgements;
  const started = performance.now();
  const items: Item[] = records.map((record) => {
    const article = articleFromRecord(record, {});
    const text = `${article.title} ${article.paragraphs.map((p) => p.text).join(' ')}`;
    return { id: String(record.id), article, analysis: analyseArticle(article, shippedTaxonomy()), stems: ` ${words(text).map(stem).join(' ')} ` };
  });
  const analysedMs = performance.now() - started;
  console.log(`southasia dev: ${items.length} articles analysed in ${(analysedMs / 1000).toFixed(1)} s`);

  console.log('\ntopic                      tagged  P@10 (relevant/judged) | baseline: tagged  P@10 (relevant/judged)');
  let ours = { relevant: 0, judged: 0 };
  let base = { relevant: 0, judged: 0 };
  for (const topic of shippedTaxonomy().topics) {
    const tagged = items
      .map((item) => ({ item, score: item.analysis.topics.find((t) => t.topicId === topic.id)?.score ?? 0 }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.item.id.localeCompare(b.item.id));
    const baseline = items
      .map((item) => ({ item, score: baselineScore(item, topic) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.item.id.localeCompare(b.item.id));
    const judged = judgements[topic.id] ?? {};
    const p = precision(tagged.slice(0, TOP).map((x) => x.item.id), judged);
    const b = precision(baseline.slice(0, TOP).map((x) => x.item.id), judged);
    ours = { relevant: ours.relevant + p.relevant, judged: ours.judged + p.judged };
    base = { relevant: base.relevant + b.relevant, judged: base.judged + b.judged };
    const cell = (x: { relevant: number; judged: number }, shown: number): string =>
      `${percent(x.relevant, x.judged).padStart(4)} (${x.relevant}/${x.judged}${x.judged < shown ? `, ${shown - x.judged} unjudged` : ''})`.padEnd(22);
    console.log(
      `${topic.id.padEnd(26)} ${String(tagged.length).padStart(6)}  ${cell(p, Math.min(TOP, tagged.length))}`
      + ` | ${String(baseline.length).padStart(16)}  ${cell(b, Math.min(TOP, baseline.length))}`,
    );
    if (dump) {
      for (const [name, list] of [['ours', tagged], ['baseline', baseline]] as const) {
        for (const { item, score } of list.slice(0, TOP)) {
          const mark = item.id in judged ? (judged[item.id] ? 'yes' : 'no ') : '?  ';
          const opening = item.article.paragraphs.map((x) => x.text).join(' ').slice(0, 400);
          console.error(`[${topic.id} ${name} ${mark}] ${item.id} (${score.toFixed(2)}) ${item.article.title}\n    ${opening}`);
        }
      }
    }
  }
  console.log(`all topics: P@10 ${percent(ours.relevant, ours.judged)} (${ours.relevant}/${ours.judged} judged relevant); `
    + `baseline ${percent(base.relevant, base.judged)} (${base.relevant}/${base.judged}); ratio ${(ours.relevant / ours.judged / (base.relevant / base.judged)).toFixed(2)}`);

  const stories = items.map((item) => ({
    id: item.id,
    title: item.article.title,
    lead: item.analysis.sentences.slice(0, 2).map((s) => s.text).join(' '),
    published: item.article.published,
  }));
  const clusterStarted = performance.now();
  const clusters = clusterStories(stories);
  const clusterMs = performance.now() - clusterStarted;
  const sizes = new Map<number, number>();
  for (const c of clusters) sizes.set(c.items.length, (sizes.get(c.items.length) ?? 0) + 1);
  const exactTitle = new Set(stories.map((s) => `${s.published} ${s.title.toLowerCase()}`)).size;
  console.log(`\nclusters: ${clusters.length} from ${stories.length} articles in ${clusterMs.toFixed(0)} ms; sizes `
    + [...sizes].sort((a, b) => a[0] - b[0]).map(([size, n]) => `${size}×${n}`).join(', ')
    + `; baseline (same day, same title): ${exactTitle} clusters; ratio ${(clusters.length / exactTitle).toFixed(2)}`);
  const multi = clusters.filter((c) => c.items.length > 1).sort((a, b) => b.items.length - a.items.length || a.label.localeCompare(b.label));
  console.log('10 sample clusters (largest first):');
  for (const cluster of multi.slice(0, 10)) {
    console.log(`  [${cluster.label}]`);
    for (const s of cluster.items) console.log(`    ${s.published} ${s.title}`);
  }
}

const wanted = (name: string): boolean => !process.argv.includes('--only') || process.argv.includes(name);
if (wanted('news')) newsGoldEval();
if (wanted('isaf')) isafEval();
