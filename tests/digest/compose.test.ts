// What a digest contains and how it reads: real articles through ingest and a real store, the story
// clusters of tests/fixtures/stories.json, the seed article's quote, and the ranking rules on their own.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeDigestFor, type DetailsLoader, type DigestRequest, digestWindow, rankStories, type TopicLookup } from '../../src/digest/compose.ts';
import type { Reply } from '../../src/reply.ts';
import type { ArticleDetails, WindowArticle } from '../../src/store/digests.ts';
import { REPO_ROOT } from '../support/corpora.ts';
import { addArticles, type ArticleRecord, type Clocked, clockedServices, distinctStories, GUILD } from './support.ts';

interface FixtureStory {
  id: string;
  event: string;
  outlet: string;
  title: string;
  lead: string;
}

const STORIES = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests/fixtures/stories.json'), 'utf8')) as { stories: FixtureStory[] }).stories;
const SEED = readFileSync(path.join(REPO_ROOT, 'data/articles/000_5f0f804997b76dbb.txt'), 'utf8');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setUp(): Clocked {
  const services = clockedServices('2026-11-25T10:00:00.000Z');
  cleanups.push(() => services.cleanup());
  return services;
}

const request = (overrides: Partial<DigestRequest> = {}): DigestRequest => ({
  scope: GUILD,
  since: new Date('2026-11-25T03:00:00.000Z'),
  until: new Date('2026-11-26T03:00:00.000Z'),
  timezone: 'Asia/Karachi',
  maxStories: 8,
  topics: [],
  ...overrides,
});

/** Story titles without the topic label in front (the tagger's choice, not this test's business). */
function storyTitles(reply: Reply): string[] {
  return reply.sections.map((s) => s.heading!.split(' · ').slice(1).join(' · '));
}

function fixtureArticles(): ArticleRecord[] {
  // No published dates: the fixtures are from 2025 and would read as archive pieces ingested today.
  return STORIES.map((s) => ({
    title: s.title,
    text: `${s.lead}\n\nFurther details were awaited.`,
    outlet: s.outlet,
    url: `https://${s.outlet.toLowerCase().replace(/\W+/g, '-')}.example/${s.id}`,
  }));
}

describe('composing a digest from the store', () => {
  it('makes one story of one event reported by several outlets, with a link to each, and ranks it high', async () => {
    const services = setUp();
    await addArticles(services, fixtureArticles());
    const { reply, stories } = await composeDigestFor(services, request());
    expect(stories).toBeLessThanOrEqual(8);
    const waziristan = reply.sections.filter((s) => s.links?.some((l) => l.url.includes('/nw-')));
    expect(waziristan).toHaveLength(1);
    expect(waziristan[0]!.links!.map((l) => l.label).sort()).toEqual(['Dawn', 'Geo News', 'The Express Tribune']);
    expect(waziristan[0]!.lines.at(-1)).toMatch(/^Covered by .+ \(3 articles\)$/);
    expect(reply.sections.indexOf(waziristan[0]!)).toBeLessThan(3);
    // The look-alike press releases (same template, Khost and Zabul) are not merged.
    const all = (await composeDigestFor(services, request({ maxStories: 20 }))).reply.sections;
    const storyOf = (id: string) => all.findIndex((s) => s.links?.some((l) => l.url.endsWith(`/${id}`)));
    expect(storyOf('isaf-khost')).toBeGreaterThanOrEqual(0);
    expect(storyOf('isaf-zabul')).not.toBe(storyOf('isaf-khost'));
  });

  it('tells a story with its best stored summary sentences and its key quote with the speaker', async () => {
    const services = setUp();
    await services.ingestor.ingestText('seed.txt', SEED, 'text', null);
    const { reply } = await composeDigestFor(services, request());
    const [section] = reply.sections;
    expect(section!.lines[0]).toMatch(/^Defence Minister Khawaja Asif has said/);
    expect(section!.lines.some((l) => /^“.+” — Khawaja Asif/.test(l))).toBe(true);
    expect(reply.footer).toMatch(/quoted from the articles/);
  });

  it('headlines a story only with a quotation a cue word attributes, not an inferred one', async () => {
    const services = setUp();
    await services.ingestor.ingestText('inferred.txt', 'Interior Ministry account of the Kurram talks questioned\n\nTwo years before the leak, the Interior Ministry gave an “inaccurate and incomplete” account of the Kurram talks, officials in Peshawar now say.', 'text', null);
    const [quote] = await services.store.articles.quotes(1, null);
    expect(quote).toMatchObject({ speaker: 'Interior Ministry', cue: null });
    const [section] = (await composeDigestFor(services, request())).reply.sections;
    expect(section!.lines.some((l) => l.startsWith('“'))).toBe(false);
  });

  it('shows a guild its own articles and the shared ones, never another guild’s', async () => {
    const services = setUp();
    const [shared, mine, theirs] = distinctStories(3);
    await addArticles(services, [shared!]);
    await addArticles(services, [mine!], GUILD);
    await addArticles(services, [theirs!], '100000000000000002');
    expect(storyTitles((await composeDigestFor(services, request())).reply).sort()).toEqual([mine!.title, shared!.title].sort());
  });

  it('covers only its window, and leaves out archive pieces ingested today', async () => {
    const services = setUp();
    services.setNow('2026-11-24T10:00:00.000Z');
    const [before, inside, archive] = distinctStories(3);
    await addArticles(services, [before!]);
    services.setNow('2026-11-25T10:00:00.000Z');
    await addArticles(services, [inside!, { ...archive!, published: '2011-10-08' }]);
    const { reply, articles } = await composeDigestFor(services, request());
    expect(articles).toBe(1);
    expect(storyTitles(reply)).toEqual([inside!.title]);
  });

  it('keeps to max-stories and says how many new articles there were in all', async () => {
    const services = setUp();
    await addArticles(services, distinctStories(12));
    const { reply, stories } = await composeDigestFor(services, request({ maxStories: 5 }));
    expect(stories).toBe(5);
    expect(reply.description).toBe('5 stories from 5 articles (12 new in all) since Wed, 25 Nov 2026, 08:00.');
  });

  it('an empty window is one short line', async () => {
    const services = setUp();
    const { reply, stories } = await composeDigestFor(services, request());
    expect(stories).toBe(0);
    expect(reply).toMatchObject({ title: 'Security digest · Thu, 26 Nov 2026, 08:00 (Asia/Karachi)', description: 'No new articles since Wed, 25 Nov 2026, 08:00.', sections: [] });
  });

  it('keeps every piece of text within a size a message can hold', async () => {
    const services = setUp();
    const long = 'The provincial government announced a further review of the security arrangements along the highway '.repeat(12);
    await addArticles(services, [...fixtureArticles(), { title: 'A'.repeat(400), text: `${long}.\n\n${long}.`, outlet: 'Long Wire' }]);
    const { reply } = await composeDigestFor(services, request({ maxStories: 20 }));
    for (const section of reply.sections) {
      expect(section.heading!.length).toBeLessThanOrEqual(200);
      for (const line of section.lines) expect(line.length).toBeLessThanOrEqual(700);
      expect((section.links ?? []).length).toBeLessThanOrEqual(5);
    }
  });
});

