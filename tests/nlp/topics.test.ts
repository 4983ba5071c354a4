import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/articles/parse.ts';
import { ConfigError } from '../../src/config.ts';
import { bodySentences } from '../../src/nlp/analyse.ts';
import { loadTaxonomy, parseTaxonomy, type Topic } from '../../src/nlp/taxonomy.ts';
import { tagTopics } from '../../src/nlp/topics.ts';
import { REPO_ROOT } from '../support/corpora.ts';
import { runScript } from '../support/run.ts';
import { tempDir } from '../support/store.ts';

const SEED = path.join(REPO_ROOT, 'data/articles/000_5f0f804997b76dbb.txt');
const taxonomy = loadTaxonomy(path.join(REPO_ROOT, 'data/topics.json'));

function tag(title: string, paragraphs: string[], topics: Topic[] = taxonomy): string[] {
  const article = { title, paragraphs: paragraphs.map((text) => ({ text, section: null })) };
  return tagTopics(article, bodySentences(article), topics).map((t) => t.topicId);
}

describe('the shipped taxonomy', () => {
  it('has at least 15 regional topics, each with a label, a description and aliases', () => {
    expect(taxonomy.length).toBeGreaterThanOrEqual(15);
    for (const topic of taxonomy) {
      expect(topic.label.length).toBeGreaterThan(0);
      expect(topic.description.length).toBeGreaterThan(20);
      expect(topic.aliases.length).toBeGreaterThan(0);
    }
  });
});

describe('tagging', () => {
  it('tags the seed article with TTP, the Afghan Taliban, the Pakistan–Afghanistan border and India–Pakistan', () => {
    const [outcome] = parseFile(SEED, readFileSync(SEED), 1 << 21);
    if (!outcome?.ok) throw new Error('the seed did not parse');
    const tags = tagTopics(outcome.article, bodySentences(outcome.article), taxonomy);
    expect(tags.map((t) => t.topicId)).toEqual(expect.arrayContaining(['ttp', 'afghan-taliban', 'pak-afghan-border', 'india-pakistan']));
    for (const t of tags) expect(t.score).toBeGreaterThan(0);
    expect(tags.map((t) => t.score)).toEqual([...tags.map((t) => t.score)].sort((a, b) => b - a));
  });

  it('matches on stems, so inflected forms count ("detentions", "raids")', () => {
    expect(tag('Raids in Kandahar', ['Security forces raided two compounds and captured a bomb-maker.'])).toContain('counter-terrorism');
  });

  it('gives a longer alias precedence: "Tehreek-e-Taliban Pakistan" is the TTP, not the Afghan Taliban', () => {
    const tags = tag('Tehreek-e-Taliban Pakistan claims attack on police in Bannu', ['The Tehreek-e-Taliban Pakistan said its fighters attacked the post.']);
    expect(tags).toContain('ttp');
    expect(tags).not.toContain('afghan-taliban');
  });

  it('ignores one passing mention deep in the body', () => {
    const paragraphs = [
      'Floods in Sindh displaced thousands of families on Monday, officials said.',
      'Relief camps were set up in Sukkur and Larkana as the water rose.',
      'The provincial government asked for more tents and medicines.',
      'Separately, officials noted that the Gwadar port road was open.',
    ];
    expect(tag('Floods displace thousands in Sindh', paragraphs)).not.toContain('cpec-china');
  });

  it('needs both sides for a relation topic: India alone is not India–Pakistan', () => {
    expect(tag('India tests new missile', ['India tested a ballistic missile off the coast of Odisha on Friday, the Indian defence ministry said.'])).not.toContain('india-pakistan');
    expect(tag('India and Pakistan trade fire', ['India and Pakistan traded fire along the Line of Control, Pakistani officials said.'])).toContain('india-pakistan');
  });

  it('does not count a denied mention: "no civilian casualties" is not about civilian casualties', () => {
    const paragraphs = ['Civilians were killed when a mortar hit a market in Sangin, officials said.', 'Civilian casualties were reported in two villages.'];
    expect(tag('Civilians killed in Sangin', paragraphs)).toContain('civilian-casualties');
    const denied = ['Forces killed several insurgents in Kajaki district.', 'There were no civilian casualties, and no civilians were killed in the operation.'];
    expect(tag('Several insurgents killed in Helmand', denied)).not.toContain('civilian-casualties');
  });

  it('matches acronyms as written: "LeT" is Lashkar-e-Taiba, "let" is a verb', () => {
    expect(tag('LeT commander arrested', ['Police arrested a LeT commander in Lahore on Monday.'])).toContain('al-qaeda-foreign-fighters');
    expect(tag('Officials let traders cross', ['Officials agreed to let raw goods pass, and let the let-up continue.'])).toEqual([]);
  });

  it('tags nothing when no alias occurs', () => {
    expect(tag('Cricket: Lahore win the final', ['Lahore Qalandars won the final by five wickets.'])).toEqual([]);
  });
});

