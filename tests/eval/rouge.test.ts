// The ROUGE used by eval:summary against figures Google's rouge-score gives (its README example) and
// the union-LCS example of Lin (2004), worked by hand.
import { describe, expect, it } from 'vitest';
import { rouge, rougeTokens } from './rouge.ts';

describe('rouge', () => {
  it('tokenises as rouge-score: lowercase, non-alphanumerics to spaces, Porter stems past 3 characters', () => {
    expect(rougeTokens("The Taliban's jumps, lazy-dogs; U.S. 3.5")).toEqual(['the', 'taliban', 's', 'jump', 'lazi', 'dog', 'u', 's', '3', '5']);
  });

  it("matches rouge-score's README example", () => {
    const scores = rouge('The quick brown fox jumps over the lazy dog', 'The quick brown dog jumps on the log.');
    expect(scores.rouge1).toBeCloseTo(0.7058823529, 8); // P 6/8, R 6/9
    expect(scores.rouge2).toBeCloseTo((2 * (2 / 7) * (2 / 8)) / (2 / 7 + 2 / 8), 8);
    expect(scores.rougeLsum).toBeCloseTo(0.5882352941, 8); // LCS 5: P 5/8, R 5/9
  });

  it('takes the union LCS of each reference line over all summary lines (Lin 2004, section 3.2)', () => {
    // r = w1 w2 w3 w4 w5; c1 = w1 w2 w6 w7 w8 gives w1 w2, c2 = w1 w3 w8 w9 w5 gives w1 w3 w5: union of 4.
    const scores = rouge('w1 w2 w3 w4 w5', 'w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5');
    expect(scores.rougeLsum).toBeCloseTo((2 * (4 / 10) * (4 / 5)) / (4 / 10 + 4 / 5), 8);
  });

  it('scores an empty summary or reference as 0, not NaN', () => {
    expect(rouge('some words here', '')).toEqual({ rouge1: 0, rouge2: 0, rougeLsum: 0 });
    expect(rouge('', 'some words here')).toEqual({ rouge1: 0, rouge2: 0, rougeLsum: 0 });
  });
});
