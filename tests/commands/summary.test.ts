import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.ts';
import { fitSummary, SUMMARY_BUDGET } from '../../commands/summary.ts';
import { askCommandLine, type Caller } from '../../src/app.ts';
import type { Reply } from '../../src/reply.ts';
import { REPO_ROOT } from '../support/corpora.ts';
import { type TestServices, testServices } from '../support/store.ts';

const GUILD: Caller = { guildId: '111111111111111111', userId: 'member', isAdmin: false };
const SEED = readFileSync(path.join(REPO_ROOT, 'data/articles/000_5f0f804997b76dbb.txt'), 'utf8');
const SEED_LEAD = 'Defence Minister Khawaja Asif has said that support from the Afghan Taliban regime for the banned Tehreek-e-Taliban Pakistan (TTP) remains unchanged';

let services: TestServices;
let seedId: number;

function ask(line: string, caller?: Caller): Promise<Reply> {
  return askCommandLine(services, line, caller);
}

async function autocomplete(typed: string, scope: string | null) {
  return await findCommand('summary')!.autocomplete!({ services, scope, subcommand: null, focused: { name: 'article', value: typed }, options: {} });
}

function summaryLines(reply: Reply): string[] {
  return reply.sections.find((s) => s.heading === 'Summary')!.lines;
}

beforeEach(async () => {
  services = testServices({}, () => new Date('2025-06-12T09:00:00Z'));
  const seed = await services.ingestor.ingestText('seed.txt', SEED, 'text', null);
  seedId = seed.added[0]!.id;
  const report = await services.ingestor.ingestText('items.jsonl', [
    {
      id: 'ispr', published: '2025-06-11', outlet: 'Dawn', url: 'https://example.com/ispr',
      title: 'Eight terrorists killed in North Waziristan operation',
      text: 'Security forces killed eight terrorists in an intelligence-based operation in North Waziristan, the military said on Wednesday.\n\n' +
        'The operation was conducted on the reported presence of terrorists in the area, the ISPR said.\n\n' +
        '“Sanitisation of the area is being carried out to eliminate any other terrorists found in the area,” the ISPR said in a statement.\n\n' +
        'Two soldiers were injured in the exchange of fire and taken to a military hospital.',
    },
  ].map((item) => JSON.stringify(item)).join('\n'), 'jsonl', null);
  expect(report.added).toHaveLength(1);
  await services.ingestor.ingestText('guild.txt', 'Guild Only Briefing On Kurram\n\nTribal elders in Kurram agreed a ceasefire on Monday after talks in Parachinar.', 'text', GUILD.guildId);
});
afterEach(() => services.cleanup());

