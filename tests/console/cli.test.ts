// The `brief` CLI as tools drive it: exact summary lines on stdout, JSONL in and out.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/corpora.ts';
import { runScript } from '../support/run.ts';
import { tempDir } from '../support/store.ts';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATABASE_PATH: path.join(dir, 'brief.db') };
const fixtures = ['torkham.md', 'chaman.html', 'briefs.jsonl'].map((f) => path.join(REPO_ROOT, 'tests/fixtures', f));

describe('brief ingest', () => {
  it('ends with the counts and one line per rejection, and adds nothing the second time', async () => {
    const first = await runScript('bin/brief.js', ['ingest', ...fixtures], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('added 4, duplicates 0, rejected 3\n');
    expect(first.stderr).toMatch(/rejected .*briefs\.jsonl line 3: malformed JSON/);
    expect(first.stderr).toMatch(/rejected .*briefs\.jsonl line 4: missing "text"/);
    const second = await runScript('bin/brief.js', ['ingest', ...fixtures], { env });
    expect(second.stdout).toBe('added 0, duplicates 4, rejected 3\n');
  });
});

describe('brief ask', () => {
  // Its own store with the fixtures in it, so these answers do not depend on the ingest test above
  // having run first.
  const env = { DATABASE_PATH: path.join(dir, 'ask.db') };
  beforeAll(async () => {
    const ingested = await runScript('bin/brief.js', ['ingest', ...fixtures], { env });
    expect(ingested.stdout).toBe('added 4, duplicates 0, rejected 3\n');
  });

  it('runs a slash command as Discord would and prints its text', async () => {
    const result = await runScript('bin/brief.js', ['ask', '/article list'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Articles \(5\)/);
    expect(result.stdout).toContain('Torkham crossing reopens after three days (Frontier Desk)');
  });

  it('exits 1 with the message when the command fails', async () => {
    const result = await runScript('bin/brief.js', ['ask', '/article-admin remove id:999'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('There is no article #999 here.');
  });
});

describe('brief summarise and brief quotes', () => {
  const input = path.join(dir, 'in.jsonl');
  writeFileSync(
    input,
    [
      JSON.stringify({ id: 'a', text: 'One sentence here. Two sentences here. Three sentences here. Four sentences here.' }),
      JSON.stringify({ id: 'b', text: 'Alpha is first. Beta is second. Gamma is third.', sentences: 1 }),
      '{"id": "c", "text": ',
      JSON.stringify({ id: 'd', title: 'no text' }),
    ].join('\n'),
  );

  it('writes one {id, summary} line per input line, in order, errors included', async () => {
    const result = await runScript('bin/brief.js', ['summarise', '--in', input, '--sentences', '2'], { env });
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', null, 'd']);
    // Whatever the summariser picks, a summary is whole article sentences, as many as asked.
    expect(String(lines[0]!.summary).split('\n')).toHaveLength(2);
    for (const sentence of String(lines[0]!.summary).split('\n')) expect(['One sentence here.', 'Two sentences here.', 'Three sentences here.', 'Four sentences here.']).toContain(sentence);
    expect(String(lines[1]!.summary).split('\n')).toHaveLength(1);
    expect(lines[2]!.error).toMatch(/^line 3: malformed JSON/);
    expect(lines[3]!.error).toBe('line 4: missing "text" (a string with the article body)');
  });

  it('writes {id, quotes} lines', async () => {
    const result = await runScript('bin/brief.js', ['quotes', '--in', input], { env });
    const first = JSON.parse(result.stdout.split('\n')[0]!) as { id: string; quotes: unknown[] };
    expect(first).toEqual({ id: 'a', quotes: [] });
  });

  it('explains a missing --in', async () => {
    const result = await runScript('bin/brief.js', ['summarise'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('brief summarise: --in <file.jsonl, or an article file> is required\n');
  });

  it('reads an article file as one article, as ingest would, with the file name as its id', async () => {
    const seed = path.join(REPO_ROOT, 'data/articles', readdirSync(path.join(REPO_ROOT, 'data/articles')).find((f) => f.endsWith('.txt'))!);
    const result = await runScript('bin/brief.js', ['quotes', '--in', seed], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; quotes: { speaker: string }[] });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.id).toBe(path.basename(seed));
    expect(lines[0]!.quotes.map((q) => q.speaker)).toEqual(['Khawaja Asif', 'Khawaja Asif', 'Khawaja Asif']);
  });

  it('says how to read prose given under a name that is not an article format', async () => {
    const prose = path.join(dir, 'notes');
    writeFileSync(prose, 'Talks resume in Doha\n\nThe two sides "agreed to meet again", officials said.\n');
    const result = await runScript('bin/brief.js', ['topics', '--in', prose], { env });
    expect(result.code).toBe(1);
    const first = JSON.parse(result.stdout.split('\n')[0]!) as { error: string };
    expect(first.error).toMatch(/^line 1: malformed JSON: .*name an article file \.txt, \.md or \.html to read it as one article/);
  });

  it('refuses an unusable article file, naming it', async () => {
    const empty = path.join(dir, 'empty.md');
    writeFileSync(empty, '   \n');
    const result = await runScript('bin/brief.js', ['summarise', '--in', empty], { env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout.trim()) as unknown).toEqual({ id: 'empty.md', error: expect.stringMatching(/^empty\.md: empty/) as unknown });
  });
});
