// Whatever text arrives, parsing either yields articles or refuses with a RejectedInput: it never
// throws anything else, and time grows linearly with the input.
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { RejectedInput } from '../../src/articles/article.ts';
import { parseText } from '../../src/articles/parse.ts';
import { bestTime } from '../support/timing.ts';

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

  it('stays linear: 40x the input takes well under 40x squared the time', () => {
    const time = (text: string) => bestTime(() => parseText(text, 'text'));
    const unit = 'Militants attacked a checkpost in Kurram on Monday. No Practical Change on Ground\n';
    const small = Math.max(time(unit.repeat(250)), 0.5);
    const large = time(unit.repeat(10_000));
    expect(large / small).toBeLessThan(40 * 8);
  });

  it('one 200,000-character line without punctuation parses quickly', () => {
    const t0 = performance.now();
    parsesOrRefuses('word '.repeat(40_000), 'text');
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
