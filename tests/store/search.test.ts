import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askCommandLine, type Caller } from '../../src/app.ts';
import { findCommand } from '../../commands/index.ts';
import { replyToText } from '../../src/console/render.ts';
import { openDatabase } from '../../src/store/db.ts';
import { Store } from '../../src/store/store.ts';
import { ftsQuery } from '../../src/store/topics.ts';
import { tempDir, type TestServices, testServices } from '../support/store.ts';

const NOW = new Date('2025-06-12T09:00:00Z');
const GUILD: Caller = { guildId: '111111111111111111', userId: 'admin', isAdmin: true };
const OTHER_GUILD: Caller = { guildId: '222222222222222222', userId: 'admin', isAdmin: true };

interface Item {
  id: string;
  title: string;
  text: string;
  published: string;
  outlet?: string;
}

const ITEMS: Item[] = [
  {
    id: 'nw-dawn', outlet: 'Dawn', published: '2025-06-10',
    title: 'Eight terrorists killed in North Waziristan operation, says ISPR',
    text: 'Security forces killed eight terrorists during an intelligence-based operation in North Waziristan\'s Datta Khel area, the Inter-Services Public Relations said on Tuesday. The militants belonged to the Tehreek-e-Taliban Pakistan, the statement said.\n\n"The terrorists were involved in attacks on security forces," the ISPR said.',
  },
  {
    id: 'nw-geo', outlet: 'Geo News', published: '2025-06-11',
    title: 'Datta Khel raid: security forces say eight TTP militants dead',
    text: 'Pakistan\'s security forces said they had killed eight militants of the Tehreek-e-Taliban Pakistan in an overnight raid in Datta Khel in North Waziristan. ISPR said a sanitisation operation was under way in the area.',
  },
  {
    id: 'bannu-old', outlet: 'APP', published: '2025-05-01',
    title: 'TTP militants attacked a police post in Bannu',
    text: 'Militants of the Tehreek-e-Taliban Pakistan attacked a police post in Bannu district, killing two policemen, officials said. The TTP claimed the attack.',
  },
  {
    id: 'torkham', outlet: 'Frontier Desk', published: '2025-06-12',
    title: 'Torkham crossing reopens after three days',
    text: 'The Torkham border crossing between Pakistan and Afghanistan reopened on Thursday after a three-day closure that stranded hundreds of trucks on both sides.',
  },
];

let services: TestServices;

async function ingest(items: Item[], scope: string | null = null): Promise<void> {
  const report = await services.ingestor.ingestText('test.jsonl', items.map((i) => JSON.stringify(i)).join('\n'), 'jsonl', scope);
  expect(report.added).toHaveLength(items.length);
}

async function ask(line: string, caller?: Caller): Promise<string> {
  return replyToText(await askCommandLine(services, line, caller));
}

beforeEach(async () => {
  services = testServices({}, () => NOW);
  await ingest(ITEMS);
});
afterEach(() => services.cleanup());

