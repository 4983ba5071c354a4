import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { articleBody, storyLead } from '../../src/domain/article.ts';
import { articleFromRecord } from '../../src/articles/parse.ts';
import { analyseArticle } from '../../src/nlp/analyse.ts';
import { type Db, listMigrations, openDatabase, schemaVersion } from '../../src/store/db.ts';
import { Store } from '../../src/store/store.ts';
import { ftsQuery } from '../../src/store/topics.ts';
import { tempDir } from '../support/store.ts';
import { rmSync } from 'node:fs';
import { shippedTaxonomy } from '../support/taxonomy.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dbFile(): string {
  const dir = tempDir();
  dirs.push(dir);
  return path.join(dir, 'brief.db');
}

describe('migrations', () => {
  const latest = listMigrations().at(-1)!.version;

  it('upgrades a file written by the first schema, keeping its articles', () => {
    const file = dbFile();
    const old = openDatabase(file, { migrateTo: 1 });
    expect(schemaVersion(old)).toBe(1);
    old.prepare(`INSERT INTO articles (scope, title, added_at, body, paragraph_sections, sections, noise, format, text_hash)
      VALUES ('shared', 'Old article', '2025-01-01T00:00:00Z', 'Body.', '[null]', '[]', '[]', 'text', 'h1')`).run();
    old.close();

    const store = Store.open(file);
    expect(schemaVersion(store.db)).toBe(latest);
    expect(store.articles.list(null, { limit: 10, offset: 0 }).map((a) => a.title)).toEqual(['Old article']);
    expect(store.articles.quotes(1, null)).toEqual([]);
    store.close();
  });

  it('leaves a current file alone when opened again', () => {
    const file = dbFile();
    Store.open(file).close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(latest);
    again.close();
  });

  it('refuses a file from a newer version of the bot instead of guessing', () => {
    const file = dbFile();
    const db = openDatabase(file);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(`the database is at schema version ${latest + 1}, newer than this program knows (${latest}); update the bot`);
  });

  it('numbers migrations uniquely and in order', () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(versions[0]).toBe(1);
  });
});

