import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFromRecord } from '../../src/articles/parse.ts';
import { bodySentences } from '../../src/nlp/analyse.ts';
import { clusterStories, type StoryItem } from '../../src/nlp/cluster.ts';
import { corpusPath, loadCorpus, missingCorpusMessage, REPO_ROOT } from '../support/corpora.ts';
import { runScript } from '../support/run.ts';
import { tempDir } from '../support/store.ts';

interface Fixture extends StoryItem {
  id: string;
  event: string;
  outlet: string;
}

const { stories } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests/fixtures/stories.json'), 'utf8')) as { stories: Fixture[] };

function labelsOf(items: Fixture[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const cluster of clusterStories(items)) for (const item of cluster.items) labels.set(item.id, cluster.label);
  return labels;
}

describe('story clustering on the fixtures', () => {
  const labels = labelsOf(stories);

  it('puts every rewrite of one event in one cluster', () => {
    for (const a of stories) {
      for (const b of stories) {
        if (a.event === b.event) expect(labels.get(a.id), `${a.id} and ${b.id} are one event`).toBe(labels.get(b.id));
      }
    }
  });

  it('keeps look-alikes about different events apart (same template, other province; same border, other crossing)', () => {
    for (const a of stories) {
      for (const b of stories) {
        if (a.event !== b.event) expect(labels.get(a.id), `${a.id} and ${b.id} are different events`).not.toBe(labels.get(b.id));
      }
    }
  });

  it('splits one event reported too far apart in time; an unknown date does not block', () => {
    const moved = (published: string | null) => labelsOf(stories.map((s) => (s.id === 'nw-tribune' ? { ...s, published } : s)));
    const weekLater = moved('2025-06-20');
    expect(weekLater.get('nw-tribune')).not.toBe(weekLater.get('nw-dawn'));
    const undated = moved(null);
    expect(undated.get('nw-tribune')).toBe(undated.get('nw-dawn'));
  });

  it('labels by the first member and keeps input order, so callers can rank first', () => {
    const torkham = stories.filter((s) => s.event === 'torkham-reopens').reverse();
    const [cluster] = clusterStories(torkham);
    expect(cluster!.label).toBe(torkham[0]!.id);
    expect(cluster!.items.map((i) => i.id)).toEqual(torkham.map((i) => i.id));
    expect(clusterStories([])).toEqual([]);
  });

});

describe('story clustering on the southasia corpus', () => {
  const records = loadCorpus<Record<string, unknown>>('southasia');
  it.skipIf(!records)(`keeps same-day releases for different provinces apart ${corpusPath('southasia') ? '' : missingCorpusMessage('southasia')}`, () => {
    const items = records!.map((record) => {
      const article = articleFromRecord(record, {});
      return { id: String(record.id), title: article.title, lead: bodySentences(article).slice(0, 2).map((s) => s.text).join(' '), published: article.published };
    });
    const clusters = clusterStories(items);
    // Most releases are distinct operations: clustering must not collapse the corpus.
    expect(clusters.length).toBeGreaterThan(items.length * 0.9);
    const byTitle = (title: string) => items.filter((i) => i.title === title).map((i) => i.id);
    const khost = byTitle('Suspected Insurgent Detained in Khost');
    const zabul = byTitle('Suspected Insurgent Detained in Zabul');
    const label = new Map(clusters.flatMap((c) => c.items.map((i) => [i.id, c.label] as const)));
    // Both releases must be there, or the loop below would check nothing.
    expect(khost.length).toBeGreaterThan(0);
    expect(zabul.length).toBeGreaterThan(0);
    for (const k of khost) for (const z of zabul) expect(label.get(k)).not.toBe(label.get(z));
  });
});

describe('brief clusters and brief topics', () => {
  it('label each line, keep lines aligned with {id, error}, and exit 1 when a line failed', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'stories.jsonl');
    const lines = stories.map((s) => JSON.stringify({ id: s.id, title: s.title, text: s.lead, published: s.published, outlet: s.outlet }));
    writeFileSync(input, [...lines, '{not json', JSON.stringify({ id: 'empty', text: '   ' })].join('\n'));
    const clusters = await runScript('src/cli.ts', ['clusters', '--in', input]);
    const topics = await runScript('src/cli.ts', ['topics', '--in', input]);
    rmSync(dir, { recursive: true, force: true });

    expect(clusters.code).toBe(1);
    const out = clusters.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string | null; cluster?: string; error?: string });
    expect(out).toHaveLength(stories.length + 2);
    const label = new Map(out.map((o) => [o.id, o.cluster]));
    for (const a of stories) {
      for (const b of stories) expect(label.get(a.id) === label.get(b.id), `${a.id} / ${b.id}`).toBe(a.event === b.event);
    }
    expect(out.at(-2)).toEqual({ id: null, error: expect.stringMatching(/^line 17: malformed JSON/) });
    expect(out.at(-1)).toEqual({ id: 'empty', error: expect.stringMatching(/^line 18: /) });

    expect(topics.code).toBe(1);
    const tagged = new Map(topics.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; topics?: string[] }).map((o) => [o.id, o.topics]));
    expect(tagged.get('torkham-dawn')).toContain('pak-afghan-border');
    expect(tagged.get('cpec-attack')).toEqual(expect.arrayContaining(['china-cpec-security', 'bla-balochistan']));
    expect(tagged.get('loc-hindu')).toEqual(expect.arrayContaining(['kashmir-loc', 'india-pakistan']));
  });
});
