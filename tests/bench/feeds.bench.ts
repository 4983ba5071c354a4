// `npm run bench -- feeds`: 200 local feeds of 50 items each, with their article pages, polled into a
// fresh database: every page fetched, its main text extracted, analysed and stored. Beside it, in the
// same run, the baseline: the same poll taking each item from the feed's own text, no page fetched.
// BENCH_FEEDS and BENCH_ITEMS shrink it for a quick look.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { servicesOver } from '../../src/app.ts';
import type { Services } from '../../src/command.ts';
import { configFromEnv } from '../../src/config.ts';
import { FeedPoller } from '../../src/feeds/poller.ts';
import { silentLogger } from '../../src/log.ts';
import { SqliteEngine } from '../../src/store/sqlite-engine.ts';
import { Store } from '../../src/store/store.ts';
import { tempDir } from '../support/store.ts';
import { fixed, peakRssMb } from './support.ts';
import { shippedTaxonomy } from '../support/taxonomy.ts';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 200);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);

const serverScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'feed-server.ts');
const server = spawn(process.execPath, ['--import', 'tsx', serverScript], { env: { ...process.env, ITEMS: String(ITEMS) }, stdio: ['ignore', 'pipe', 'inherit'] });
const bases = await new Promise<string[]>((resolve, reject) => {
  let buffer = '';
  server.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    if (buffer.includes('\n')) resolve(JSON.parse(buffer.split('\n')[0]!) as string[]);
  });
  server.on('exit', (code) => reject(new Error(`the feed server exited (${code})`)));
});

const dir = tempDir('brief-bench-feeds-');

interface Run {
  seconds: number;
  cpuSeconds: number;
  newArticles: number;
  rejected: number;
  fromPage: number;
}

async function pollAllFeeds(name: string, extractPages: boolean): Promise<Run> {
  // Every item of a feed counts on its first poll here, so the backfill limit is the feed's length.
  const config = configFromEnv({ DATABASE_PATH: path.join(dir, `${name}.db`), ALLOW_PRIVATE_URLS: '1', FEED_BACKFILL: String(ITEMS) });
  const store = Store.open(config.databasePath);
  const services: Services = servicesOver(new SqliteEngine(store), config, shippedTaxonomy(), silentLogger());
  const now = new Date();
  for (let f = 0; f < FEEDS; f++) store.feeds.add(null, `${bases[f % bases.length]}/feed/${f}.xml`, 'config', [], null, now);
  const poller = new FeedPoller(services, { extractPages, concurrency: 8 });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const summary = await poller.pollAll();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const items = summary.results.flatMap((r) => r.items);
  const errors = summary.results.filter((r) => r.error);
  if (errors.length) console.log(`${name}: ${errors.length} feeds failed, e.g. ${errors[0]!.error}`);
  store.close();
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    newArticles: summary.newArticles,
    rejected: items.filter((i) => i.outcome === 'rejected').length,
    fromPage: items.filter((i) => i.outcome === 'added' && i.bodyFrom === 'page').length,
  };
}

try {
  const total = FEEDS * ITEMS;
  const baseline = await pollAllFeeds('baseline', false);
  const full = await pollAllFeeds('pages', true);
  const line = (label: string, run: Run): string =>
    `${label}: ${run.newArticles} new articles (${run.fromPage} from pages, ${run.rejected} rejected) in ${fixed(run.seconds, 1)} s: ${fixed(total / run.seconds, 0)} items/s, ${fixed(total / run.cpuSeconds, 0)} items per CPU-second`;
  console.log(`feeds: ${FEEDS} local feeds x ${ITEMS} items = ${total} items, ${bases.length} hosts, 8 requests at once, one per host`);
  console.log(line('poll + page fetch + extraction + analysis + store', full));
  console.log(line('baseline, same poll without page extraction (item text)', baseline));
  console.log(`with pages / baseline: ${fixed(full.seconds / baseline.seconds, 2)}x the time, ${fixed(full.cpuSeconds / baseline.cpuSeconds, 2)}x the CPU`);
  console.log(`peak RSS: ${fixed(peakRssMb(), 0)} MB`);
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