/** Writes an analysed article as the ingest of schema version 5 did: one `sentences` row per sentence, with its text. */
function insertAtVersion5(db: Db, record: Record<string, unknown>): { id: number; analysis: ReturnType<typeof analyseArticle>; body: string } {
  const article = articleFromRecord(record, {});
  const analysis = analyseArticle(article, shippedTaxonomy());
  const body = articleBody(article);
  const id = Number(db.prepare(`INSERT INTO articles (scope, title, outlet, published, added_at, body, paragraph_sections, sections, noise, format, text_hash)
    VALUES ('shared', ?, ?, ?, '2025-06-12T08:00:00.000Z', ?, '[]', '[]', '[]', 'json', ?)`)
    .run(article.title, article.outlet, article.published, body, `hash-${String(record.id)}`).lastInsertRowid);
  const sentence = db.prepare(`INSERT INTO sentences (article_id, idx, paragraph, start, end, text, score, components, summary_rank)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const s of analysis.sentences) sentence.run(id, s.index, s.paragraph, s.start, s.end, s.text, s.score, JSON.stringify(s.components), s.summaryRank);
  const quote = db.prepare('INSERT INTO quotes (article_id, idx, text, speaker, role, cue, partial, start, end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const q of analysis.quotes) quote.run(id, q.index, q.text, q.speaker, q.role, q.cue, q.partial ? 1 : 0, q.start, q.end);
  const topic = db.prepare('INSERT INTO article_topics (article_id, topic_id, score) VALUES (?, ?, ?)');
  for (const t of analysis.topics) topic.run(id, t.topicId, t.score);
  return { id, analysis, body };
}

describe('migration 006: sentences in the article row, the lead stored', () => {
  it('upgrades a version 5 file in place: sentences, leads, quotes, topics and search read as before', () => {
    const file = dbFile();
    const old = openDatabase(file, { migrateTo: 5 });
    expect(schemaVersion(old)).toBe(5);
    const records = [
      {
        id: 'dawn', title: 'Eight terrorists killed in North Waziristan operation', outlet: 'Dawn', published: '2025-06-10',
        // An emoji before the sentences: offsets count UTF-16 units, which SQL's substr would get wrong.
        text: 'NORTH WAZIRISTAN: Security forces killed eight terrorists 🚨 in Datta Khel, the ISPR said on Tuesday. The militants belonged to the TTP.\n\n"The terrorists were involved in attacks on security forces," the ISPR said. Weapons were recovered.',
      },
      {
        id: 'geo', title: 'Torkham crossing reopens', outlet: 'Geo News', published: '2025-06-11',
        text: 'The Torkham crossing reopened on Thursday after a three-day closure. Hundreds of trucks had been stranded on both sides. Traders welcomed the decision.',
      },
    ];
    const written = records.map((r) => insertAtVersion5(old, r));
    // An article whose sentence rows are missing (as no ingest writes, but a hand-edited file might have).
    const bare = Number(old.prepare(`INSERT INTO articles (scope, title, added_at, body, paragraph_sections, sections, noise, format, text_hash)
      VALUES ('shared', 'No sentences', '2025-06-12T08:00:00.000Z', 'Text.', '[]', '[]', '[]', 'text', 'bare')`).run().lastInsertRowid);
    old.close();

    const store = Store.open(file);
    expect(schemaVersion(store.db)).toBe(listMigrations().at(-1)!.version);
    expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sentences'").get()).toEqual({ n: 0 });
    for (const { id, analysis } of written) {
      expect(analysis.sentences.length).toBeGreaterThan(2);
      expect(store.articles.sentences(id, null)).toEqual(analysis.sentences);
      // Written at version 5, before quotes had a confidence or other forms of the speaker (009).
      expect(store.articles.quotes(id, null)).toEqual(analysis.quotes.map(({ confidence: _confidence, speakerForms: _forms, ...rest }) => rest));
      // Tags written before migration 011 have no evidence sentence.
      expect(store.articles.topics(id, null)).toEqual([...analysis.topics].sort((a, b) => b.score - a.score).map((t) => ({ ...t, evidence: null })));
    }
    const ids = [...written.map((w) => w.id), bare];
    const leads = store.topics.leads(ids, null);
    const details = store.digests.details(ids, null);
    for (const { id, analysis } of written) {
      expect(leads.get(id)).toBe(storyLead(analysis.sentences));
      expect(details.get(id)!.lead).toBe(storyLead(analysis.sentences));
    }
    expect(written[0]!.body.slice(0, written[0]!.analysis.sentences[1]!.start)).toContain('🚨');
    expect(store.articles.sentences(bare, null)).toEqual([]);
    expect(leads.get(bare)).toBe('');
    expect(details.get(bare)!.lead).toBe('');

    // The search index still holds the old articles, takes new ones from the store, and forgets removed ones.
    const search = (words: string) => store.topics.find(null, { fts: ftsQuery(words)! }, { since: '2025-01-01', now: new Date('2025-06-12T09:00:00Z'), halfLifeDays: 3 }, 10)
      .stories.map((s) => s.title).sort();
    expect(search('terrorists')).toEqual(['Eight terrorists killed in North Waziristan operation']);
    const fresh = articleFromRecord({ title: 'Terrorists attack Torkham post', text: 'Terrorists attacked a post near Torkham on Friday.', published: '2025-06-12' }, {});
    store.articles.transaction(() => store.articles.insert(null, {
      article: fresh, analysis: analyseArticle(fresh, shippedTaxonomy()), body: articleBody(fresh), textHash: 'fresh', canonicalUrl: null, sourceName: null,
    }, '2025-06-12T09:00:00.000Z'));
    expect(search('terrorists')).toEqual(['Eight terrorists killed in North Waziristan operation', 'Terrorists attack Torkham post']);
    expect(search('torkham crossing')).toEqual(['Torkham crossing reopens']);
    expect(store.articles.remove(written[1]!.id, null, '2025-06-12T09:00:00.000Z')).toBe(true);
    expect(search('torkham')).toEqual(['Terrorists attack Torkham post']);
    // FTS5 checks the index against the articles table and throws if they disagree.
    expect(() => store.db.exec("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
    store.close();
  });
});

describe('migration 011: topic ids of the gold, evidence sentences', () => {
  it('renames the old ids of stored tags and leaves the others alone', () => {
    const file = dbFile();
    const old = openDatabase(file, { migrateTo: 10 });
    const id = Number(old.prepare(`INSERT INTO articles (scope, title, added_at, body, paragraph_sections, sections, noise, format, text_hash)
      VALUES ('shared', 'Old tags', '2025-06-12T08:00:00.000Z', 'Text.', '[]', '[]', '[]', 'text', 'tags')`).run().lastInsertRowid);
    const tag = old.prepare('INSERT INTO article_topics (article_id, topic_id, score) VALUES (?, ?, ?)');
    for (const [topic, score] of [['balochistan-insurgency', 4], ['cpec-china', 3], ['counter-terrorism', 2], ['sectarian-violence', 1.5], ['ttp', 1]] as const) tag.run(id, topic, score);
    old.close();
    const store = Store.open(file);
    expect(store.articles.topics(id, null)).toEqual([
      { topicId: 'bla-balochistan', score: 4, evidence: null },
      { topicId: 'china-cpec-security', score: 3, evidence: null },
      { topicId: 'counterterrorism-ops', score: 2, evidence: null },
      { topicId: 'sectarian', score: 1.5, evidence: null },
      { topicId: 'ttp', score: 1, evidence: null },
    ]);
    store.close();
  });
});

describe('two processes opening a new file at once', () => {
  it('migrate it once; both end current', async () => {
    const { spawn } = await import('node:child_process');
    const file = dbFile();
    const script = `import { openDatabase, schemaVersion } from ${JSON.stringify(path.resolve('src/store/db.ts'))};
      const db = openDatabase(${JSON.stringify(file)}); console.log(schemaVersion(db)); db.close();`;
    const run = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    const results = await Promise.all([run(), run(), run()]);
    const latest = String(listMigrations().at(-1)!.version);
    // stderr is the message on failure: a runtime warning there is not a failed migration.
    for (const r of results) expect({ code: r.code, out: r.out }, r.err).toEqual({ code: 0, out: `${latest}\n` });
  });
});
