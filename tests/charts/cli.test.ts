// The chart from the command line: `brief chart --out` writes the PNG, and the console prints the path
// of the file it wrote. Real processes, a real database file of their own.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Topic } from '../../src/nlp/taxonomy.ts';
import { decodePng } from '../support/png.ts';
import { runScript } from '../support/run.ts';
import { tempDir, testServices } from '../support/store.ts';
import { articleRecord, taggableTopics } from './support.ts';

const dir = tempDir();
const env = { DATABASE_PATH: path.join(dir, 'brief.db') };
let topic: Topic;

beforeAll(async () => {
  const now = new Date();
  const probe = testServices({}, () => now);
  try {
    topic = (await taggableTopics(probe, 1, now))[0]!;
  } finally {
    probe.cleanup();
  }
  const file = path.join(dir, 'articles.jsonl');
  writeFileSync(file, [0, 1].map((story) => JSON.stringify(articleRecord({ topic, story, daysAgo: story + 1, outlet: 'Dawn' }, now))).join('\n'));
  const ingested = await runScript('bin/brief.js', ['ingest', file], { env });
  expect(ingested.stdout).toBe('added 2, duplicates 0, rejected 0\n');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('brief chart', () => {
  it('writes the PNG to --out and prints the totals and the path', async () => {
    const out = path.join(dir, 'trend.png');
    const result = await runScript('bin/brief.js', ['chart', '--topics', topic.id, '--days', '30', '--out', out], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // At least the two written here; the shipped seed article, loaded at start, may be on the topic too.
    const total = new RegExp(`^${topic.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (\\d+) stories`, 'm').exec(result.stdout);
    expect(Number(total?.[1])).toBeGreaterThanOrEqual(2);
    expect(result.stdout).toContain(`Wrote ${out} (Line chart of stories per day`);
    expect(decodePng(readFileSync(out)).width).toBeGreaterThanOrEqual(720);
  });

  it('writes nothing and says why when there are no stories, or no topic is given', async () => {
    const out = path.join(dir, 'none.png');
    const empty = await runScript('bin/brief.js', ['chart', '--query', 'zzzunheardof', '--out', out], { env });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/No stories on “zzzunheardof”/);
    expect(existsSync(out)).toBe(false);
    const bare = await runScript('bin/brief.js', ['chart'], { env });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('needs --topics');
  });
});

describe('the console', () => {
  it('prints the path of the chart it wrote', async () => {
    const result = await runScript('src/main.ts', [], { env, input: `/trend topics:${topic.id}\n` });
    expect(result.code).toBe(0);
    const written = /^Wrote (\S+\.png) \(Line chart/m.exec(result.stdout)?.[1];
    expect(written).toBeDefined();
    expect(decodePng(readFileSync(written!)).height).toBeGreaterThan(0);
    rmSync(written!);
  });
});
