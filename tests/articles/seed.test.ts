// The seed article, parsed exactly: it is the article the project started from and the shape of the
// Pakistani news copy the bot must read (dateline, subheadings, a scraper's stray headline).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleBody } from '../../src/domain/article.ts';
import { parseFile } from '../../src/articles/parse.ts';
import { REPO_ROOT } from '../support/corpora.ts';

const SEED = path.join(REPO_ROOT, 'data/articles/000_5f0f804997b76dbb.txt');

function parseSeed() {
  const [outcome] = parseFile(SEED, readFileSync(SEED), 2 * 1024 * 1024);
  if (!outcome?.ok) throw new Error('the seed did not parse');
  return outcome.article;
}

describe('the seed article', () => {
  const article = parseSeed();

  it('takes the dateline off the lead', () => {
    expect(article.dateline).toBe('ISLAMABAD');
    expect(article.paragraphs[0]!.text).toMatch(/^Defence Minister Khawaja Asif has said/);
  });

  it('finds the four subheadings in order', () => {
    expect(article.sections).toEqual([
      'No Practical Change on Ground',
      'Concerns Over Border Security',
      'Comments on Regional Security',
      'Ongoing Security Challenges',
    ]);
  });

  it('keeps the stray headline as noise, out of the body', () => {
    expect(article.noise).toEqual(['Consumers Association Calls for IPP Agreement Termination and Consumer Relief in Federal Budget']);
    expect(articleBody(article)).not.toContain('Consumers Association');
  });

  it('keeps every body paragraph, each under its subheading', () => {
    const firstWords = article.paragraphs.map((p) => [p.section, p.text.split(' ').slice(0, 4).join(' ')]);
    expect(firstWords).toEqual([
      [null, 'Defence Minister Khawaja Asif'],
      [null, 'Speaking during an interview'],
      [null, '“It is only in'],
      [0, 'The defence minister stated'],
      [0, 'He urged the Taliban'],
      [0, '“It should come from'],
      [0, 'He further cautioned against'],
      [0, '“It will be very'],
      [1, 'Pakistan has repeatedly raised'],
      [1, 'Relations between Islamabad and'],
      [1, 'According to Pakistani officials,'],
      [2, 'During the interview, Asif'],
      [2, 'He said India was'],
      [2, 'According to the minister,'],
      [3, 'The defence minister reiterated'],
      [3, 'He maintained that lasting'],
      [3, 'Pakistan has consistently called'],
    ]);
  });

  it('derives a short title from the lead and marks it derived', () => {
    expect(article.titleDerived).toBe(true);
    expect(article.title.length).toBeLessThanOrEqual(91);
    expect(article.title).toMatch(/^Defence Minister Khawaja Asif has said that support from the Afghan Taliban/);
  });
});
