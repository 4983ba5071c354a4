import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleBody } from '../../src/domain/article.ts';
import { parseFile, type ParseOutcome, parseText } from '../../src/articles/parse.ts';
import { REPO_ROOT } from '../support/corpora.ts';

const fixture = (name: string) => path.join(REPO_ROOT, 'tests/fixtures', name);
const MAX = 2 * 1024 * 1024;

function only(outcomes: ParseOutcome[]) {
  expect(outcomes).toHaveLength(1);
  const [first] = outcomes;
  if (!first?.ok) throw new Error(`not parsed: ${first && !first.ok ? first.reason : 'nothing'}`);
  return first.article;
}

describe('Markdown', () => {
  const article = only(parseFile(fixture('torkham.md'), readFileSync(fixture('torkham.md')), MAX));

  it('reads front matter', () => {
    expect(article).toMatchObject({
      title: 'Torkham crossing reopens after three days',
      titleDerived: false,
      published: '2026-10-14',
      outlet: 'Frontier Desk',
      format: 'markdown',
    });
    expect(article.url).toBe('https://example.org/news/torkham-reopens?utm_source=feed');
  });

  it('reduces inline markup to text, keeps headings as subheadings and drops code', () => {
    const body = articleBody(article);
    expect(article.dateline).toBe('PESHAWAR');
    expect(body).toContain('stranded hundreds of cargo trucks on both sides.');
    expect(body).toContain('near the Michni checkpost.');
    expect(body).not.toMatch(/\*\*|\]\(|```|code block/);
    expect(article.sections).toEqual(['Traders count the cost']);
    expect(article.paragraphs.at(-1)!.text).toBe('A joint committee will meet next week to discuss the fencing dispute.');
  });
});

describe('HTML', () => {
  const article = only(parseFile(fixture('chaman.html'), readFileSync(fixture('chaman.html')), MAX));

  it('extracts the main text without navigation, sidebars or footers', () => {
    const body = articleBody(article);
    expect(article.title).toBe('Chaman traders end sit-in');
    expect(article.dateline).toBe('QUETTA');
    expect(body).toMatch(/^Traders in Chaman ended a month-long sit-in/);
    expect(body).not.toMatch(/Most read|Cricket|Copyright|Home/);
    expect(article.sections).toEqual(['What the agreement says']);
    expect(article.paragraphs).toHaveLength(4);
  });

  it('takes the canonical URL and the published time from the page', () => {
    expect(article.url).toBe('https://border-monitor.example/2026/10/chaman-sit-in-ends');
    expect(article.published).toBe('2026-10-20T09:30:00+05:00');
    expect(article.format).toBe('html');
  });
});

describe('JSON and JSONL', () => {
  it('reads a JSON object', () => {
    const article = only(parseText(JSON.stringify({ title: 'T', text: 'KABUL: One. Two.', outlet: 'O', published: '2026-01-02' }), 'json'));
    expect(article).toMatchObject({ title: 'T', dateline: 'KABUL', outlet: 'O', published: '2026-01-02', format: 'json' });
  });

  it('reads a JSON array, one article per item', () => {
    const outcomes = parseText(JSON.stringify([{ text: 'First story here.' }, { text: 'Second story here.' }]), 'json');
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
  });

  it('reads JSONL line by line and reports each bad line with its number', () => {
    const outcomes = parseFile(fixture('briefs.jsonl'), readFileSync(fixture('briefs.jsonl')), MAX);
    expect(outcomes.map((o) => (o.ok ? `${o.part} ok` : `${o.part}: ${o.reason}`))).toEqual([
      'line 1 ok',
      'line 2 ok',
      expect.stringMatching(/^line 3: malformed JSON/),
      'line 4: missing "text" (a string with the article body)',
      'line 5: "url" is not an http(s) address: ftp://kurram.example/file',
    ]);
    const second = outcomes[1];
    expect(second?.ok && second.article).toMatchObject({ sourceId: 'kp-2', titleDerived: true, published: '2026-10-12' });
  });

  it('refuses a malformed JSON document with the parser message', () => {
    expect(() => parseText('{"text": "unterminated', 'json')).toThrow(/^malformed JSON/);
  });
});

describe('plain text', () => {
  it('takes a headline-like first line as the title', () => {
    const article = only(parseText('Drone strike reported in Khost\nKHOST, Afghanistan (AP) — A drone struck a compound on Friday, residents said.\n', 'text'));
    expect(article).toMatchObject({ title: 'Drone strike reported in Khost', titleDerived: false, dateline: 'KHOST, Afghanistan (AP)' });
  });

  it('joins lines broken in the middle of a sentence', () => {
    const article = only(parseText('The joint security force targeted a compound near the village of\n\nRigwai Sofla in the Panjawi district.\n', 'text'));
    expect(article.paragraphs.map((p) => p.text)).toEqual(['The joint security force targeted a compound near the village of Rigwai Sofla in the Panjawi district.']);
  });

  it('keeps a sentence-case subheading without a full stop apart from the paragraph after it', () => {
    const text = [
      'Title of the story',
      '',
      'The provincial minister opened the new bridge over the river on Monday.',
      '',
      'Governor says the road to the border crossing must stay open for traders',
      '',
      'Speaking to reporters, he said the work would finish by spring.',
      '',
      'The council approved funds for a second bridge near the town of',
      '',
      'Darya Khan in the next budget.',
    ].join('\n');
    const article = only(parseText(text, 'text'));
    expect(article.sections).toEqual(['Governor says the road to the border crossing must stay open for traders']);
    expect(article.paragraphs.map((p) => p.text)).toEqual([
      'The provincial minister opened the new bridge over the river on Monday.',
      'Speaking to reporters, he said the work would finish by spring.',
      'The council approved funds for a second bridge near the town of Darya Khan in the next budget.',
    ]);
  });

  it('still joins a long hard-wrapped line to the next without a blank line between them', () => {
    const article = only(parseText('Forces searched the houses of the village after the attack in Kandahar\nProvince on Friday, officials said.\n', 'text'));
    expect(article.paragraphs.map((p) => p.text)).toEqual(['Forces searched the houses of the village after the attack in Kandahar Province on Friday, officials said.']);
  });

  it('reads double-spaced hard-wrapped text as wrapped prose, and a lead without its full stop as the lead', () => {
    const wrapped = only(parseText([
      'Story', '', 'Security forces searched the houses of the village after the attack in Kandahar', '',
      'Province on Friday, and officials said the search would continue for days while the roads', '',
      'stay closed to traffic, and that more troops would be sent to the district from Quetta', '', 'this week.',
    ].join('\n'), 'text'));
    expect(wrapped.sections).toEqual([]);
    expect(wrapped.paragraphs).toHaveLength(1);
    const lead = only(parseText('Cabinet approves budget\n\nISLAMABAD: The federal cabinet on Monday approved the budget for the next fiscal year\n\nThe finance minister said the deficit would fall.\n', 'text'));
    expect(lead.dateline).toBe('ISLAMABAD');
    expect(lead.noise).toEqual([]);
    expect(lead.paragraphs[0]!.text).toMatch(/^The federal cabinet on Monday approved the budget/);
  });

  it('still tells a crosshead in an article with bullet items (bullets have no full stop by custom)', () => {
    const article = only(parseText([
      'Title', '', 'The army said on Monday that 12 militants were killed in the operation near the border.', '',
      '• More troops will be sent to the area around the border soon', '', '• New checkposts will be set up along the main road to the city', '',
      '• Schools in the district will stay closed until the end of the month', '', 'Officials said more troops would be sent to the area soon.', '',
      'A second phase of the operation is planned for the spring months', '', 'The minister said the plan had been approved by the cabinet.',
    ].join('\n'), 'text'));
    expect(article.sections).toEqual(['A second phase of the operation is planned for the spring months']);
  });

  it('treats press-release boilerplate as noise', () => {
    const article = only(parseText('NEWS RELEASE\n\nFor Immediate Release\n\n2011-11-S-034\n\nForces detained two suspects in Paktya province on Monday.\n', 'text'));
    expect(article.noise).toEqual(['NEWS RELEASE', 'For Immediate Release', '2011-11-S-034']);
    expect(article.paragraphs).toHaveLength(1);
  });

  it('keeps Markdown and mentions in article text as plain text (renderers escape them)', () => {
    const article = only(parseText('Officials said **nothing** to @everyone at the briefing on Monday.', 'text'));
    expect(articleBody(article)).toBe('Officials said **nothing** to @everyone at the briefing on Monday.');
  });
});

describe('a print story as the outlets write it: standfirst bullets, dateline, footer and caption', () => {
  const text = [
    '• Envoys to meet again next week',
    '',
    '• Traders welcome the reopening',
    '',
    'LANDI KOTAL / PESHAWAR: The Torkham crossing reopened on Monday after a three-day closure, officials said.',
    '',
    'Hundreds of trucks crossed in the first hours.',
    '',
    'KABUL:',
    '',
    'The Afghan side confirmed the reopening in a statement.',
    '',
    'Header image: Trucks wait at the crossing on Sunday.',
    '',
    'Our correspondent in Landi Kotal also contributed to this report',
    'Published in Dawn, October 14th, 2026',
  ].join('\n');
  const article = only(parseText(JSON.stringify({ title: 'Torkham reopens', text }), 'json'));

  it('takes the bullets before the dateline as the outlet\'s highlights, never into the body', () => {
    expect(article.highlights).toEqual(['Envoys to meet again next week', 'Traders welcome the reopening']);
    expect(articleBody(article)).not.toContain('•');
  });

  it('reads the dateline of a story filed from two places, and joins a dateline on a line of its own to its paragraph', () => {
    expect(article.dateline).toBe('LANDI KOTAL / PESHAWAR');
    expect(article.paragraphs[0]!.text).toMatch(/^The Torkham crossing reopened/);
    expect(article.paragraphs.map((p) => p.text)).toContain('KABUL: The Afghan side confirmed the reopening in a statement.');
  });

  it('keeps the print footer, the contributor line and the picture caption out of the body', () => {
    expect(articleBody(article)).not.toMatch(/Published in Dawn|Header image|contributed/);
    expect(article.noise).toEqual([
      'Header image: Trucks wait at the crossing on Sunday.',
      'Our correspondent in Landi Kotal also contributed to this report',
      'Published in Dawn, October 14th, 2026',
    ]);
  });

  it('keeps bullets inside the body as list items of their own, not glued to the prose around them', () => {
    const listed = only(parseText(JSON.stringify({ title: 'Budget', text: 'The budget has three parts:\n• Rs20bn for the police\n• Rs75bn for roads\nThe assembly passed it on Friday.' }), 'json'));
    expect(listed.highlights).toBeUndefined();
    expect(listed.paragraphs.map((p) => p.text)).toEqual(['The budget has three parts:', '• Rs20bn for the police', '• Rs75bn for roads', 'The assembly passed it on Friday.']);
  });
});