describe('/summary', () => {
  it('answers with the stored summary of the seed: the lead first, no subheading or noise line', async () => {
    const reply = await ask(`/summary article:${seedId}`);
    expect(reply.tone).not.toBe('error');
    const lines = summaryLines(reply);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(SEED_LEAD);
    const stored = (await services.store.articles.get(seedId, null))!;
    for (const line of lines) for (const other of [...stored.sections, ...stored.noise]) expect(line).not.toContain(other);
    expect(reply.footer).toContain(`#${seedId}`);
    expect(reply.description).toBe('ISLAMABAD · 2025-06-12');
  });

  it('lists the other reports of the same story by outlet, and none for a story told once', async () => {
    await services.ingestor.ingestText('wire.jsonl', JSON.stringify({
      id: 'wire', published: '2025-06-11', outlet: 'APP',
      title: 'Security forces kill eight terrorists in North Waziristan: ISPR',
      text: 'RAWALPINDI: Security forces killed eight terrorists during an intelligence-based operation in North Waziristan on Wednesday, the ISPR said.\n\n'
        + 'Two soldiers were injured in the exchange of fire.',
    }), 'jsonl', null);
    const reply = await ask('/summary article:"Eight terrorists killed in North Waziristan operation"');
    expect(reply.sections.find((s) => s.heading === 'Same story (2 articles)')!.lines).toEqual([
      expect.stringMatching(/^APP · 2025-06-11 · Security forces kill eight terrorists in North Waziristan: ISPR \(#\d+\)$/),
    ]);
    expect((await ask(`/summary article:${seedId}`)).sections.some((s) => s.heading?.startsWith('Same story'))).toBe(false);
  });

  it('gives title, outlet, date, link and the first direct quotation', async () => {
    const reply = await ask('/summary article:"North Waziristan"');
    expect(reply.title).toBe('Eight terrorists killed in North Waziristan operation');
    expect(reply.description).toBe('Dawn · 2025-06-11');
    expect(reply.url).toBe('https://example.com/ispr');
    expect(reply.sections.flatMap((s) => s.links ?? [])).toContainEqual({ label: 'Read the article', url: 'https://example.com/ispr' });
    expect(summaryLines(reply)[0]).toMatch(/^Security forces killed eight terrorists/);
    expect(reply.sections.find((s) => s.heading === 'Quote')!.lines).toEqual([
      '“Sanitisation of the area is being carried out to eliminate any other terrorists found in the area” — ISPR',
    ]);
  });

  it('takes as many sentences as the length asks, in document order', async () => {
    const short = summaryLines(await ask(`/summary article:${seedId} length:short`));
    const long = summaryLines(await ask(`/summary article:${seedId} length:long`));
    expect(short).toHaveLength(1);
    expect(long).toHaveLength(6);
    expect(long[0]).toBe(short[0]);
    const body = await services.store.articles.body(seedId, null);
    const offsets = long.map((line) => body.indexOf(line));
    expect(offsets.every((o) => o >= 0)).toBe(true);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
  });

  it('explains each chosen sentence with its score components', async () => {
    const reply = await ask(`/summary article:${seedId} explain:true`);
    const why = reply.sections.find((s) => s.heading === 'Why these sentences')!;
    expect(why.lines[0]).toMatch(/^Sentence 1, picked 1st: position 1 · facts \(numbers, names\) [\d.]+ · attribution [01] · quoted [\d.]+ · centrality [\d.]+ · headline words [\d.]+ · length [\d.]+ → score/);
    expect(why.lines.at(-1)).toMatch(/never picked for a short summary/);
    expect(why.lines).toHaveLength(4);
  });

  it('shows a print story\'s standfirst bullets as the outlet\'s highlights, never as summary sentences', async () => {
    const text = '• Talks to resume in Doha next week\n\n• Traders welcome the reopening\n\n' +
      'PESHAWAR: The Torkham border crossing reopened on Monday after a three-day closure, officials said.\n\n' +
      'More than 400 trucks crossed in the first six hours, customs officials in Landi Kotal said.\n\n' +
      'The crossing had been shut after an exchange of fire between border guards.\n\nPublished in Dawn, October 14th, 2025';
    const report = await services.ingestor.ingestText('dawn.jsonl', JSON.stringify({ id: 'torkham', outlet: 'Dawn', title: 'Torkham reopens after three days', text }), 'jsonl', null);
    const reply = await ask(`/summary article:${report.added[0]!.id} length:short`);
    expect(reply.sections.find((s) => s.heading === 'Highlights (Dawn)')!.lines).toEqual(['• Talks to resume in Doha next week', '• Traders welcome the reopening']);
    expect(summaryLines(reply)).toEqual(['The Torkham border crossing reopened on Monday after a three-day closure, officials said.']);
    expect(reply.description).toContain('PESHAWAR');
  });

  it('refuses an unknown article, a bad length and an article of another server with a readable error', async () => {
    expect((await ask('/summary article:9999')).description).toMatch(/no article #9999/);
    expect((await ask('/summary article:"no such title"')).description).toMatch(/No article title contains "no such title"/);
    expect((await ask(`/summary article:${seedId} length:huge`)).description).toMatch(/short, medium/);
    expect((await ask('/summary article:Kurram')).tone).toBe('error');
    expect(summaryLines(await ask('/summary article:Kurram', GUILD))[0]).toMatch(/^Tribal elders in Kurram/);
  });

  it('autocompletes titles the server can see, at most 25, with the id as value', async () => {
    const shared = await autocomplete('waziristan', null);
    expect(shared).toHaveLength(1);
    expect(shared[0]!.name).toMatch(/^#\d+ · Eight terrorists killed/);
    expect(Number(shared[0]!.value)).toBeGreaterThan(0);
    expect(await autocomplete('kurram', null)).toEqual([]);
    expect(await autocomplete('kurram', GUILD.guildId)).toHaveLength(1);
    const many = Array.from({ length: 40 }, (_, i) => ({ id: `n${i}`, title: `Border Report Number ${i} From Torkham`, text: `Trade resumed at Torkham on day ${i} of the talks.` }));
    await services.ingestor.ingestText('many.jsonl', many.map((m) => JSON.stringify(m)).join('\n'), 'jsonl', null);
    expect(await autocomplete('torkham', null)).toHaveLength(25);
  });
});

describe('fitSummary', () => {
  const sentence = (index: number, rank: number | null, length: number) => ({ index, summaryRank: rank, text: 'x'.repeat(length) });

  it('keeps the pick order, skips a pick that would overflow the budget, and shows document order', () => {
    const sentences = [sentence(0, 1, 400), sentence(1, 0, 500), sentence(2, 2, 300), sentence(3, 3, 100), sentence(4, null, 10)];
    const fitted = fitSummary(sentences, 3, SUMMARY_BUDGET);
    expect(fitted.map((s) => s.index)).toEqual([0, 1, 3]);
    expect(fitted.reduce((n, s) => n + s.text.length, 0) + fitted.length - 1).toBeLessThanOrEqual(SUMMARY_BUDGET);
  });

  it('returns nothing rather than cut a sentence longer than the budget', () => {
    expect(fitSummary([sentence(0, 0, SUMMARY_BUDGET + 1)], 3)).toEqual([]);
  });
});