describe('full-text search', () => {
  const search = (text: string, scope: string | null = null, since = '2025-01-01') =>
    services.sqlite.topics.find(scope, { fts: ftsQuery(text)! }, { since, now: NOW, halfLifeDays: 3 }, 10).stories.map((s) => s.title);

  it('stems: "attacks" finds "attacked", "raids" finds "raid"', () => {
    expect(search('attacks')).toContain('TTP militants attacked a police post in Bannu');
    expect(search('raids')).toEqual(['Datta Khel raid: security forces say eight TTP militants dead']);
  });

  it('needs every word, and treats FTS syntax in the query as words', () => {
    expect(search('Torkham trucks')).toEqual(['Torkham crossing reopens after three days']);
    expect(search('Torkham Bannu')).toEqual([]);
    expect(search('Torkham* -"trucks ^(')).toEqual(['Torkham crossing reopens after three days']);
    expect(ftsQuery('—')).toBeNull();
  });

  it('ranks by relevance and recency: a recent story beats an older one with more matches', () => {
    const titles = search('militants TTP');
    expect(titles[0]).toBe('Datta Khel raid: security forces say eight TTP militants dead');
    expect(titles.at(-1)).toBe('TTP militants attacked a police post in Bannu');
  });

  it('keeps the window and the scope: a guild article is found only in that guild', async () => {
    expect(search('attacks', null, '2025-06-01')).not.toContain('TTP militants attacked a police post in Bannu');
    await ingest([{ id: 'g', title: 'Chaman crossing closed', text: 'The Chaman crossing was closed after an exchange of fire.', published: '2025-06-12' }], GUILD.guildId);
    expect(search('Chaman', GUILD.guildId)).toEqual(['Chaman crossing closed']);
    expect(search('Chaman', OTHER_GUILD.guildId)).toEqual([]);
    expect(search('Chaman')).toEqual([]);
  });

  it('reads a guild article’s sentences, quotes, topics and story only for that guild, by id or not', async () => {
    await ingest([{ id: 'g', title: 'Chaman crossing closed', text: 'The Chaman crossing was closed after an exchange of fire, officials said. "Trade has stopped," a trader said.', published: '2025-06-12' }], GUILD.guildId);
    const id = services.sqlite.articles.searchTitles(GUILD.guildId, 'Chaman crossing')[0]!.id;
    const { articles, stories, digests, topics, trends } = services.sqlite;
    for (const [scope, sees] of [[GUILD.guildId, true], [OTHER_GUILD.guildId, false], [null, false]] as const) {
      expect(articles.sentences(id, scope).length > 0).toBe(sees);
      expect(articles.quotes(id, scope).length > 0).toBe(sees);
      expect(articles.body(id, scope).length > 0).toBe(sees);
      expect(stories.storiesOf([id], scope).has(id)).toBe(sees);
      expect(digests.details([id], scope).has(id)).toBe(sees);
      expect(topics.leads([id], scope).has(id)).toBe(sees);
      expect(trends.articles([id], scope).length > 0).toBe(sees);
    }
  });

  it('indexes the articles of a file written before the search index existed', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    const old = openDatabase(file, { migrateTo: 3 });
    old.prepare(`INSERT INTO articles (scope, title, added_at, published, body, paragraph_sections, sections, noise, format, text_hash)
      VALUES ('shared', 'Old report', '2025-06-01T00:00:00Z', '2025-06-01', 'Gunmen attacked a checkpost in Kurram.', '[null]', '[]', '[]', 'text', 'h1')`).run();
    old.close();
    const store = Store.open(file);
    const found = store.topics.find(null, { fts: ftsQuery('attack')! }, { since: '2025-01-01', now: NOW, halfLifeDays: 3 }, 5);
    store.close();
    rmSync(dir, { recursive: true, force: true });
    expect(found.stories.map((s) => s.title)).toEqual(['Old report']);
  });

  it('forgets a removed article (the index follows the table)', async () => {
    await ingest([{ id: 'g', title: 'Chaman crossing closed', text: 'The Chaman crossing was closed after an exchange of fire.', published: '2025-06-12' }], GUILD.guildId);
    const [story] = services.sqlite.topics.find(GUILD.guildId, { fts: '"chaman"' }, { since: '2025-01-01', now: NOW, halfLifeDays: 3 }, 1).stories;
    expect(services.sqlite.articles.remove(story!.id, GUILD.guildId, NOW.toISOString())).toBe(true);
    expect(search('Chaman', GUILD.guildId)).toEqual([]);
  });
});

