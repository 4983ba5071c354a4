// The store contract: the same cases against both engines of the async store interface, SQLite on a
// real file and PostgreSQL on a real server. What the callers rely on must hold on each; where the
// engines may differ (relevance scales, the order of equal rows) the cases say so and compare only
// what is promised.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DigestSettings } from '../../../src/store/digests.ts';
import type { StoreEngine } from '../../../src/store/engine.ts';
import { aliasQuery, ftsQuery } from '../../../src/store/topics.ts';
import { ENGINES } from './engines.ts';
import { SAME_TEXT, SAME_URL, ITEMS } from './fixtures.ts';
import { hashOf, ingestInto, ingestOneByOne, ingestReport } from './ingest.ts';

const GUILD = '111111111111111111';
const OTHER = '222222222222222222';
const ADDED = '2025-06-12T09:00:00.000Z';
const NOW = new Date('2025-06-12T12:00:00Z');

describe.each(ENGINES)('store contract on $name', (engine) => {
  let store: StoreEngine;

  describe.skipIf(engine.skip)('', () => {
    beforeAll(() => engine.setUp(), 60_000);
    afterAll(() => engine.tearDown());
    beforeEach(async () => {
      store = await engine.open();
    });
    afterEach(() => engine.reset());

    describe('articles', () => {
      it('stores, counts, lists newest first and reads back what analysis stored', async () => {
        const ids = await ingestInto(store, ITEMS, null, ADDED);
        expect(ids).toEqual([1, 2, 3, 4]);
        expect(await store.articles.count(null)).toBe(4);
        const listed = await store.articles.list(null, { limit: 2, offset: 0 });
        expect(listed.map((a) => a.title)).toEqual([ITEMS[3]!.title, ITEMS[1]!.title]);
        const first = (await store.articles.get(1, null))!;
        expect(first).toMatchObject({ id: 1, scope: 'shared', title: ITEMS[0]!.title, outlet: 'Frontier Desk', published: ITEMS[0]!.published, addedAt: ADDED, titleDerived: false });
        const sentences = await store.articles.sentences(1, null);
        const body = await store.articles.body(1, null);
        expect(sentences.length).toBeGreaterThan(1);
        expect(sentences.map((s) => s.text)).toEqual(sentences.map((s) => body.slice(s.start, s.end)));
        const quotes = await store.articles.quotes(1, null);
        expect(quotes.some((q) => q.speaker !== null && q.cue === 'told' && q.text.startsWith('The militants were planning attacks'))).toBe(true);
        const topics = await store.articles.topics(1, null);
        expect(topics.map((t) => t.topicId)).toContain('ttp');
        expect(await store.articles.get(99, null)).toBeNull();
        expect(await store.articles.sentences(99, null)).toEqual([]);
      });

      it('finds duplicates by text (whatever the spacing) and by canonical URL, within what the scope sees', async () => {
        await ingestInto(store, ITEMS, null, ADDED);
        const [sameText] = await ingestInto(store, [SAME_TEXT], null, ADDED).then((ids) => [ids.length]);
        expect(sameText).toBe(0);
        expect(await ingestInto(store, [SAME_URL], null, ADDED)).toEqual([]);
        expect(await ingestInto(store, [SAME_URL], GUILD, ADDED)).toEqual([]); // a guild sees the shared one
        const guildOnly = { ...ITEMS[2]!, id: 'guild-own', title: 'A guild article', text: 'Text only one guild stored, about a checkpoint near Bannu that reopened.' };
        const [own] = await ingestInto(store, [guildOnly], GUILD, ADDED);
        expect(await ingestInto(store, [guildOnly], OTHER, ADDED)).toHaveLength(1); // another guild does not see it
        expect(await store.articles.get(own!, OTHER)).toBeNull();
        expect(await store.articles.get(own!, GUILD)).not.toBeNull();
        expect(await store.articles.count(GUILD)).toBe(5);
        expect(await store.articles.count(null)).toBe(4);
      });

      it('stores a batch as one article at a time would: a repeat within the batch is a duplicate of the first, by text before URL', async () => {
        const [stored] = await ingestInto(store, [ITEMS[1]!], null, ADDED);
        // The same article through the single-article calls, in a guild (the shared batch does not see it).
        const [single] = await ingestOneByOne(store, [ITEMS[0]!], GUILD, ADDED);
        // SAME_TEXT repeats ITEMS[0]'s text, SAME_URL its URL; ITEMS[1] is stored already.
        const report = await ingestReport(store, [ITEMS[0]!, SAME_URL, ITEMS[1]!, SAME_TEXT, ITEMS[2]!], null, ADDED);
        expect(report.added.map((a) => a.source)).toEqual([ITEMS[0]!.id, ITEMS[2]!.id]);
        const [first, third] = report.added.map((a) => a.id);
        expect(report.duplicates).toEqual([
          { source: SAME_URL.id, id: first, title: ITEMS[0]!.title },
          { source: ITEMS[1]!.id, id: stored, title: ITEMS[1]!.title },
          { source: SAME_TEXT.id, id: first, title: ITEMS[0]!.title },
        ]);
        expect(third).toBeGreaterThan(first!);
        // The batch stores what the single-article insert stores: row, sentences, quotes, topics.
        const without = ({ id: _id, scope: _scope, ...rest }: { id: number; scope: string }) => rest;
        expect(without((await store.articles.get(first!, null))!)).toEqual(without((await store.articles.get(single!, GUILD))!));
        expect(await store.articles.sentences(first!, null)).toEqual(await store.articles.sentences(single!, GUILD));
        expect(await store.articles.quotes(first!, null)).toEqual(await store.articles.quotes(single!, GUILD));
        expect(await store.articles.topics(first!, null)).toEqual(await store.articles.topics(single!, GUILD));
        expect((await store.articles.quotes(first!, null)).length).toBeGreaterThan(0);
        const stories = await store.stories.storiesOf([first!, third!], null);
        expect(stories.size).toBe(2);
      });

      it('removes only the scope\'s own articles and remembers the text until it is added again', async () => {
        const [shared] = await ingestInto(store, [ITEMS[0]!], null, ADDED);
        const [own] = await ingestInto(store, [ITEMS[2]!], GUILD, ADDED);
        expect(await store.articles.remove(shared!, GUILD, ADDED)).toBe(false);
        expect(await store.articles.remove(own!, GUILD, ADDED)).toBe(true);
        expect(await store.articles.remove(own!, GUILD, ADDED)).toBe(false);
        expect(await store.articles.quotes(own!, null)).toEqual([]);
        const hash = hashOf(ITEMS[2]!);
        expect(await store.articles.wasRemoved(GUILD, hash)).toBe(true);
        expect(await store.articles.wasRemoved(null, hash)).toBe(false);
        await ingestInto(store, [ITEMS[2]!], GUILD, ADDED);
        expect(await store.articles.wasRemoved(GUILD, hash)).toBe(false);
      });

      it('sees its own forgetting and removing of a text inside one transaction, and commits the last word', async () => {
        const [own] = await ingestInto(store, [ITEMS[2]!], GUILD, ADDED);
        const hash = hashOf(ITEMS[2]!);
        await store.articles.remove(own!, GUILD, ADDED);
        const other = await engine.openAnother();
        await store.transaction(async (tx) => {
          await tx.articles.forgetRemoval(GUILD, hash);
          expect(await tx.articles.wasRemoved(GUILD, hash)).toBe(false);
          // Not yet for anyone else.
          expect(await other.articles.wasRemoved(GUILD, hash)).toBe(true);
        });
        expect(await other.articles.wasRemoved(GUILD, hash)).toBe(false);
        // Forgotten, then the text stored and removed again in the same transaction: removed it stays.
        const [again] = await ingestInto(store, [ITEMS[2]!], GUILD, ADDED);
        await store.articles.remove(again!, GUILD, ADDED);
        await store.transaction(async (tx) => {
          await tx.articles.forgetRemoval(GUILD, hash);
          const [stored] = await ingestInto(tx, [ITEMS[2]!], GUILD, ADDED);
          expect(await tx.articles.remove(stored!, GUILD, ADDED)).toBe(true);
          expect(await tx.articles.wasRemoved(GUILD, hash)).toBe(true);
        });
        expect(await other.articles.wasRemoved(GUILD, hash)).toBe(true);
        // A rolled-back forget forgets nothing.
        await expect(store.transaction(async (tx) => {
          await tx.articles.forgetRemoval(GUILD, hash);
          throw new Error('boom');
        })).rejects.toThrow('boom');
        expect(await other.articles.wasRemoved(GUILD, hash)).toBe(true);
      });

      it('rolls a failed transaction back whole', async () => {
        await ingestInto(store, [ITEMS[0]!], null, ADDED);
        await expect(store.transaction(async (tx) => {
          await tx.digests.putSettings(settings('shared'));
          await ingestInto(tx, [ITEMS[1]!], null, ADDED);
          throw new Error('boom');
        })).rejects.toThrow('boom');
        expect(await store.articles.count(null)).toBe(1);
        expect(await store.digests.settings('shared')).toBeNull();
        expect((await store.articles.searchTitles(null, 'fighters'))).toEqual([]);
      });

      it('never shows a transaction\'s rows to others before it commits', async () => {
        // SQLite's adapter makes an outside call wait for the commit; PostgreSQL answers at once from
        // committed data. Either way, no answer given while the transaction is open counts its article.
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let inserted!: () => void;
        const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
        const writer = store.transaction(async (tx) => {
          await ingestInto(tx, [ITEMS[0]!], null, ADDED);
          inserted();
          await gate;
        });
        await insertedSignal;
        let answered: number | null = null;
        const reader = store.articles.count(null).then((n) => (answered = n));
        await new Promise((resolve) => setTimeout(resolve, 100));
        const whileOpen = answered;
        release();
        await writer;
        expect(whileOpen === null || whileOpen === 0).toBe(true);
        await reader;
        expect(await store.articles.count(null)).toBe(1);
      });

      it('autocompletes titles by every word typed, newest first', async () => {
        await ingestInto(store, ITEMS, null, ADDED);
        expect((await store.articles.searchTitles(null, 'miranshah')).map((e) => e.id)).toEqual([2, 1]);
        expect((await store.articles.searchTitles(null, 'MIRAN raid')).map((e) => e.id)).toEqual([1]);
        expect(await store.articles.searchTitles(null, '100%_')).toEqual([]);
        expect(await store.articles.searchTitles(null, 'miranshah', 1)).toHaveLength(1);
      });

      it('autocompletes titles newest first after a transaction stored them oldest last', async () => {
        // Asked once before, so a process that keeps titles in memory has read them and keeps them since.
        expect(await store.articles.searchTitles(null, 'miranshah')).toEqual([]);
        const [later, earlier] = await ingestInto(store, [ITEMS[1]!, ITEMS[0]!], null, ADDED);
        expect((await store.articles.searchTitles(null, 'miranshah')).map((e) => e.id)).toEqual([later, earlier]);
      });

      it('autocompletes titles another process added or removed (a shard sharing the store)', async () => {
        const other = await engine.openAnother();
        // Asked once before, so a process that keeps titles in memory has read them.
        expect(await other.articles.searchTitles(null, 'miranshah')).toEqual([]);
        const [first] = await ingestInto(store, ITEMS.slice(0, 2), null, ADDED);
        expect((await other.articles.searchTitles(null, 'miranshah')).map((e) => e.id)).toHaveLength(2);
        await store.articles.remove(first!, null, ADDED);
        expect((await other.articles.searchTitles(null, 'miranshah')).map((e) => e.id)).not.toContain(first);
      });
    });

    describe('search and topics', () => {
      const find = async (text: string, scope: string | null = null) =>
        (await store.topics.find(scope, { fts: ftsQuery(text)! }, { since: '2025-01-01', now: NOW, halfLifeDays: 3 }, 10)).stories.map((s) => s.id).sort();

      it('stems ("attacks" finds "attacked"), needs every word, and reads FTS syntax as words', async () => {
        await ingestInto(store, ITEMS, null, ADDED);
        expect(await find('attacks')).toEqual([1, 3]);
        expect(await find('checkpoints gunmen')).toEqual([3]);
        expect(await find('Chaman Miranshah')).toEqual([]);
        expect(await find('Chaman* -"lorries ^(')).toEqual([4]);
      });

      it('ranks a headline match above a body-only one, and counts matches per day', async () => {
        await ingestInto(store, ITEMS, null, ADDED);
        const found = await store.topics.find(null, { fts: ftsQuery('operation')! }, { since: '2025-01-01', now: NOW, halfLifeDays: 1000 }, 10);
        expect(found.stories.map((s) => s.id)).toEqual([2, 1]);
        expect(found.perDay).toEqual([{ day: '2025-06-10', n: 1 }, { day: '2025-06-11', n: 1 }]);
        expect(found.total).toBe(2);
        expect(found.stories[0]!.relevance).toBeGreaterThan(found.stories[1]!.relevance);
      });

      it('answers a tagged topic from the tags, and a guild topic by any of its aliases', async () => {
        await ingestInto(store, ITEMS, null, ADDED);
        const tagged = await store.topics.find(null, { topicId: 'ttp' }, { since: '2025-01-01', now: NOW, halfLifeDays: 3 }, 10);
        expect(tagged.stories.map((s) => s.id).sort()).toEqual([1, 2]);
        expect(await store.topics.addGuildTopic(GUILD, { id: 'crossings', label: 'Crossings', aliases: ['border crossing', 'checkpoint'] }, 'admin', NOW)).toBe(true);
        expect(await store.topics.addGuildTopic(GUILD, { id: 'crossings', label: 'Again', aliases: ['x'] }, 'admin', NOW)).toBe(false);
        const [topic] = await store.topics.guildTopicsOf(GUILD);
        expect(topic).toEqual({ scope: GUILD, id: 'crossings', label: 'Crossings', aliases: ['border crossing', 'checkpoint'] });
        expect(await store.topics.guildTopicsOf(null)).toEqual([]);
        const byAlias = await store.topics.find(GUILD, { fts: aliasQuery(topic!.aliases)! }, { since: '2025-01-01', now: NOW, halfLifeDays: 3 }, 10);
        expect(byAlias.stories.map((s) => s.id).sort()).toEqual([3, 4]);
        expect(await store.topics.removeGuildTopic(GUILD, 'crossings')).toBe(true);
        expect(await store.topics.guildTopicsOf(GUILD)).toEqual([]);
        expect((await store.topics.leads([1], null)).get(1)).toMatch(/^Security forces killed six militants/);
      });

      it('keeps a guild\'s articles out of another guild\'s search', async () => {
        await ingestInto(store, [ITEMS[3]!], GUILD, ADDED);
        expect(await find('Chaman', GUILD)).toEqual([1]);
        expect(await find('Chaman', OTHER)).toEqual([]);
        expect(await find('Chaman')).toEqual([]);
      });

      it('reads a guild article by id only for that guild: sentences, quotes, topics, body, story, details, leads', async () => {
        const [id] = await ingestInto(store, [ITEMS[0]!], GUILD, ADDED);
        for (const [scope, sees] of [[GUILD, true], [OTHER, false], [null, false]] as const) {
          expect((await store.articles.sentences(id!, scope)).length > 0).toBe(sees);
          expect((await store.articles.quotes(id!, scope)).length > 0).toBe(sees);
          expect((await store.articles.topics(id!, scope)).length > 0).toBe(sees);
          expect((await store.articles.body(id!, scope)).length > 0).toBe(sees);
          expect((await store.stories.storiesOf([id!], scope)).has(id!)).toBe(sees);
          expect((await store.digests.details([id!], scope)).has(id!)).toBe(sees);
          expect((await store.topics.leads([id!], scope)).has(id!)).toBe(sees);
          expect((await store.trends.articles([id!], scope)).length > 0).toBe(sees);
        }
      });

      it('charts every match of a window by day, with its story', async () => {
        await ingestInto(store, ITEMS, null, ADDED);
        const matches = await store.trends.matches(null, { fts: ftsQuery('Miranshah')! }, { first: '2025-06-01', last: '2025-06-11' });
        expect(matches.map((m) => [m.id, m.day])).toEqual([[1, '2025-06-10'], [2, '2025-06-11']]);
        expect(matches[0]!.story).toBe(matches[1]!.story); // the two reports of the raid are one story
        expect((await store.trends.articles([2, 1], null)).map((a) => a.id)).toEqual([2, 1]);
        const members = await store.stories.members(matches[0]!.story!, null);
        expect(members.map((m) => m.id).sort()).toEqual([1, 2]);
        expect((await store.stories.storiesOf([1, 2, 3], null)).size).toBe(3);
      });

      it('reads its own placements inside the transaction that made them, before it commits', async () => {
        await store.transaction(async (tx) => {
          const [first, second] = await ingestInto(tx, [ITEMS[0]!, ITEMS[1]!], null, ADDED);
          const stories = await tx.stories.storiesOf([first!, second!], null);
          expect(stories.get(second!)).toBe(first);
          expect((await tx.stories.members(first!, null)).map((m) => m.id).sort()).toEqual([first, second]);
        });
        expect((await store.stories.storiesOf([1, 2], null)).get(2)).toBe(1);
      });

      // Only PostgreSQL runs two transactions of one process at once (SQLite's wait for each other).
      it.skipIf(engine.name !== 'postgres')('keeps placing into its stories when another transaction of the process rolls back meanwhile', async () => {
        await store.transaction(async (tx) => {
          const [first] = await ingestInto(tx, [ITEMS[0]!], null, ADDED);
          await expect(store.transaction(async (other) => {
            await ingestInto(other, [ITEMS[2]!], null, ADDED);
            throw new Error('rolled back meanwhile');
          })).rejects.toThrow('rolled back meanwhile');
          const [second] = await ingestInto(tx, [ITEMS[1]!], null, ADDED);
          // The second report of the raid joins the first, placed before the other's rollback.
          expect((await tx.stories.storiesOf([second!], null)).get(second!)).toBe(first);
        });
      });

      it('forgets the stories a rolled-back transaction placed: a later report of the same raid starts its own', async () => {
        await ingestInto(store, [ITEMS[2]!], null, ADDED);
        await expect(store.transaction(async (tx) => {
          await ingestInto(tx, [ITEMS[0]!], null, ADDED);
          throw new Error('rolled back after placing');
        })).rejects.toThrow('rolled back after placing');
        expect(await store.articles.count(null)).toBe(1);
        // Another article first, so the rolled-back id is taken again on SQLite (rowids are reused).
        await ingestInto(store, [ITEMS[3]!], null, ADDED);
        const [second] = await ingestInto(store, [ITEMS[1]!], null, ADDED);
        const story = (await store.stories.storiesOf([second!], null)).get(second!)!;
        expect(story).toBe(second);
        expect((await store.stories.members(story, null)).map((m) => m.id)).toEqual([second]);
      });
    });

    describe('quotes', () => {
      it('finds quotes by speaker, topic, search and article, newest article first, and autocompletes speakers', async () => {
        await ingestInto(store, ITEMS, null, ADDED);
        // Whatever name attribution gave the colonel: this suite tests the store, not the attribution.
        const speaker = (await store.articles.quotes(1, null))[0]!.speaker!;
        const bySpeaker = await store.quotes.find(null, { speakers: [speaker] }, { limit: 10, offset: 0 });
        expect(bySpeaker.total).toBe(2);
        expect(bySpeaker.quotes.map((q) => q.articleId)).toEqual([2, 1]);
        expect(bySpeaker.quotes[0]).toMatchObject({ speaker, title: ITEMS[1]!.title, date: ITEMS[1]!.published });
        expect((await store.quotes.find(null, { topic: { topicId: 'ttp' }, articleId: 1 }, { limit: 10, offset: 0 })).total).toBe(1);
        expect((await store.quotes.find(null, { topic: { fts: ftsQuery('cleared')! } }, { limit: 10, offset: 0 })).quotes.map((q) => q.articleId)).toEqual([2]);
        expect((await store.quotes.find(null, { since: '2025-06-11' }, { limit: 1, offset: 0 })).quotes).toHaveLength(1);
        expect((await store.quotes.find(GUILD, { speakers: ['Nobody'] }, { limit: 10, offset: 0 })).total).toBe(0);
        expect(await store.quotes.matchSpeakers(GUILD, speaker.toLowerCase(), 5)).toEqual([{ name: speaker, role: expect.anything() as unknown, quotes: 2 }]);
        expect(await store.quotes.matchSpeakers(GUILD, 'zzz', 5)).toEqual([]);
        await ingestInto(store, [{ ...ITEMS[0]!, id: 'guild-copy', text: `${ITEMS[0]!.text} Another line only the guild has.`, url: undefined }], GUILD, ADDED);
        expect((await store.quotes.matchSpeakers(GUILD, speaker, 5))[0]!.quotes).toBe(3);
        expect((await store.quotes.matchSpeakers(null, speaker, 5))[0]!.quotes).toBe(2);
      });

      it('autocompletes a speaker with the role and other names only the scope’s own and shared articles give', async () => {
        // The shared article names the harbour master without his post; a guild's own article gives it.
        const port = { outlet: 'Frontier Desk', published: '2025-06-12T08:00:00Z' };
        await ingestInto(store, [{ ...port, id: 'port-shared', title: 'Port reopens', text: 'The port reopened on Monday after a week.\n\n"Supplies are moving again," Tariq Jamil said on Monday.' }], null, ADDED);
        await ingestInto(store, [{ ...port, id: 'port-guild', title: 'Port reopens to trade', text: 'The port reopened on Monday after a week of closure.\n\n"Trucks are queueing at the gate," said Tariq Jamil, the harbour master.' }], GUILD, ADDED);
        expect((await store.articles.quotes(2, GUILD))[0]).toMatchObject({ speaker: 'Tariq Jamil', role: expect.stringMatching(/harbour master/) as unknown });
        expect(await store.quotes.matchSpeakers(GUILD, 'harbour', 5)).toEqual([{ name: 'Tariq Jamil', role: expect.stringMatching(/harbour master/) as unknown, quotes: 2 }]);
        expect(await store.quotes.matchSpeakers(OTHER, 'harbour', 5)).toEqual([]);
        expect(await store.quotes.matchSpeakers(OTHER, 'tariq', 5)).toEqual([{ name: 'Tariq Jamil', role: null, quotes: 1 }]);
      });
    });

    describe('digests', () => {
      it('keeps settings per guild', async () => {
        await store.digests.putSettings(settings(GUILD));
        await store.digests.putSettings({ ...settings(GUILD), cron: '0 8 * * *', topics: ['ttp'], enabled: false });
        expect(await store.digests.settings(GUILD)).toEqual({ ...settings(GUILD), cron: '0 8 * * *', topics: ['ttp'], enabled: false });
        expect((await store.digests.allSettings()).map((s) => s.guild)).toEqual([GUILD]);
      });

      it('claims a slot once: busy for another live owner, done once posted, takeable after a failure or when its owner is gone', async () => {
        const slot = '2025-06-12T07:00:00.000Z';
        const lease = '2025-06-12T12:05:00.000Z';
        const now = NOW.toISOString();
        const a = await store.digests.claim(GUILD, slot, 'a', now, lease, false);
        expect(a).toMatchObject({ kind: 'claimed', record: { owner: 'a', attempts: 1, state: 'claimed' } });
        expect(await store.digests.claim(GUILD, slot, 'b', now, lease, false)).toEqual({ kind: 'busy', leaseUntil: lease });
        expect(await store.digests.claim(GUILD, slot, 'b', now, lease, false, (holder) => holder === 'a')).toMatchObject({ kind: 'claimed', record: { owner: 'b', attempts: 2 } });
        expect(await store.digests.setPayload(GUILD, slot, 'a', [], 'chan', { start: 's', end: 'e' })).toBe(false); // a lost it
        const payload = [{ title: 'Digest', sections: [] }] as never;
        expect(await store.digests.setPayload(GUILD, slot, 'b', payload, 'chan', { start: '2025-06-11T07:00:00.000Z', end: slot })).toBe(true);
        expect(await store.digests.recordParts(GUILD, slot, 'b', [['m1']], ['m2'])).toBe(true);
        expect((await store.digests.unfinished(GUILD, '2025-06-01')).map((r) => r.slot)).toEqual([slot]);
        await store.digests.release(GUILD, slot, 'b', 'rate limited', '2025-06-12T12:01:00.000Z');
        const retried = await store.digests.claim(GUILD, slot, 'b', now, lease, false);
        expect(retried).toMatchObject({ kind: 'claimed', record: { attempts: 3, messageIds: [['m1']], partialIds: ['m2'], payload, channelId: 'chan', error: 'rate limited' } });
        expect(await store.digests.markPosted(GUILD, slot, 'b', now)).toBe(true);
        expect(await store.digests.claim(GUILD, slot, 'c', now, lease, false)).toMatchObject({ kind: 'done', record: { state: 'posted', postedAt: now, leaseUntil: null, error: null } });
        expect((await store.digests.lastPosted(GUILD))!.slot).toBe(slot);
        await store.digests.skip(GUILD, slot, 'late');
        expect((await store.digests.slot(GUILD, slot))!.state).toBe('posted');
        await store.digests.skip(GUILD, '2025-06-11T07:00:00.000Z', 'missed while down');
        expect(await store.digests.earliestSlot(GUILD)).toMatchObject({ state: 'skipped', late: true, error: 'missed while down' });
        expect(await store.digests.slot(OTHER, slot)).toBeNull();
      });

      it('claims alone only while no other slot of the guild is held by a live process', async () => {
        const lease = '2025-06-12T12:05:00.000Z';
        const now = NOW.toISOString();
        expect((await store.digests.claim(GUILD, '2025-06-12T07:00:00.000Z', 'a', now, lease, false)).kind).toBe('claimed');
        expect(await store.digests.claim(GUILD, '2025-06-12T12:00:00.000Z', 'b', now, lease, false, () => false, true)).toEqual({ kind: 'elsewhere' });
        expect((await store.digests.claim(GUILD, '2025-06-12T12:00:00.000Z', 'b', now, lease, false, () => true, true)).kind).toBe('claimed');
        expect((await store.digests.claim(OTHER, '2025-06-12T12:00:00.000Z', 'b', now, lease, false, () => false, true)).kind).toBe('claimed');
      });

      it('reads a digest window: candidates with whether they quote a named speaker and their topics, then details', async () => {
        await ingestInto(store, ITEMS, null, ADDED);
        await ingestInto(store, [{ ...ITEMS[2]!, id: 'g', published: '2025-06-11T10:00:00Z', text: 'A guild text about a checkpoint near Bannu that reopened on Friday.', title: 'Guild checkpoint' }], GUILD, ADDED);
        const window = { since: '2025-06-12T00:00:00.000Z', until: ADDED, publishedFrom: '2025-06-01' };
        const shared = await store.digests.candidates('shared', window);
        expect(shared.map((c) => c.id).sort()).toEqual([1, 2, 4]); // the May article is an archive piece
        const raid = shared.find((c) => c.id === 1)!;
        expect(raid).toMatchObject({ published: ITEMS[0]!.published, addedAt: ADDED, quoted: true });
        expect(raid.topics.map((t) => t.topicId)).toContain('ttp');
        const byId = (a: { topicId: string }, b: { topicId: string }) => a.topicId.localeCompare(b.topicId);
        // The scores exactly as stored (PostgreSQL aggregates them through JSON).
        expect([...raid.topics].sort(byId)).toEqual((await store.articles.topics(1, null)).map(({ topicId, score }) => ({ topicId, score })).sort(byId));
        expect(shared.find((c) => c.id === 4)!.quoted).toBe(false);
        expect((await store.digests.candidates(GUILD, window)).map((c) => c.id).sort()).toEqual([1, 2, 4, 5]);
        expect(await store.digests.candidates('shared', { ...window, since: ADDED })).toEqual([]);
        const details = await store.digests.details([4, 1], null);
        expect(details.get(4)).toEqual({ title: ITEMS[3]!.title, outlet: 'Valley Wire', url: null, lead: expect.stringMatching(/^The Chaman border crossing/) as unknown });
        expect(details.size).toBe(2);
      });

      it('two processes claiming one slot at the same instant: exactly one wins, every round', async () => {
        const other = await engine.openAnother();
        const now = NOW.toISOString();
        const lease = '2025-06-12T12:05:00.000Z';
        for (let round = 0; round < 10; round++) {
          const slot = `2025-06-12T07:${String(round).padStart(2, '0')}:00.000Z`;
          const outcomes = await Promise.all([
            store.digests.claim(GUILD, slot, 'process-a', now, lease, false),
            other.digests.claim(GUILD, slot, 'process-b', now, lease, false),
          ]);
          expect(outcomes.map((o) => o.kind).sort()).toEqual(['busy', 'claimed']);
        }
      });

      it('/digest now pressed twice at the same instant in two processes (two slots, alone): one posts', async () => {
        const other = await engine.openAnother();
        const lease = '2025-06-12T12:05:00.000Z';
        for (let round = 0; round < 10; round++) {
          const guild = `9000000000000000${String(round).padStart(2, '0')}`;
          const outcomes = await Promise.all([
            store.digests.claim(guild, '2025-06-12T12:00:00.100Z', 'process-a', NOW.toISOString(), lease, false, () => false, true),
            other.digests.claim(guild, '2025-06-12T12:00:00.200Z', 'process-b', NOW.toISOString(), lease, false, () => false, true),
          ]);
          expect(outcomes.map((o) => o.kind).sort()).toEqual(['claimed', 'elsewhere']);
        }
      });
    });

    describe('feeds', () => {
      it('adds once per scope, polls when due, counts failures and remembers seen items', async () => {
        const t0 = new Date('2025-06-12T09:00:00Z');
        const feed = (await store.feeds.add(GUILD, 'https://example.org/rss', 'command', ['ttp'], 'admin', t0))!;
        expect(feed).toMatchObject({ scope: GUILD, url: 'https://example.org/rss', origin: 'command', topics: ['ttp'], failures: 0, nextPollAt: t0.toISOString(), lastSuccessAt: null });
        expect(await store.feeds.add(GUILD, 'https://example.org/rss', 'command', [], 'admin', t0)).toBeNull();
        const shared = (await store.feeds.add(null, 'https://example.org/shared', 'config', [], null, t0))!;
        await store.feeds.add(null, 'https://example.org/kept', 'config', [], null, t0);
        expect((await store.feeds.listOwn(GUILD)).map((f) => f.id)).toEqual([feed.id]);
        expect((await store.feeds.all()).length).toBe(3);
        await store.feeds.setNextPoll(feed.id, new Date('2025-06-12T10:00:00Z'));
        expect((await store.feeds.due(new Date('2025-06-12T09:30:00Z'))).map((f) => f.id)).toEqual([shared.id, shared.id + 1]);
        await store.feeds.recordFailure(feed.id, 'HTTP 500', t0, t0, 2);
        const failing = (await store.feeds.recordFailure(feed.id, 'HTTP 503', t0, t0, 2))!;
        expect(failing).toMatchObject({ failures: 2, lastError: 'HTTP 503', failingReason: 'HTTP 503', failingSince: t0.toISOString() });
        await store.feeds.markFailingTold(feed.id, t0);
        expect((await store.feeds.get(feed.id))!.failingToldAt).toBe(t0.toISOString());
        await store.feeds.recordSuccess(feed.id, { title: 'Example', etag: '"v1"', lastModified: null, now: t0, nextPollAt: t0 });
        expect(await store.feeds.get(feed.id)).toMatchObject({ title: 'Example', etag: '"v1"', failures: 0, failingReason: null, failingToldAt: null, lastSuccessAt: t0.toISOString() });
        expect(await store.feeds.hasSeenAny(feed.id)).toBe(false);
        await store.feeds.markSeen(feed.id, [
          { key: 'a', outcome: 'added', bodyFrom: 'item', articleId: 1 },
          { key: 'b', outcome: 'rejected', reason: 'too short' },
          { key: 'a', outcome: 'duplicate' },
        ], t0);
        expect([...(await store.feeds.seenKeys(feed.id, ['a', 'c', 'b']))].sort()).toEqual(['a', 'b']);
        expect(await store.feeds.itemCounts(feed.id)).toEqual({ added: 1, fromItemText: 1, rejected: 1 });
        expect(await store.feeds.itemCounts(shared.id)).toEqual({ added: 0, fromItemText: 0, rejected: 0 });
        expect(await store.feeds.removeConfiguredExcept(['https://example.org/kept'])).toBe(1);
        expect(await store.feeds.remove(OTHER, feed.id)).toBe(false);
        expect(await store.feeds.remove(GUILD, feed.id)).toBe(true);
        expect((await store.feeds.all()).map((f) => f.url)).toEqual(['https://example.org/kept']);
      });
    });
  });
});

function settings(guild: string): DigestSettings {
  return { guild, channelId: 'chan', cron: '0 7 * * *', timezone: 'Asia/Karachi', topics: [], maxStories: 5, enabled: true, updatedAt: '2025-06-01T00:00:00.000Z' };
}
