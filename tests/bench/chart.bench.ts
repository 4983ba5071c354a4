// `npm run bench -- chart`: a 90-day, 5-topic trend chart over a store of 100,000 articles.
// The store is synthetic and built here in a temporary SQLite file: short reports written from each
// topic's aliases (tests/charts/support.ts, no corpus text), analysed and tagged once by the real
// pipeline, then stored again and again over 365 days (about 274 a day), in date order, through the
// store's own insert. Measured, per chart, in CPU milliseconds of this process (the machine is shared)
// with wall-clock beside:
//   - the series alone (the store's counts per day of the five topics, and each busiest day's top story);
//   - the whole chart: series, Vega-Lite -> SVG -> PNG;
//   - the drawing alone (the same series, already computed), and the same when the chart is the first
//     of its shape since start, so its Vega program is compiled and parsed too (render.ts keeps them).
// Stories are placed at ingest, so the series read each article's story; the synthetic store is built
// by raw inserts and placed once, before timing, as the store's catch-up does for old articles.
import { rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { articleBody } from '../../src/domain/article.ts';
import { articleFromRecord } from '../../src/articles/parse.ts';
import { smallChart } from '../../src/charts/attachments.ts';
import { chartPng, forgetChartPrograms, MAX_SERIES } from '../../src/charts/render.ts';
import { type TrendSeries, trendSeries } from '../../src/charts/series.ts';
import { analyseArticle } from '../../src/nlp/analyse.ts';
import { ArticleStore } from '../../src/store/articles.ts';
import { openDatabase } from '../../src/store/db.ts';
import { SqliteEngine } from '../../src/store/sqlite-engine.ts';
import { DAY_MS } from '../../src/time.ts';
import { articleRecord } from '../charts/support.ts';
import { tempDir } from '../support/store.ts';
import { fixed, latencySummary, peakRssMb } from './support.ts';
import { shippedTaxonomy } from '../support/taxonomy.ts';
import { windowDays } from '../../src/present/days.ts';

/** `npm run bench -- chart` builds 100,000; a number after the name builds fewer, for a quick look. */
const TARGET = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
const DAYS_SPREAD = 365;
const CHART_DAYS = 90;
const RUNS = 30;
const NOW = new Date('2026-06-30T12:00:00Z');
const OUTLETS = ['Dawn', 'APP', 'The News', 'Express Tribune'];

// 1. Templates: for every topic tagged from its aliases alone, reports of 12 places x 4 actions.
const taxonomy = shippedTaxonomy().topics.filter((t) => !t.requires?.length && t.aliases.length);
const templates = taxonomy.flatMap((topic) => Array.from({ length: 48 }, (_, story) => {
  const record = articleRecord({ topic, story, daysAgo: 0, outlet: OUTLETS[story % OUTLETS.length]!, retold: story % 3 === 0 }, NOW);
  const article = articleFromRecord(record, {});
  return { article, analysis: analyseArticle(article, shippedTaxonomy()), body: articleBody(article), topic: topic.id };
}));
const tagged = new Map<string, number>();
for (const t of templates) for (const tag of t.analysis.topics) tagged.set(tag.topicId, (tagged.get(tag.topicId) ?? 0) + 1);
// The five topics the templates tag most often: the busiest chart the store can give.
const chartTopics = [...tagged].sort((a, b) => b[1] - a[1]).slice(0, MAX_SERIES).map(([id]) => id);

// 2. The store, in one transaction, in date order.
const dir = tempDir('brief-bench-chart-');
const file = path.join(dir, 'chart.db');
const db = openDatabase(file);
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
const building = new ArticleStore(db);
const buildStarted = performance.now();
db.transaction(() => {
  for (let i = 0; i < TARGET; i++) {
    // A shuffled walk through the templates, so a day holds a mix of topics and of stories.
    const template = templates[(i * 7919) % templates.length]!;
    const daysAgo = Math.floor(((TARGET - 1 - i) * DAYS_SPREAD) / TARGET);
    const published = new Date(NOW.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);
    building.insert(null, { article: { ...template.article, published }, analysis: template.analysis, body: template.body, textHash: `bench-${i}`, canonicalUrl: null, sourceName: null }, NOW.toISOString());
  }
})();
db.pragma('optimize');
db.close();
const buildSeconds = (performance.now() - buildStarted) / 1000;

const store = SqliteEngine.open(file);
const placeStarted = performance.now();
await store.stories.catchUp();
const placeSeconds = (performance.now() - placeStarted) / 1000;
const labels = new Map(shippedTaxonomy().topics.map((t) => [t.id, t.label]));
const subjects = chartTopics.map((id) => ({ label: labels.get(id) ?? id, match: { topicId: id } }));
const days = windowDays(NOW, CHART_DAYS);

interface Sample {
  cpu: number;
  wall: number;
}

async function measure(work: () => unknown): Promise<Sample> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
}

