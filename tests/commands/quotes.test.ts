import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.ts';
import { QUOTES_PAGE_SIZE } from '../../commands/quotes.ts';
import { askCommandLine, type Caller } from '../../src/app.ts';
import type { Reply } from '../../src/reply.ts';
import { type TestServices, testServices } from '../support/store.ts';

const NOW = new Date('2025-06-12T09:00:00Z');
const GUILD: Caller = { guildId: '111111111111111111', userId: 'member', isAdmin: false };
const OTHER_GUILD: Caller = { guildId: '222222222222222222', userId: 'member', isAdmin: false };

const SHARED_ITEMS = [
  {
    id: 'asif', published: '2025-06-10', url: 'https://example.com/asif',
    title: 'Asif says Taliban support for TTP unchanged',
    text: 'Defence Minister Khawaja Asif said on Tuesday that support from the Afghan Taliban for the Tehreek-e-Taliban Pakistan remained unchanged.\n\n“It is only in the media,” Asif said.\n\n“It should come from the horse’s mouth,” he said.',
  },
  {
    id: 'ispr', published: '2025-06-11',
    title: 'Eight terrorists killed in North Waziristan, says ISPR',
    text: 'Security forces killed eight terrorists in North Waziristan, the military said.\n\n“The area is being cleared of any remaining terrorists,” the ISPR said in a statement.',
  },
  {
    id: 'old', published: '2025-01-02',
    title: 'Foreign Office rejects Kabul claims',
    text: 'The Foreign Office on Thursday rejected claims made in Kabul.\n\n“We reject these baseless allegations,” spokesperson Mumtaz Zahra Baloch said.',
  },
];

let services: TestServices;

async function ingest(items: object[], scope: string | null): Promise<void> {
  const report = await services.ingestor.ingestText('test.jsonl', items.map((i) => JSON.stringify(i)).join('\n'), 'jsonl', scope);
  expect(report.added).toHaveLength(items.length);
}

function ask(line: string, caller?: Caller): Promise<Reply> {
  return askCommandLine(services, line, caller);
}

function quoted(reply: Reply): string[] {
  return reply.sections.map((s) => s.lines[0]!);
}

async function autocomplete(typed: string, caller: Caller, focused = 'speaker') {
  return await findCommand('quotes')!.autocomplete!({
    services,
    scope: caller.guildId,
    subcommand: null,
    focused: { name: focused, value: typed },
    options: {},
  });
}

beforeEach(async () => {
  services = testServices({}, () => NOW);
  await ingest(SHARED_ITEMS, null);
  await ingest([{
    id: 'guild-only', published: '2025-06-12',
    title: 'Chaudhry briefs the press',
    text: '“Our operations will continue until the last terrorist is eliminated,” said Lt Gen Ahmed Sharif Chaudhry, the director general of the ISPR.',
  }], GUILD.guildId);
});
afterEach(() => services.cleanup());