describe('the window', () => {
  const now = new Date('2026-11-26T03:00:00.000Z');
  it('starts at the previous digest, at most 36 h back', () => {
    expect(digestWindow('2026-11-25T03:00:00.000Z', now).since.toISOString()).toBe('2026-11-25T03:00:00.000Z');
    expect(digestWindow('2026-11-20T03:00:00.000Z', now).since.toISOString()).toBe('2026-11-24T15:00:00.000Z');
    expect(digestWindow(null, now).since.toISOString()).toBe('2026-11-24T15:00:00.000Z');
  });
});

describe('ranking and grouping', () => {
  let nextId = 1;
  /** One-line stories: each is its own title and lead. */
  type Candidate = WindowArticle & ArticleDetails;
  const candidate = (overrides: Partial<Candidate> & { title: string }): Candidate => ({
    id: nextId++,
    outlet: 'Wire',
    url: null,
    lead: overrides.title,
    published: null,
    addedAt: '2026-11-25T20:00:00.000Z',
    quoted: false,
    topics: [],
    ...overrides,
  });
  const topics: TopicLookup = (id) => ({ label: id.toUpperCase(), weight: id === 'militancy' ? 2 : 1 });
  const detailsOf = (candidates: Candidate[]): DetailsLoader => (ids) =>
    new Map(candidates.filter((c) => ids.includes(c.id)).map((c) => [c.id, c]));

  it('ranks a heavier topic, a quote and freshness above their absence, and groups stories by topic', async () => {
    const candidates = [
      candidate({ title: 'Trade fair opens in Lahore with textile stalls', topics: [{ topicId: 'economy', score: 0.9 }] }),
      candidate({ title: 'Militants attack checkpost near Wana in South Waziristan', topics: [{ topicId: 'militancy', score: 0.9 }] }),
      candidate({ title: 'Budget talks stall over fuel levy in Islamabad', topics: [{ topicId: 'economy', score: 0.9 }], quoted: true }),
      candidate({ title: 'Grenade hurled at police van in Quetta market', topics: [{ topicId: 'militancy', score: 0.5 }], addedAt: '2026-11-25T04:00:00.000Z' }),
    ];
    const ranked = await rankStories(candidates, request(), topics, detailsOf(candidates));
    expect(ranked.map((s) => s.members[0]!.title)).toEqual([
      'Militants attack checkpost near Wana in South Waziristan',
      'Grenade hurled at police van in Quetta market',
      'Budget talks stall over fuel levy in Islamabad',
      'Trade fair opens in Lahore with textile stalls',
    ]);
    expect(ranked.map((s) => s.topic)).toEqual(['militancy', 'militancy', 'economy', 'economy']);
  });

  it('keeps only the chosen topics when a guild picked some', async () => {
    const candidates = [
      candidate({ title: 'Militants attack checkpost near Wana', topics: [{ topicId: 'militancy', score: 0.9 }] }),
      candidate({ title: 'Trade fair opens in Lahore', topics: [{ topicId: 'economy', score: 0.9 }] }),
      candidate({ title: 'Untagged notice about road works in Karachi' }),
    ];
    const ranked = await rankStories(candidates, request({ topics: ['economy'] }), topics, detailsOf(candidates));
    expect(ranked.map((s) => [s.members[0]!.title, s.topic])).toEqual([['Trade fair opens in Lahore', 'economy']]);
  });
});