const seriesOf = (): Promise<TrendSeries[]> => Promise.all(subjects.map((s) => trendSeries(store, null, s, days)));
const draw = (series: TrendSeries[]): Buffer => chartPng(series, { title: 'Stories per day: five topics, last 90 days', subtitle: 'bench', size: 'full' });

// Loads the libraries and warms the JIT, as the bot's start-up does (preloadCharts).
const warmSeries = await seriesOf();
const png = draw(warmSeries);
const articlesCharted = warmSeries.reduce((n, s) => n + s.articles, 0);
const storiesCharted = warmSeries.reduce((n, s) => n + s.stories, 0);

async function runs(work: () => unknown): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) samples.push(await measure(work));
  return samples;
}
const seriesAlone = await runs(seriesOf);
const chart = await runs(async () => draw(await seriesOf()));
const drawOnly = await runs(() => draw(warmSeries));
const drawFirst = await runs(() => {
  forgetChartPrograms();
  draw(warmSeries);
});
// What /topic and the digest add to their answer: the small 14-day chart of one topic, or of five.
const smallOne = await runs(() => smallChart(store, null, subjects.slice(0, 1), NOW, 'topic.png'));
const smallFive = await runs(() => smallChart(store, null, subjects, NOW, 'digest.png'));
await store.close();
rmSync(dir, { recursive: true, force: true });

function line(name: string, samples: Sample[]): { p50: number; p99: number } {
  const cpu = latencySummary(samples.map((s) => s.cpu));
  const wall = latencySummary(samples.map((s) => s.wall));
  console.log(`${name.padEnd(34)} CPU p50 ${fixed(cpu.p50).padStart(7)} ms, p99 ${fixed(cpu.p99).padStart(7)} ms · wall p50 ${fixed(wall.p50).padStart(7)} ms, p99 ${fixed(wall.p99).padStart(7)} ms`);
  return cpu;
}

console.log(`store: ${TARGET} articles over ${DAYS_SPREAD} days (${templates.length} templates, ${taxonomy.length} topics) built in ${fixed(buildSeconds)} s, placed in stories in ${fixed(placeSeconds)} s`);
console.log(`chart: ${CHART_DAYS} days x ${subjects.length} topics (${chartTopics.join(', ')}): ${articlesCharted} articles, ${storiesCharted} stories-per-day summed; PNG ${png.length} bytes; ${RUNS} runs each`);
const sa = line('series alone', seriesAlone);
const wc = line('whole chart (series + draw)', chart);
const d = line('draw alone (Vega-Lite, resvg)', drawOnly);
line('draw alone, first of its shape', drawFirst);
line('small 14-day chart, 1 topic', smallOne);
line('small 14-day chart, 5 topics', smallFive);
console.log(`whole chart / series alone (CPU p50): ${fixed(wc.p50 / sa.p50, 2)}; draw alone / whole chart ${fixed(d.p50 / wc.p50, 2)}`);
const verdict = (s: { p50: number; p99: number }): string => (s.p50 <= 150 && s.p99 <= 400 ? 'meets' : 'misses');
console.log(`target p50 <= 150 ms, p99 <= 400 ms (CPU): whole chart ${verdict(wc)} it, draw alone ${verdict(d)} it`);
console.log(`peak RSS: ${fixed(peakRssMb(), 0)} MB; load average ${fixed(loadavg()[0]!)} on ${availableParallelism()} cores`);
