// The store on both engines, side by side (issue 21): the same analysed articles stored through the
// async interface (StoreEngine) into SQLite (a temporary file) and into PostgreSQL (a test server
// started here, tests/support/postgres.ts), then the same reads timed on each:
//   - ingest: articles per second, in batches of 500 inside one transaction each, as the Ingestor
//     stores them (insert + story placement + removal bookkeeping);
//   - /topic's store query: TopicStore.find for a tagged topic and for a free-text search, p50/p99;
//   - the digest window's store reads: candidates + details of a day's window, p50/p99.
// Wall time, not CPU time: PostgreSQL's work happens in the server's processes, which this process's
// CPU clock does not see. Ratio = PostgreSQL / SQLite (issue 21 asks for at most 3 on each line).
//
// `npm run bench -- store` stores 100,000 articles; `npx tsx tests/bench/store.bench.ts 5000` fewer.
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { storyLead } from '../../src/domain/article.ts';
import type { StoreEngine } from '../../src/store/engine.ts';
import { canonicalUrl, textHash } from '../../src/store/keys.ts';
import { PgEngine } from '../../src/store/pg/engine.ts';
import { SqliteEngine } from '../../src/store/sqlite-engine.ts';
import { ftsQuery } from '../../src/store/topics.ts';
import { postgresUnavailable, startPostgres } from '../support/postgres.ts';
import { tempDir } from '../support/store.ts';
import { fixed, latencySummary } from './support.ts';
import { analysedCorpora } from '../support/analysed.ts';

const TARGET = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
const BATCH = 500;
const DAYS_SPREAD = 365;
const QUERIES = 100;
const START = Date.parse('2025-07-01T00:00:00Z');
const NOW = new Date(START + DAYS_SPREAD * 86_400_000 - 1);

const unavailable = postgresUnavailable();
if (unavailable) {
  console.log(`store bench skipped: ${unavailable}`);
  process.exit(0);
}
const analysed = analysedCorpora(['southasia', 'quotes', 'bbc']);
if (analysed.length === 0) process.exit(0);

/** The i-th stored article: the corpus repeated in date order, each copy its own text (and hash). */
function item(i: number) {
  const { article, analysis, body } = analysed[i % analysed.length]!;
  const published = new Date(START + Math.floor((i / TARGET) * DAYS_SPREAD * 86_400_000)).toISOString();
  // Appended after the last sentence, so the analysis' offsets still hold.
  const text = i < analysed.length ? body : `${body}\n\n(copy ${i})`;
  return {
    article: { ...article, published, url: article.url ? `${article.url}?copy=${i}` : null },
    analysis,
    body: text,
    textHash: textHash(text),
    canonicalUrl: canonicalUrl(article.url ? `${article.url}?copy=${i}` : null),
    sourceName: 'bench',
  };
}

async function ingest(store: StoreEngine): Promise<number> {
  const started = performance.now();
  for (let first = 0; first < TARGET; first += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, TARGET - first) }, (_, k) => item(first + k));
    await store.transaction(async (tx) => {
      for (const entry of batch) {
        // Each article arrives when it was published, as feed polling brings them.
        const addedAt = entry.article.published;
        if (await tx.articles.findDuplicate(null, entry.textHash, entry.canonicalUrl)) continue;
        const id = await tx.articles.insert(null, entry, addedAt);
        await tx.stories.place(null, {
          id, title: entry.article.title, lead: storyLead(entry.analysis.sentences), published: entry.article.published, addedAt, signature: entry.analysis.signature,
        });
        await tx.articles.forgetRemoval(null, entry.textHash);
      }
    });
  }
  return TARGET / ((performance.now() - started) / 1000);
}

async function latencies(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  await run(0);
  const samples: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return latencySummary(samples);
}

interface Figures {
  ingest: number;
  topic: { p50: number; p99: number };
  search: { p50: number; p99: number };
  window: { p50: number; p99: number };
}

const windowSizes: number[] = [];

async function measure(store: StoreEngine): Promise<Figures> {
  const ingestRate = await ingest(store);
  const since = new Date(NOW.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const window = { since, now: NOW, halfLifeDays: 3 };
  const topic = await latencies(() => store.topics.find(null, { topicId: 'ttp' }, window, 10));
  const fts = ftsQuery('attack police')!;
  const search = await latencies(() => store.topics.find(null, { fts }, window, 10));
  const windowReads = await latencies(async (i) => {
    // A day's window somewhere in the last month: what a digest reads before ranking.
    const until = NOW.getTime() - (i % 30) * 86_400_000;
    const day = (ms: number): string => new Date(ms).toISOString();
    const candidates = await store.digests.candidates('shared', { since: day(until - 86_400_000), until: day(until), publishedFrom: day(until - 2 * 86_400_000) });
    await store.digests.details(candidates.slice(0, 20).map((c) => c.id), null);
    windowSizes.push(candidates.length);
  });
  return { ingest: ingestRate, topic, search, window: windowReads };
}

console.log(`store bench: ${TARGET} articles (${analysed.length} analysed once, repeated over ${DAYS_SPREAD} days); load average ${loadavg().map((l) => fixed(l, 2)).join(' ')}`);
const dir = tempDir('brief-store-bench-');
const sqlite = SqliteEngine.open(path.join(dir, 'brief.db'));
const sqliteFigures = await measure(sqlite);
await sqlite.close();
rmSync(dir, { recursive: true, force: true });

// Interrupted (Ctrl-C, a timeout's SIGTERM): exit normally, so the test server's exit hook stops it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
const server = await startPostgres();
let pgFigures: Figures;
try {
  const postgres = await PgEngine.open(await server.createDatabase());
  try {
    pgFigures = await measure(postgres);
  } finally {
    await postgres.close();
  }
} finally {
  await server.stop();
}

console.log(`digest windows held ${Math.min(...windowSizes)}–${Math.max(...windowSizes)} articles`);
const rows: [string, string, number, number, boolean][] = [
  ['ingest (articles/s, higher is better)', 'rate', sqliteFigures.ingest, pgFigures.ingest, true],
  ['/topic tagged, p50 ms', 'ms', sqliteFigures.topic.p50, pgFigures.topic.p50, false],
  ['/topic tagged, p99 ms', 'ms', sqliteFigures.topic.p99, pgFigures.topic.p99, false],
  ['/topic search, p50 ms', 'ms', sqliteFigures.search.p50, pgFigures.search.p50, false],
  ['/topic search, p99 ms', 'ms', sqliteFigures.search.p99, pgFigures.search.p99, false],
  ['digest window reads, p50 ms', 'ms', sqliteFigures.window.p50, pgFigures.window.p50, false],
  ['digest window reads, p99 ms', 'ms', sqliteFigures.window.p99, pgFigures.window.p99, false],
];
console.log(`${'measure'.padEnd(40)}${'SQLite'.padStart(12)}${'PostgreSQL'.padStart(12)}${'PG cost ×'.padStart(12)}  within 3×`);
for (const [label, , sqliteValue, pgValue, higherIsBetter] of rows) {
  // How many times worse PostgreSQL is (below 1: better).
  const cost = higherIsBetter ? sqliteValue / pgValue : pgValue / sqliteValue;
  console.log(`${label.padEnd(40)}${fixed(sqliteValue, 2).padStart(12)}${fixed(pgValue, 2).padStart(12)}${fixed(cost, 2).padStart(12)}  ${cost <= 3 ? 'yes' : 'NO'}`);
}