describe('/topic', () => {
  it('briefs a topic: each story once with "also reported by", its summary, a quote and articles per day', async () => {
    const text = await ask('/topic name:ttp days:7');
    expect(text).toContain('TTP (Tehreek-e-Taliban Pakistan): the last 7 days');
    expect(text.match(/Also reported by/g)).toHaveLength(1);
    expect(text).toMatch(/Also reported by (Dawn|Geo News) \(#\d+\)/);
    expect(text).toContain("Pakistan's security forces said they had killed eight militants");
    expect(text).toContain('## Key quotes\n“The terrorists were involved in attacks on security forces” (');
    expect(text).toContain('## Articles per day');
    expect(text).toMatch(/2025-06-10 ▇+ 1\n2025-06-11 ▇+ 1/);
    expect(text).not.toContain('Bannu');
    // The sentence that made the story belong to the topic, stored at ingest.
    expect(text).toMatch(/Why: [^\n]*Tehreek-e-Taliban Pakistan/);
  });

  it('answers a free-text query, and a longer window reaches older stories', async () => {
    expect(await ask('/topic query:attacks days:60')).toContain('TTP militants attacked a police post in Bannu');
    expect(await ask('/topic query:"Torkham crossing"')).toContain('Torkham crossing reopens after three days');
  });

  it('explains what is wrong with the request instead of failing', async () => {
    expect(await ask('/topic')).toContain('Give name: (a topic; /topics lists them) or query: (free text).');
    expect(await ask('/topic name:ttp query:x')).toContain('not both');
    expect(await ask('/topic name:nonsense')).toContain('There is no topic "nonsense". /topics lists them.');
    expect(await ask('/topic name:iskp')).toContain('No articles since 2025-06-06');
  });

  it('autocompletes topic names from memory, at most 25', async () => {
    const command = findCommand('topic')!;
    const choices = async (value: string) => await command.autocomplete!({ services, scope: null, subcommand: null, focused: { name: 'name', value }, options: {} });
    expect((await choices('tt'))[0]).toEqual({ name: 'TTP (Tehreek-e-Taliban Pakistan)', value: 'ttp' });
    expect((await choices('torkham')).map((c) => c.value)).toEqual(['pak-afghan-border']);
    expect((await choices('')).length).toBeLessThanOrEqual(25);
    expect(await choices('zzzz')).toEqual([]);
  });
});

describe('/topic-admin', () => {
  // A third report of the Datta Khel raid, with the place in its headline. The Dawn report of ITEMS names
  // Datta Khel once, in its lead, as where the operation took place: whether that alone makes it a Datta
  // Khel story is the fitted model's call (data/topic-weights.json), so these tests do not lean on it.
  const APP_REPORT: Item = {
    id: 'nw-app', outlet: 'APP', published: '2025-06-11',
    title: 'Eight TTP militants killed in Datta Khel operation: ISPR',
    text: 'Security forces killed eight militants of the Tehreek-e-Taliban Pakistan in an operation in Datta Khel, North Waziristan, the ISPR said on Tuesday.',
  };

  it('adds a topic kept to its server, found by its aliases, and removes it', async () => {
    await ingest([APP_REPORT]);
    expect(await ask('/topic-admin add id:datta-khel label:"Datta Khel" aliases:"Datta Khel, Datta-Khel"', GUILD)).toContain('Added topic Datta Khel (datta-khel)');
    expect(await ask('/topic-admin list', GUILD)).toContain('Datta Khel (datta-khel): Datta Khel, Datta-Khel');
    expect(await ask('/topic-admin list', OTHER_GUILD)).toContain('None yet');
    const brief = await ask('/topic name:datta-khel', GUILD);
    expect(brief).toContain('Datta Khel: the last 7 days');
    expect(brief).toContain('Also reported by');
    expect(brief).toMatch(/Why: [^\n]*Datta Khel/);
    expect(await ask('/topic name:datta-khel', OTHER_GUILD)).toContain('There is no topic "datta-khel"');
    expect(await ask('/topics', GUILD)).toContain('This server’s topics');
    expect(await ask('/topic-admin remove id:datta-khel', GUILD)).toContain('Removed topic datta-khel');
    expect(await ask('/topic-admin remove id:datta-khel', GUILD)).toContain('This server has no topic "datta-khel"');
  });

  it('tags a server topic by the same evidence rules: a mention buried in paragraph nine is not a story', async () => {
    const floods = ['Floods in Sindh displaced thousands of families on Monday, officials said.', 'Relief camps were set up in Sukkur and Larkana.',
      'The provincial government asked for more tents.', 'Doctors warned of waterborne diseases.', 'Rescue teams used boats to reach villages.',
      'More rain is forecast for the coming week.', 'Farmers said the cotton crop had been destroyed.', 'Vegetable prices rose in Hyderabad.',
      'Separately, traders from Datta Khel were among those stranded on the highway.'];
    await ingest([APP_REPORT, { id: 'floods', title: 'Floods displace thousands in Sindh', text: floods.join('\n\n'), published: '2025-06-11' }]);
    expect(await ask('/topic query:"Datta Khel"')).toContain('Floods displace thousands in Sindh');
    await ask('/topic-admin add id:datta-khel label:"Datta Khel" aliases:"Datta Khel"', GUILD);
    const brief = await ask('/topic name:datta-khel', GUILD);
    expect(brief).toContain('2 articles since');
    expect(brief).toMatch(/Why: [^\n]*Datta Khel/);
    expect(brief).not.toContain('Floods displace thousands in Sindh');
  });

  it('refuses bad ids, shared ids, duplicates and non-admins', async () => {
    expect(await ask('/topic-admin add id:"Bad Id" label:X aliases:x', GUILD)).toContain('The id must be lowercase letters');
    expect(await ask('/topic-admin add id:ttp label:X aliases:x', GUILD)).toContain('"ttp" is already a shared topic');
    expect(await ask('/topic-admin add id:x label:X aliases:" , "', GUILD)).toContain('Give at least one alias');
    await ask('/topic-admin add id:x label:X aliases:x', GUILD);
    expect(await ask('/topic-admin add id:x label:X aliases:y', GUILD)).toContain('already has a topic "x"');
    expect(await ask('/topic-admin list', { ...GUILD, isAdmin: false })).toContain('Only server admins');
    expect(await ask('/topic-admin list')).toContain('Server topics belong to a Discord server');
  });
});
