// Whatever text arrives, parsing either yields articles or refuses with a RejectedInput: it never
// throws anything else, and time grows linearly with the input.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { RejectedInput } from '../../src/domain/article.ts';
import { htmlNestingDepth, markdownNestingDepth, MAX_NESTING_DEPTH, parseText } from '../../src/articles/parse.ts';
import { runScript } from '../support/run.ts';
import { tempDir } from '../support/store.ts';
import { growthOfFourfold } from '../support/timing.ts';

const FORMATS = ['text', 'markdown', 'json', 'jsonl', 'html'] as const;

const newsy = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constantFrom('ISLAMABAD:', '\n', '\n\n', '“', '”', '"', '‘', '’', '# ', '## ', '---\n', '<p>', '</p>', '<h2>', '{"text":', '}', '\u0000', '\uFEFF', '@everyone', '**', 'Mr.', '...', 'د', 'पाकिस्तान'),
  ),
  { maxLength: 60 },
).map((parts) => parts.join(''));

function parsesOrRefuses(text: string, format: (typeof FORMATS)[number]): void {
  try {
    for (const outcome of parseText(text, format)) {
      if (outcome.ok) {
        expect(outcome.article.paragraphs.length).toBeGreaterThan(0);
        expect(outcome.article.title.length).toBeGreaterThan(0);
      } else {
        expect(outcome.reason.length).toBeGreaterThan(0);
      }
    }
  } catch (error) {
    if (!(error instanceof RejectedInput)) throw error;
  }
}

describe('hostile input', () => {
  it.each(FORMATS)('random and news-shaped text as %s never throws raw', (format) => {
    fc.assert(fc.property(newsy, (text) => parsesOrRefuses(text, format)), { numRuns: 300 });
  });

  it('stays linear: 4x the input takes about 4x the time, not 16x', () => {
    const unit = 'Militants attacked a checkpost in Kurram on Monday. No Practical Change on Ground\n';
    expect(growthOfFourfold((n) => parseText(unit.repeat(n), 'text'), 250)).toBeLessThan(10);
  });

  it('stays linear on long lines that could be crossheads (one long word, then a short one)', () => {
    const line = (n: number) => `Title\n\nThe minister spoke on Monday.\n\n${'a'.repeat(n)} b c d e f g h\n\nThe talks went on.\n`;
    expect(growthOfFourfold((n) => parseText(line(n * 100), 'text'), 100)).toBeLessThan(10);
  });

  it('one 200,000-character line without punctuation parses quickly', () => {
    const t0 = performance.now();
    parsesOrRefuses('word '.repeat(40_000), 'text');
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('brief ingest of a folder with files nested deep enough to overflow a parser', () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const GOOD = 5000;

  it('stores every good record, names each rejected file once, prints no stack trace and leaves the database intact', async () => {
    const folder = path.join(dir, 'in');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'deep-quotes.md'), `${'>'.repeat(50_000)} A quote nested past any stack.\n`);
    const paragraph = '<p>Officials said the road was reopened on Monday after repairs that took most of the week.</p>';
    writeFileSync(path.join(folder, 'deep-divs.html'), `<html><body>${'<div>'.repeat(20_000)}${paragraph}${'</div>'.repeat(20_000)}</body></html>`);
    const lines = Array.from({ length: GOOD }, (_, i) =>
      JSON.stringify({ id: `r${i}`, title: `District ${i} road reopens`, text: `Officials in district ${i} said on Monday that ${i % 7 + 2} roads were reopened after repairs. Traffic resumed by the evening, a spokesman said.` }),
    );
    writeFileSync(path.join(folder, 'good.jsonl'), `${lines.join('\n')}\n`);
    const database = path.join(dir, 'brief.db');

    const result = await runScript('bin/brief.js', ['ingest', folder], { env: { DATABASE_PATH: database } });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`added ${GOOD}, duplicates 0, rejected 2\n`);
    const rejections = result.stderr.split('\n').filter((l) => l.startsWith('rejected '));
    expect(rejections).toHaveLength(2);
    expect(rejections.find((l) => l.includes('deep-quotes.md'))).toMatch(/nested too deeply/);
    expect(rejections.find((l) => l.includes('deep-divs.html'))).toMatch(/nested too deeply/);
    expect(result.stderr).not.toMatch(/RangeError|\n\s+at /);
    const db = new Database(database, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n).toBe(GOOD);
    db.close();
  }, 120_000);
});

describe('a parser that fails on a shape the depth measure does not see', () => {
  it('refuses that one input with a reason instead of throwing', () => {
    // Emphasis and links nest without a line prefix; whatever marked does with them, no raw error escapes.
    for (const text of ['['.repeat(60_000) + 'x' + ']('.repeat(60_000), '*_'.repeat(60_000) + 'x']) parsesOrRefuses(text, 'markdown');
  });

  it('refuses HTML nested past the limit and reads HTML just under it', () => {
    const paragraph = '<p>Officials said the road was reopened on Monday after repairs that took most of the week.</p>'.repeat(3);
    const nested = (depth: number) => `<html><body>${'<div>'.repeat(depth)}${paragraph}${'</div>'.repeat(depth)}</body></html>`;
    expect(() => parseText(nested(MAX_NESTING_DEPTH + 1), 'html')).toThrow(/nested too deeply: elements/);
    expect(parseText(nested(MAX_NESTING_DEPTH - 2), 'html')[0]!.ok).toBe(true);
  });
});

describe('the depth measures', () => {
  it('count what nests and nothing else', () => {
    expect(htmlNestingDepth('<div><p>a<p>b<br><img src="x"/><script>if (a<b) "<div>"</script><!-- <div> --></div><div>a < b</div>')).toBe(1);
    expect(markdownNestingDepth('- a\n  - b\n    - c\n> > quoted\n')).toBe(2);
    expect(markdownNestingDepth('> '.repeat(1000))).toBe(1000);
  });

  it('stay linear on text that would make a regex rescan from every "<"', () => {
    for (const text of ['<a '.repeat(300_000), '<'.repeat(1_000_000), '<div'.repeat(200_000)]) {
      const t0 = performance.now();
      htmlNestingDepth(text);
      expect(performance.now() - t0).toBeLessThan(1500);
    }
  });
});
