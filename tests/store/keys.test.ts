// The text hash is stored with every article and compared at every ingest, so its value may never
// drift: the one-pass fold in keys.ts is held to the regex definition it replaced.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textHash } from '../../src/store/keys.ts';

/** The definition: NFKC, lower case, every run of non-letters and non-numbers one space, trimmed. */
function definition(body: string): string {
  const folded = body.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return createHash('sha256').update(folded).digest('hex');
}

// Pieces where a hand-written fold could go wrong: surrogate pairs (letters and not), lone
// surrogates, combining marks, compatibility forms NFKC rewrites (ligatures, fractions, circled and
// full-width digits), letters whose lower case is longer, other scripts' letters and digits, and
// every kind of space and punctuation run, single or repeated, at either end.
const tricky = fc.constantFrom(
  ' ', '  ', '\n\n', '\t', '\u00A0', '\u2009', '\u3000', '-', '—', '“', '”', "'", '’', '.', '...', ',', ' "', '" ',
  '\uD800', '\uDC00', '\uDBFF\uDBFF', '😀', '𝐀', '𠀀', '\u0301', 'e\u0301', 'ﬁ', '½', '①', '１２', 'Ａ', 'İ', 'ẞ', 'ǅ',
  'د', '٣', 'पाकिस्तान', '४', 'Ⅻ', '〇', 'x', 'Q', '7',
);
const text = fc.array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ maxLength: 12 })), { maxLength: 24 })
  .map((parts) => parts.join(''));

describe('textHash', () => {
  it('equals the regex definition on any text', () => {
    fc.assert(fc.property(text, (body) => textHash(body) === definition(body)), { numRuns: 3000 });
  });

  it('folds case, punctuation, quote styles and spacing, and nothing more', () => {
    const hash = textHash('ISLAMABAD: Defence Minister Khawaja Asif said the “TTP” remains active.');
    expect(textHash('islamabad defence minister   khawaja asif said the "ttp" remains active')).toBe(hash);
    expect(textHash('Islamabad — Defence Minister Khawaja Asif said the TTP remains active!')).toBe(hash);
    expect(textHash('Islamabad Defence Minister Khawaja Asif said the TTP remains inactive')).not.toBe(hash);
    expect(textHash('')).toBe(definition(''));
    expect(textHash(' \n ')).toBe(definition(''));
  });
});