describe('taxonomy validation', () => {
  const topic = { id: 'ttp', label: 'TTP', description: 'The Pakistani Taliban.', aliases: ['TTP'] };
  const lines = (topics: unknown[]): string => `[\n${topics.map((t) => JSON.stringify(t)).join(',\n')}\n]\n`;

  it('accepts a well-formed file', () => {
    expect(parseTaxonomy(lines([topic]), 'topics.json')).toEqual([topic]);
  });

  it.each([
    ['a missing label', { ...topic, label: undefined }, 'topics.json line 2 (topic 1): topic "ttp": "label" must be text of 1 to 100 characters'],
    ['a bad id', { ...topic, id: 'Has Spaces' }, 'topics.json line 2 (topic 1): "id" must be lowercase letters, digits and dashes'],
    ['empty aliases', { ...topic, aliases: [] }, 'topics.json line 2 (topic 1): topic "ttp": "aliases" must be a non-empty array of phrases'],
    ['an alias of punctuation only', { ...topic, aliases: ['—'] }, 'topic "ttp": an alias "—" has no letters or digits to match'],
    ['a misspelt field', { ...topic, alias: ['x'] }, 'unknown field "alias"'],
    ['a malformed requires', { ...topic, requires: ['India'] }, '"requires" must be a non-empty array of non-empty arrays of phrases'],
  ])('names the line and field of %s', (_name, bad, message) => {
    expect(() => parseTaxonomy(lines([bad]), 'topics.json')).toThrow(ConfigError);
    expect(() => parseTaxonomy(lines([bad]), 'topics.json')).toThrow(message);
  });

  it('points at the line of the field at fault in a pretty-printed file', () => {
    const text = JSON.stringify([topic, { ...topic, id: 'afghan-taliban', description: '' }], null, 2);
    const descriptionLine = text.split('\n').findIndex((line, i) => i > 6 && line.includes('"description"')) + 1;
    expect(() => parseTaxonomy(text, 'topics.json')).toThrow(`topics.json line ${descriptionLine} (topic 2): topic "afghan-taliban": "description"`);
  });

  it('refuses a duplicate id, an empty list and broken JSON', () => {
    expect(() => parseTaxonomy(lines([topic, topic]), 't.json')).toThrow('t.json line 3 (topic 2): "id" "ttp" is used twice');
    expect(() => parseTaxonomy('[]', 't.json')).toThrow('t.json: the array has no topics');
    expect(() => parseTaxonomy('[\n{"id": "x",\n "label" "X"}]', 't.json')).toThrow(/^t\.json line 3: not valid JSON/);
  });

  it('stops start-up with one line when TOPICS_PATH is malformed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'topics.json');
    writeFileSync(file, lines([topic, { ...topic, id: 'second', label: '' }]));
    const result = await runScript('src/main.ts', [], { env: { TOPICS_PATH: file, DATABASE_PATH: ':memory:' } });
    rmSync(dir, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`Configuration error: ${file} line 3 (topic 2): topic "second": "label" must be text of 1 to 100 characters`);
  });
});
