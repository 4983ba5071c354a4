// Ingest against a real SQLite file: dedup, re-ingest, and every kind of bad input refused with a
// reason while nothing already stored changes.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportLine } from '../../src/pipeline/ingest.ts';
import { REPO_ROOT } from '../support/corpora.ts';
import { type TestServices, testServices } from '../support/store.ts';

const SEED = path.join(REPO_ROOT, 'data/articles/000_5f0f804997b76dbb.txt');
const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures');

let services: TestServices;
beforeEach(() => {
  services = testServices({ MAX_ARTICLE_BYTES: '4096' });
});
afterEach(() => services.cleanup());

function snapshot() {
  const { db } = services.sqlite;
  return {
    articles: db.prepare('SELECT id, title, text_hash FROM articles ORDER BY id').all(),
    sentences: db.prepare('SELECT sum(json_array_length(sentences)) AS n FROM articles').get(),
  };
}

describe('ingest', () => {
  it('stores the shipped articles and the fixtures, then adds nothing when run again', async () => {
    const first = await services.ingestor.ingestPaths([SEED, path.join(FIXTURES, 'torkham.md'), path.join(FIXTURES, 'briefs.jsonl')], null);
    expect(reportLine(first)).toBe('added 4, duplicates 0, rejected 3');
    const again = await services.ingestor.ingestPaths([SEED, path.join(FIXTURES, 'torkham.md'), path.join(FIXTURES, 'briefs.jsonl')], null);
    expect(reportLine(again)).toBe('added 0, duplicates 4, rejected 3');
    expect(await services.store.articles.count(null)).toBe(4);
  });

  it('reports the line number of each bad JSONL line and stores the good ones', async () => {
    const report = await services.ingestor.ingestPaths([path.join(FIXTURES, 'briefs.jsonl')], null);
    expect(report.added.map((a) => a.source)).toEqual(['tests/fixtures/briefs.jsonl line 1', 'tests/fixtures/briefs.jsonl line 2'].map((s) => path.relative(process.cwd(), path.join(REPO_ROOT, s))));
    expect(report.rejected.map((r) => r.source.replace(/^.*briefs\.jsonl /, ''))).toEqual(['line 3', 'line 4', 'line 5']);
  });

  it('recognises the same text with other spacing, quotes and case as a duplicate', async () => {
    await services.ingestor.ingestPaths([SEED], null);
    const altered = await services.ingestor.ingestText('paste', 'ISLAMABAD:   DEFENCE MINISTER Khawaja Asif has said that support from the Afghan Taliban regime for the banned Tehreek-e-Taliban Pakistan (TTP) remains unchanged, despite reports suggesting that Taliban leaders have directed the group to halt attacks inside Pakistan.', 'text', null);
    // A different (shorter) body is a different article; the full text pasted again is a duplicate.
    expect(altered.added).toHaveLength(1);
    const seedText = (services.sqlite.db.prepare('SELECT body FROM articles WHERE id = 1').get() as { body: string }).body;
    const again = await services.ingestor.ingestText('paste', seedText.replace(/“|”/g, '"').toUpperCase(), 'text', null);
    expect(again.duplicates).toEqual([{ source: 'paste', id: 1, title: expect.any(String) }]);
  });

  it('recognises the same canonical URL as a duplicate', async () => {
    await services.ingestor.ingestText('a', JSON.stringify({ text: 'First version of the story.', url: 'https://www.Example.org/story/?utm_source=x#top' }), 'json', null);
    const second = await services.ingestor.ingestText('b', JSON.stringify({ text: 'Updated version of the story.', url: 'http://example.org/story' }), 'json', null);
    expect(second.duplicates).toHaveLength(1);
  });

  it('keeps guild articles apart: another guild may add the same text, the same guild may not', async () => {
    const text = 'Gunmen attacked a polio team in Kohat on Tuesday, police said.';
    expect((await services.ingestor.ingestText('a', text, 'text', '111111111111111111')).added).toHaveLength(1);
    expect((await services.ingestor.ingestText('a', text, 'text', '222222222222222222')).added).toHaveLength(1);
    expect((await services.ingestor.ingestText('a', text, 'text', '111111111111111111')).duplicates).toHaveLength(1);
    expect(await services.store.articles.count(null)).toBe(0);
    expect(await services.store.articles.count('111111111111111111')).toBe(1);
  });
});

describe('bad input is refused with a reason and nothing stored changes', () => {
  const cases: [string, string | Uint8Array, RegExp][] = [
    ['empty.txt', '', /^empty/],
    ['blank.txt', ' \n\t\n  ', /^empty/],
    ['binary.txt', new Uint8Array([0x48, 0x69, 0x00, 0x01, 0x02]), /^binary file/],
    ['huge.txt', 'word '.repeat(2000), /^too large: 10 KB, the limit is 4 KB/],
    ['latin1.txt', new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x65, 0x77, 0x73]), /^not valid UTF-8/],
    ['notes.docx', 'Some text.', /^unknown file type "\.docx"/],
    ['nothing.html', '<html><body><nav><a href="/">Home</a></nav></body></html>', /^no main article text/],
    ['broken.json', '{"text": ', /^malformed JSON/],
    ['headings.txt', 'NEWS RELEASE\nFor Immediate Release\n', /^no article text found/],
  ];

  it.each(cases)('%s', async (name, content, reason) => {
    await services.ingestor.ingestPaths([SEED], null);
    const before = snapshot();
    const dir = path.join(services.dir, 'input');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, name), content);
    const report = await services.ingestor.ingestPaths([path.join(dir, name)], null);
    expect(report.added).toEqual([]);
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]!.reason).toMatch(reason);
    expect(snapshot()).toEqual(before);
  });

  it('a JSONL file may exceed the cap; each record is held to it', async () => {
    const file = path.join(services.dir, 'many.jsonl');
    const lines = [
      ...Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: i, text: `Story number ${i} about the Chaman crossing. `.repeat(3) })),
      JSON.stringify({ id: 'big', text: 'A very long story. '.repeat(400) }),
    ];
    writeFileSync(file, lines.join('\n'));
    const report = await services.ingestor.ingestPaths([file], null);
    expect(reportLine(report)).toBe('added 40, duplicates 0, rejected 1');
    expect(report.rejected[0]!.source).toMatch(/many\.jsonl line 41$/);
    expect(report.rejected[0]!.reason).toBe('"text" is too large: 7 KB, the limit is 4 KB (MAX_ARTICLE_BYTES)');
  });

  it('a missing path is reported, the rest of the run goes on', async () => {
    const dir = path.join(services.dir, 'some');
    mkdirSync(dir);
    copyFileSync(SEED, path.join(dir, 'seed.txt'));
    const report = await services.ingestor.ingestPaths([path.join(services.dir, 'missing'), dir], null);
    expect(reportLine(report)).toBe('added 1, duplicates 0, rejected 1');
    expect(report.rejected[0]!.reason).toBe('no such file or folder');
  });
});