describe('/quotes', () => {
  it('lists every quote the server can see, newest first, with speaker, role, article and link', async () => {
    const reply = await ask('/quotes', GUILD);
    expect(reply.title).toBe('Quotes (5)');
    expect(reply.sections.map((s) => s.heading)).toEqual([
      'Ahmed Sharif Chaudhry, Lt Gen',
      'ISPR',
      'Khawaja Asif, Defence Minister',
      'Khawaja Asif, Defence Minister',
      'Mumtaz Zahra Baloch, spokesperson',
    ]);
    const asif = reply.sections[2]!;
    expect(asif.lines).toEqual(['“It is only in the media”', expect.stringMatching(/^#\d+ · 2025-06-10 · Asif says Taliban support for TTP unchanged$/)]);
    expect(asif.links).toEqual([{ label: 'Asif says Taliban support for TTP unchanged', url: 'https://example.com/asif' }]);
  });

  it('keeps one server’s articles from another', async () => {
    const reply = await ask('/quotes', OTHER_GUILD);
    expect(reply.title).toBe('Quotes (4)');
    expect(reply.sections.some((s) => s.heading?.includes('Chaudhry'))).toBe(false);
    expect(await autocomplete('chau', OTHER_GUILD)).toEqual([]);
  });

  it('finds a speaker by any part of the name, including a pronoun-attributed quote', async () => {
    const reply = await ask('/quotes speaker:asif');
    expect(quoted(reply)).toEqual(['“It is only in the media”', '“It should come from the horse’s mouth”']);
  });

  it('filters by days, topic and article, and says what it searched when nothing is found', async () => {
    expect(quoted(await ask('/quotes days:3'))).toHaveLength(3);
    const byArticle = await ask('/quotes article:2');
    expect(quoted(byArticle)).toEqual(['“The area is being cleared of any remaining terrorists”']);
    const none = await ask('/quotes speaker:"Imran Khan" days:30');
    expect(none.title).toBe('No quotes found');
    expect(none.description).toContain('speaker “Imran Khan”, the last 30 days (since 2025-05-14)');
  });

  it('marks a speaker read from the sentence, with no speech verb, as inferred', async () => {
    await ingest([{
      id: 'inferred', published: '2025-06-09',
      title: 'Interior Ministry account of the talks questioned',
      text: 'Two years before the leak, the Interior Ministry gave an “inaccurate and incomplete” account of the talks.',
    }], null);
    const reply = await ask('/quotes speaker:ministry');
    expect(reply.sections.map((s) => s.heading)).toEqual(['Interior Ministry (inferred)']);
  });

  it('finds a speaker written with or without an honorific, and by the role noun the text used', async () => {
    await ingest([{
      id: 'speaker-na', published: '2025-06-08',
      title: 'Speaker condemns attack on polio workers',
      text: 'National Assembly Speaker Sardar Raza Hayat Khichi on Sunday condemned the attack on polio workers in Bajaur.\n\nHe said the workers were serving the nation in difficult conditions.\n\n“Those who target health workers are enemies of the country,” the Speaker said.',
    }], null);
    for (const typed of ['Raza Hayat Khichi', 'Sardar Raza Hayat Khichi', 'Sardar Khichi']) {
      expect(quoted(await ask(`/quotes speaker:"${typed}"`))).toEqual(['“Those who target health workers are enemies of the country”']);
    }
  });

  it('marks a low-confidence attribution as uncertain instead of stating the name plainly', async () => {
    services.sqlite.db.prepare('UPDATE quotes SET confidence = 0.2 WHERE speaker = ?').run('Mumtaz Zahra Baloch');
    const reply = await ask('/quotes speaker:Baloch');
    expect(reply.sections.map((s) => s.heading)).toEqual(['Mumtaz Zahra Baloch, spokesperson (attribution uncertain)']);
    services.sqlite.db.prepare('UPDATE quotes SET confidence = 0.9 WHERE speaker = ?').run('Mumtaz Zahra Baloch');
    expect((await ask('/quotes speaker:Baloch')).sections.map((s) => s.heading)).toEqual(['Mumtaz Zahra Baloch, spokesperson']);
  });

  it('answers bad input with a clear message', async () => {
    expect((await ask('/quotes article:999')).description).toBe('There is no article #999 here. /article list shows the ids.');
    expect((await ask('/quotes topic:astrology')).description).toBe('There is no topic "astrology". /topics lists them.');
    expect((await ask('/quotes days:0')).tone).toBe('error');
  });

  it('pages long answers through the page option', async () => {
    await ingest(Array.from({ length: 7 }, (_, i) => ({
      id: `many-${i}`, published: '2025-06-01',
      title: `Briefing number ${i + 1} on the border`,
      text: `The spokesman spoke on day ${i + 1}.\n\n“The border at Torkham stays closed for day ${i + 1},” Sharif said.`,
    })), null);
    const first = await ask('/quotes speaker:Sharif');
    expect(first.paging).toEqual({ page: 1, pages: 2 });
    const second = await ask('/quotes speaker:Sharif page:2');
    expect(second.paging).toEqual({ page: 2, pages: 2 });
    expect(second.sections).toHaveLength(7 - QUOTES_PAGE_SIZE);
    expect(quoted(second)).not.toContain(quoted(first)[0]);
    expect((await ask('/quotes speaker:Sharif page:99')).paging).toEqual({ page: 2, pages: 2 });
    // The console takes any number; SQLite would refuse the offset of page 1e300.
    expect((await ask('/quotes speaker:Sharif page:1e300')).paging).toEqual({ page: 2, pages: 2 });
  });
});

describe('/quotes autocomplete', () => {
  it('offers speakers by name or title, most quoted first, with their quote counts', async () => {
    expect((await autocomplete('', GUILD)).map((c) => c.value)).toEqual(['Khawaja Asif', 'Ahmed Sharif Chaudhry', 'ISPR', 'Mumtaz Zahra Baloch']);
    expect(await autocomplete('defence', GUILD)).toEqual([{ name: 'Khawaja Asif (Defence Minister) · 2 quotes', value: 'Khawaja Asif' }]);
    expect((await autocomplete('ahmed chau', GUILD)).map((c) => c.value)).toEqual(['Ahmed Sharif Chaudhry']);
  });

  it('sees quotes added after it was first asked', async () => {
    expect(await autocomplete('naqvi', GUILD)).toEqual([]);
    await ingest([{ id: 'naqvi', title: 'Naqvi visits Peshawar', text: '“We will not bow,” Interior Minister Mohsin Naqvi said.' }], null);
    expect((await autocomplete('naqvi', GUILD)).map((c) => c.value)).toEqual(['Mohsin Naqvi']);
  });

  it('completes topics for the topic option', async () => {
    expect((await autocomplete('ttp', GUILD, 'topic')).length).toBeGreaterThan(0);
  });
});
