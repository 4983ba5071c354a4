// Autocomplete on PostgreSQL keeps the speaker index and a server's own topics per process
// (src/store/pg/suggestions.ts): no database read per keystroke, what another process changed shown
// within SUGGESTION_TTL_MS, this process's own changes and every command at once. Two engines on one
// database stand for two bot processes; the first one's clock is moved by hand.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SUGGESTION_TTL_MS } from '../../../src/store/engine.ts';
import { PgEngine } from '../../../src/store/pg/engine.ts';
import { skipPostgres, startPostgres, type TestPostgres } from '../../support/postgres.ts';
import { ITEMS } from '../contract/fixtures.ts';
import { ingestInto } from '../contract/ingest.ts';

const GUILD = '111111111111111111';
const ADDED = '2025-06-12T09:00:00.000Z';
const PORT = {
  id: 'port', outlet: 'Frontier Desk', published: '2025-06-12T08:00:00Z', title: 'Port reopens',
  text: 'The port reopened on Monday after a week.\n\n"Supplies are moving again," Tariq Jamil said on Monday.',
};
const CROSSINGS = { id: 'crossings', label: 'Border crossings', aliases: ['Torkham', 'Chaman'] };

describe.skipIf(skipPostgres())('autocomplete on PostgreSQL', () => {
  let server: TestPostgres;
  let here: PgEngine;
  let elsewhere: PgEngine;
  let clock = 0;

  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase('suggestions');
    here = await PgEngine.open(url, { suggestions: { now: () => clock } });
    elsewhere = await PgEngine.open(url);
  }, 60_000);

  afterAll(async () => {
    await here?.close();
    await elsewhere?.close();
    await server?.stop();
  });

  it('suggests speakers from memory, this process’s articles at once and another’s within the TTL', async () => {
    await ingestInto(here, ITEMS, null, ADDED);
    const colonel = (await here.articles.quotes(1, null))[0]!.speaker!;
    expect((await here.quotes.speakerSuggestions(null, colonel, 5)).map((s) => s.name)).toEqual([colonel]);

    const queries = vi.spyOn(here.pool, 'query');
    try {
      for (const typed of ['c', 'co', 'col']) await here.quotes.speakerSuggestions(null, typed, 5);
      expect(queries).not.toHaveBeenCalled();

      await ingestInto(elsewhere, [PORT], null, ADDED);
      expect(await here.quotes.speakerSuggestions(null, 'tariq', 5)).toEqual([]);
      clock += SUGGESTION_TTL_MS - 1;
      expect(await here.quotes.speakerSuggestions(null, 'tariq', 5)).toEqual([]);
      expect(queries).not.toHaveBeenCalled();
      clock += 1;
      expect((await here.quotes.speakerSuggestions(null, 'tariq', 5)).map((s) => s.name)).toEqual(['Tariq Jamil']);
      expect(queries).toHaveBeenCalled();
    } finally {
      queries.mockRestore();
    }
  });

  it('drops a removed article’s speakers from suggestions at once when this process removes it', async () => {
    const [id] = await ingestInto(here, [{ ...PORT, id: 'port-3', text: `${PORT.text}\n\n"Queues are shorter," said Salma Qazi.` }], null, ADDED);
    expect((await here.quotes.speakerSuggestions(null, 'salma', 5)).map((s) => s.name)).toEqual(['Salma Qazi']);
    expect(await here.articles.remove(id!, null, ADDED)).toBe(true);
    expect(await here.quotes.speakerSuggestions(null, 'salma', 5)).toEqual([]);
  });

  it('does not take a check that overlapped this process’s own ingest as fresh', async () => {
    clock += SUGGESTION_TTL_MS;
    // The check's answer (the version query's) is held back until the ingest has committed.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    type Query = (...args: unknown[]) => Promise<unknown>;
    const query = here.pool.query.bind(here.pool) as Query;
    const queries = vi.spyOn(here.pool, 'query').mockImplementationOnce((async (...args: unknown[]) => {
      const answer = await query(...args);
      await held;
      return answer;
    }) as never);
    try {
      const checking = here.quotes.speakerSuggestions(null, 'imran', 5);
      await ingestInto(here, [{ ...PORT, id: 'port-4', text: `${PORT.text}\n\n"We are ready," said Imran Baig.` }], null, ADDED);
      release();
      expect(await checking).toEqual([]);
    } finally {
      queries.mockRestore();
    }
    expect((await here.quotes.speakerSuggestions(null, 'imran', 5)).map((s) => s.name)).toEqual(['Imran Baig']);
  });

  it('resolves /quotes speaker: as the database stands, whatever the suggestions hold', async () => {
    await ingestInto(elsewhere, [{ ...PORT, id: 'port-2', text: `${PORT.text}\n\n"Trade is back," said Nadia Rauf.` }], null, ADDED);
    expect(await here.quotes.speakerSuggestions(null, 'nadia', 5)).toEqual([]);
    expect((await here.quotes.matchSpeakers(null, 'nadia', 5)).map((s) => s.name)).toEqual(['Nadia Rauf']);
  });

  it('suggests a server’s own topics from memory: its own changes at once, another process’s within the TTL', async () => {
    expect(await here.topics.guildTopicSuggestions(GUILD)).toEqual([]);
    await elsewhere.topics.addGuildTopic(GUILD, CROSSINGS, 'admin', new Date(ADDED));
    const queries = vi.spyOn(here.pool, 'query');
    try {
      expect(await here.topics.guildTopicSuggestions(GUILD)).toEqual([]);
      expect(queries).not.toHaveBeenCalled();
      clock += SUGGESTION_TTL_MS;
      expect((await here.topics.guildTopicSuggestions(GUILD)).map((t) => t.id)).toEqual(['crossings']);
      expect(queries).toHaveBeenCalledTimes(1);
    } finally {
      queries.mockRestore();
    }
    // Commands read the database every time.
    await elsewhere.topics.removeGuildTopic(GUILD, 'crossings');
    expect(await here.topics.guildTopicsOf(GUILD)).toEqual([]);
    // This process's own change, at once.
    await here.topics.addGuildTopic(GUILD, { ...CROSSINGS, id: 'ports', label: 'Ports' }, 'admin', new Date(ADDED));
    expect((await here.topics.guildTopicSuggestions(GUILD)).map((t) => t.id)).toEqual(['ports']);
    await here.topics.removeGuildTopic(GUILD, 'ports');
    expect(await here.topics.guildTopicSuggestions(GUILD)).toEqual([]);
  });
});
