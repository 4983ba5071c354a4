// Ingest speed on the public corpora (about 1,900 articles) into a fresh database, stage by stage,
// beside a floor baseline computed in the same run: JSON.parse and a plain INSERT of the raw text,
// the least any ingest could do.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { articleBody, storyLead } from '../../src/domain/article.ts';
import { Ingestor } from '../../src/pipeline/ingest.ts';
import { articleFromRecord } from '../../src/articles/parse.ts';
import { analyseArticle } from '../../src/nlp/analyse.ts';
import { canonicalUrl, textHash } from '../../src/store/keys.ts';
import { SqliteEngine } from '../../src/store/sqlite-engine.ts';
import { Store } from '../../src/store/store.ts';
import { type CorpusName, corpusPath, missingCorpusMessage } from '../support/corpora.ts';
import { tempDir } from '../support/store.ts';
import { fixed, latencySummary, peakRssMb } from './support.ts';
import { shippedTaxonomy } from '../support/taxonomy.ts';

const NAMES: CorpusName[] = ['bbc', 'cnndm', 'xsum', 'quotes', 'southasia'];
const files = NAMES.map((name) => [name, corpusPath(name)] as const);
for (const [name, file] of files) if (!file) console.log(missingCorpusMessage(name));
const present = files.flatMap(([, file]) => (file ? [file] : []));
if (present.length === 0) process.exit(0);

const records = present.flatMap((file) =>
  readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>),
);
const dir = tempDir('brief-bench-');

// Floor: parse JSON and insert the raw text, nothing else.
const floorStore = Store.open(path.join(dir, 'floor.db'));
floorStore.db.exec('CREATE TABLE raw (id INTEGER PRIMARY KEY, body TEXT)');
const insertRaw = floorStore.db.prepare('INSERT INTO raw (body) VALUES (?)');
let started = performance.now();
floorStore.db.transaction(() => {
  for (const file of present) {
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) insertRaw.run(String((JSON.parse(line) as { text: string }).text));
  }
})();
const floorSeconds = (performance.now() - started) / 1000;
floorStore.close();

/** CPU seconds of this process spent in `work`: the rate "on one core", whatever else the machine runs. */
function cpuSeconds(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

// Stage by stage: CPU time of each stage for the rates, wall time of each article for the tails.
const parseMs: number[] = [];
const analyseMs: number[] = [];
let parsed: ReturnType<typeof articleFromRecord>[] = [];
const parseCpu = cpuSeconds(() => {
  parsed = records.map((record) => {
    const t0 = performance.now();
    const article = articleFromRecord(record, {});
    parseMs.push(performance.now() - t0);
    return article;
  });
});
const analysed = parsed.map((article) => {
  const t0 = performance.now();
  const analysis = analyseArticle(article, shippedTaxonomy());
  analyseMs.push(performance.now() - t0);
  return { article, analysis };
});
const stageStore = Store.open(path.join(dir, 'stages.db'));
const storeMs: number[] = [];
const addedAt = new Date().toISOString();
// The whole transaction, commit included, counts as store time.
const storeCpu = cpuSeconds(() => stageStore.articles.transaction(() => {
  for (const { article, analysis } of analysed) {
    const t0 = performance.now();
    const body = articleBody(article);
    const hash = textHash(body);
    const canonical = canonicalUrl(article.url);
    if (!stageStore.articles.findDuplicate(null, hash, canonical)) {
      const id = stageStore.articles.insert(null, { article, analysis, body, textHash: hash, canonicalUrl: canonical, sourceName: null }, addedAt);
      // Placing it in its story is part of storing it, as in Ingestor.
      stageStore.stories.place(null, { id, title: article.title, lead: storyLead(analysis.sentences), published: article.published, addedAt, signature: analysis.signature });
    }
    storeMs.push(performance.now() - t0);
  }
}));
stageStore.close();

// The real pipeline, end to end, from the files.
const store = SqliteEngine.open(path.join(dir, 'ingest.db'));
started = performance.now();
const report = await new Ingestor(store, shippedTaxonomy(), 2 * 1024 * 1024).ingestPaths(present, null);
const ingestSeconds = (performance.now() - started) / 1000;
await store.close();
rmSync(dir, { recursive: true, force: true });

const n = records.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const parseStore = parseMs.map((ms, i) => ms + storeMs[i]!);
const parseStoreRate = n / (parseCpu + storeCpu);
const floorRate = n / floorSeconds;
const ps = latencySummary(parseStore);
const full = latencySummary(parseMs.map((ms, i) => ms + analyseMs[i]! + storeMs[i]!));
console.log(`ingest corpus: ${n} articles from ${present.length} files; added ${report.added.length}, duplicates ${report.duplicates.length}, rejected ${report.rejected.length}`);
console.log(`parse + store: ${fixed(parseStoreRate, 0)} articles per CPU-second, p50 ${fixed(ps.p50, 3)} ms, p99 ${fixed(ps.p99, 3)} ms per article (target >= 1000/s)`);
console.log(`  of which parse ${fixed(n / parseCpu, 0)} articles/s, store (hash, dedup check, insert with sentences, quotes, topics, search index, story placement; commit included) ${fixed(n / storeCpu, 0)} articles/s`);
console.log(`floor baseline (JSON.parse + raw INSERT): ${fixed(floorRate, 0)} articles/s; ours/floor = ${fixed(parseStoreRate / floorRate, 3)}`);
console.log(`analysis (sentences, scores, quotes, topics): ${fixed(n / (sum(analyseMs) / 1000), 0)} articles/s`);
console.log(`full ingest (parse + analyse + store, from files): ${fixed(n / ingestSeconds, 0)} articles/s, p50 ${fixed(full.p50, 3)} ms, p99 ${fixed(full.p99, 3)} ms per article`);
console.log(`peak RSS: ${fixed(peakRssMb(), 0)} MB`);
