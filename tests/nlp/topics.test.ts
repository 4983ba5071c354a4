import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/articles/parse.ts';
import { ConfigError } from '../../src/config.ts';
import { bodySentences } from '../../src/nlp/analyse.ts';
import { loadTaxonomy, parseTaxonomy, type Topic } from '../../src/nlp/taxonomy.ts';
import { loadTopicModel, parseTopicModel, tagTopics, topicEvidence } from '../../src/nlp/topics.ts';
import { REPO_ROOT } from '../support/corpora.ts';
import { runScript } from '../support/run.ts';
import { tempDir } from '../support/store.ts';

const SEED = path.join(REPO_ROOT, 'data/articles/000_5f0f804997b76dbb.txt');
const taxonomy = loadTaxonomy(path.join(REPO_ROOT, 'data/topics.json'));
const model = loadTopicModel(path.join(REPO_ROOT, 'data/topic-weights.json'));

function tagsOf(title: string, paragraphs: string[], topics: Topic[] = taxonomy) {
  const article = { title, paragraphs: paragraphs.map((text) => ({ text, section: null })) };
  return tagTopics(article, bodySentences(article), topics, model);
}

function tag(title: string, paragraphs: string[], topics: Topic[] = taxonomy): string[] {
  return tagsOf(title, paragraphs, topics).map((t) => t.topicId);
}

/** Filler of our own: an article body that is about floods, to bury a mention in. */
const FLOOD_PARAGRAPHS = [
  'Floods in Sindh displaced thousands of families on Monday, officials said.',
  'Relief camps were set up in Sukkur and Larkana as the water rose.',
  'The provincial government asked for more tents and medicines.',
  'Doctors warned of waterborne diseases in the camps.',
  'Rescue teams used boats to reach villages cut off by the water.',
  'The meteorological office forecast more rain for the coming week.',
  'Farmers said the standing cotton crop had been destroyed.',
  'Traders in Hyderabad reported a rise in the price of vegetables.',
];

describe('the shipped taxonomy', () => {
  it('has the 15 topic ids of the hand-made gold, each with a label, a description and evidence phrases', () => {
    expect(taxonomy.map((t) => t.id)).toEqual(expect.arrayContaining(['ttp', 'afghan-taliban', 'iskp', 'bla-balochistan', 'kp-militancy', 'kashmir-loc',
      'india-pakistan', 'pak-afghan-border', 'china-cpec-security', 'iran-border', 'counterterrorism-ops', 'diplomacy-talks', 'nuclear-missile',
      'sectarian', 'cross-border-attacks']));
    for (const topic of taxonomy) {
      expect(topic.label.length).toBeGreaterThan(0);
      expect(topic.description.length).toBeGreaterThan(20);
      expect(topic.aliases.length + (topic.anchors?.length ?? 0)).toBeGreaterThan(0);
    }
  });
});

describe('tagging', () => {
  it('tags the seed article with TTP, the Afghan Taliban and the Pakistan–Afghanistan border, each with its evidence', () => {
    const [outcome] = parseFile(SEED, readFileSync(SEED), 1 << 21);
    if (!outcome?.ok) throw new Error('the seed did not parse');
    const sentences = bodySentences(outcome.article);
    const tags = tagTopics(outcome.article, sentences, taxonomy, model);
    expect(tags.map((t) => t.topicId)).toEqual(expect.arrayContaining(['ttp', 'afghan-taliban', 'pak-afghan-border']));
    expect(sentences[tags.find((t) => t.topicId === 'ttp')!.evidence!]!.text).toMatch(/Tehreek-e-Taliban Pakistan/);
    for (const t of tags) expect(t.score).toBeGreaterThan(0);
    expect(tags.map((t) => t.score)).toEqual([...tags.map((t) => t.score)].sort((a, b) => b - a));
  });

  it('matches on stems, so inflected forms count ("raided" for "raid")', () => {
    expect(tag('Security forces raid hideouts in Bannu', ['Security forces raided two hideouts of terrorists near Bannu and arrested five militants, officials said.']))
      .toContain('counterterrorism-ops');
  });

  it('reads state usage: Fitna al-Khawarij is the TTP, Fitna al-Hindustan Baloch militants, IIOJK Kashmir', () => {
    expect(tag('Seven Fitna al-Khawarij terrorists killed', ['Security forces killed seven terrorists of Fitna al-Khawarij in an exchange of fire, the ISPR said.'])).toContain('ttp');
    expect(tag('Fitna al-Hindustan attack on Levies post repulsed', ['Terrorists of Fitna al-Hindustan attacked a Levies post in Kalat, officials said.'])).toContain('bla-balochistan');
    expect(tag('Curfew tightened in IIOJK', ['Authorities in IIOJK tightened restrictions across the valley, residents said.'])).toContain('kashmir-loc');
  });

  it('needs an event with a place: Bannu attacked is KP militancy, Bannu flooded is not', () => {
    expect(tag('Police post attacked in Bannu', ['Militants attacked a police post in Bannu on Monday night, officials said.'])).toContain('kp-militancy');
    expect(tag('Rain lashes Bannu', ['Heavy rain lashed Bannu on Monday and roads were flooded, officials said.'])).not.toContain('kp-militancy');
  });

  it('reads a place named to say where something happened as a place: a blast near the border is no border story', () => {
    const tags = tag('Five killed in Chaman blast', ['Five people were killed in a blast near a taxi stand in Chaman, near the Pak-Afghan border, police said.',
      'The injured were taken to the district hospital.']);
    expect(tags).toContain('bla-balochistan');
    expect(tags).not.toContain('pak-afghan-border');
    const area = tag('Five killed in Chaman blast', ['Five people were killed when a blast went off at a taxi stand in the Pak-Afghan border area of Chaman, police said.',
      'The injured were taken to the district hospital.']);
    expect(area).toContain('bla-balochistan');
    expect(area).not.toContain('pak-afghan-border');
    expect(tag('Pak-Afghan border crossing closed after clash', ['Pakistani and Afghan border forces exchanged fire at the Pak-Afghan border crossing, officials said.']))
      .toContain('pak-afghan-border');
  });

  it('does not tag a topic mentioned once in paragraph nine, and shows where the evidence sits when it does', () => {
    const buried = [...FLOOD_PARAGRAPHS, 'Separately, a TTP commander was said to have crossed into Afghanistan last year.'];
    expect(tag('Floods displace thousands in Sindh', buried)).not.toContain('ttp');
    const tags = tagsOf('TTP claims attack on check post', ['The banned TTP claimed an attack on a check post in Bannu.', ...FLOOD_PARAGRAPHS]);
    expect(tags.find((t) => t.topicId === 'ttp')?.evidence).toBe(0);
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
    expect(tag('Floods displace thousands in Sindh', paragraphs)).not.toContain('china-cpec-security');
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

  it('reads the outlet\'s highlights as the lead, and shows a body sentence as the evidence', () => {
    // The body alone buries the one TTP sentence under floods; the standfirst bullet says it is the story.
    const paragraphs = FLOOD_PARAGRAPHS.slice(0, 6).concat('The banned TTP claimed the attack on the Bannu check post.');
    const article = { title: 'Sindh and KP brace for a hard week', paragraphs: paragraphs.map((text) => ({ text, section: null })) };
    const without = tagTopics(article, bodySentences(article), taxonomy, model).map((t) => t.topicId);
    const withHighlights = tagTopics({ ...article, highlights: ['TTP claims attack on Bannu check post'] }, bodySentences(article), taxonomy, model);
    expect(without).not.toContain('ttp');
    expect(withHighlights.find((t) => t.topicId === 'ttp')?.evidence).toBe(6);
  });

  it('does not read a common word as an alias through its stem: a life laid down is no downed aircraft', () => {
    expect(tag('Captain lays down his life for the nation', ['The officer laid down his life while defending a post in Kech.'])).not.toContain('cross-border-attacks');
    expect(tag('Indian drone shot down over Sialkot', ['The military said it had shot down an Indian drone that crossed the border near Sialkot.'])).toContain('cross-border-attacks');
  });

  it('needs a name or an anchor to be an inflection of its word: terrorists operating from sanctuaries are no operation', () => {
    const operating = ['Terrorists operating from sanctuaries abroad remain the gravest threat, the minister said.', 'He said terrorists were operating freely and operational plans were being made.'];
    expect(tag('Terrorists operating from sanctuaries, says minister', operating)).not.toContain('counterterrorism-ops');
    const operations = ['Security forces killed five terrorists in operations in Bannu, the military said.', 'The operations against terrorists will continue, it said.'];
    expect(tag('Terrorists killed in operations in Bannu', operations)).toContain('counterterrorism-ops');
  });

  it('reads a title-case subheading with the headline, and a sentence-case crosshead as the body is read, never as the lead', () => {
    const featuresOf = (sections: string[]) => {
      const article = { title: 'Floods displace thousands in Sindh', sections, paragraphs: FLOOD_PARAGRAPHS.map((text) => ({ text, section: null })) };
      return topicEvidence(article, bodySentences(article), taxonomy).find((f) => f.topicId === 'ttp')?.features;
    };
    const heading = featuresOf(['TTP Attack on Relief Convoy']);
    expect(heading?.title).toBe(1);
    const crosshead = featuresOf(['Relief convoy attacked by TTP militants near Swat']);
    expect(crosshead?.title).toBe(0);
    expect(crosshead?.lead).toBe(0);
    expect(crosshead?.count).toBeGreaterThan(0);
    // Under two sentences of body, a crosshead is still no part of the lead.
    const short = { title: 'Floods displace thousands in Sindh', sections: ['Relief convoy attacked by TTP militants near Swat'], paragraphs: [{ text: FLOOD_PARAGRAPHS[0]!, section: null }] };
    expect(topicEvidence(short, bodySentences(short), taxonomy).find((f) => f.topicId === 'ttp')?.features.lead).toBe(0);
  });

  it('reads "called on X to" as a demand and "directed X to" as a direction, not as a call or talks held', () => {
    const featuresOf = (title: string, paragraphs: string[], topicId: string) => {
      const article = { title, paragraphs: paragraphs.map((text) => ({ text, section: null })) };
      return topicEvidence(article, bodySentences(article), taxonomy).find((f) => f.topicId === topicId)?.features;
    };
    const demand = featuresOf('Envoy urges dialogue', ['The envoy called on Islamabad to hold talks with Kabul on terrorism.'], 'diplomacy-talks');
    expect(demand?.hedged).toBe(1);
    const visit = featuresOf('Minister receives envoy', ['The Saudi envoy called on the interior minister and discussed terrorism.'], 'diplomacy-talks');
    expect(visit?.hedged).toBe(0);
    expect(visit?.count).toBeGreaterThan(0);
    const directed = featuresOf('Leader directs CM', ['The party leader directed the chief minister to hold talks in Kabul on terrorism.'], 'diplomacy-talks');
    expect(directed?.hedged).toBe(1);
  });

  it('reads "former foreign minister" as a person, not as a meeting of foreign ministers', () => {
    const article = { title: 'Seminar on extremism', paragraphs: [{ text: 'Former foreign minister Ahmed addressed the seminar on terrorism.', section: null }] };
    const diplomacy = topicEvidence(article, bodySentences(article), taxonomy).find((f) => f.topicId === 'diplomacy-talks');
    expect(diplomacy?.features.count ?? 0).toBe(0);
    const sitting = { title: 'Ministers meet', paragraphs: [{ text: 'The foreign ministers discussed terrorism and regional security.', section: null }] };
    expect(topicEvidence(sitting, bodySentences(sitting), taxonomy).find((f) => f.topicId === 'diplomacy-talks')?.features.count).toBeGreaterThan(0);
  });

  it('marks a story told as a court case (bail, remand, a hearing in its headline or lead)', () => {
    const legalOf = (title: string, lead: string) => {
      const article = { title, paragraphs: [{ text: lead, section: null }, { text: 'Militants attacked a Levies post in Quetta last month.', section: null }] };
      return topicEvidence(article, bodySentences(article), taxonomy).find((f) => f.topicId === 'bla-balochistan')?.features.legal;
    };
    expect(legalOf('Activists granted bail in Quetta', 'An anti-terrorism court granted bail to three activists on Monday.')).toBe(1);
    expect(legalOf('Levies post attacked in Quetta', 'Militants attacked a Levies post in Quetta on Monday, officials said.')).toBe(0);
  });

  it('reads an attack fought off as the attack, not as an operation; a foiled infiltration or a named operation stays one', () => {
    const operationCount = (lead: string) => {
      const article = { title: 'Post attacked', paragraphs: [{ text: lead, section: null }] };
      return topicEvidence(article, bodySentences(article), taxonomy).find((f) => f.topicId === 'counterterrorism-ops')?.features.count ?? 0;
    };
    expect(operationCount('Policemen repulsed an attack on a check post in Tank, eliminating two terrorists.')).toBe(0);
    expect(operationCount('Militants attempted to storm a camp at night; troops eliminated four terrorists.')).toBe(0);
    expect(operationCount('Troops eliminated four terrorists in a raid on a hideout in Tank.')).toBeGreaterThan(0);
    expect(operationCount('Troops foiled an attempt by terrorists to infiltrate the border and arrested three of them.')).toBeGreaterThan(0);
    expect(operationCount('After repulsing the attack, troops eliminated five terrorists in a clearance operation.')).toBeGreaterThan(0);
  });

  it('reads China as a country: its leaders speaking of global security are no CPEC security story', () => {
    expect(tag('Xi outlines security vision at summit', ['Chinese President Xi called for a new global security order at the summit on Monday.',
      'China will also set up a development bank, he said.'])).not.toContain('china-cpec-security');
    expect(tag('Security of Chinese nationals reviewed', ['The interior minister reviewed the security of Chinese nationals working on CPEC projects in Karachi.']))
      .toContain('china-cpec-security');
  });

  it('tags nothing when no alias occurs', () => {
    expect(tag('Cricket: Lahore win the final', ['Lahore Qalandars won the final by five wickets.'])).toEqual([]);
  });
});

describe('the weights file', () => {
  it('names a missing feature and a misspelt adjustment', () => {
    const good = JSON.parse(readFileSync(path.join(REPO_ROOT, 'data/topic-weights.json'), 'utf8')) as Record<string, unknown> & { weights: Record<string, number> };
    expect(parseTopicModel(JSON.stringify(good), 'w.json').weights).toEqual(good.weights);
    const { lead: _lead, ...withoutLead } = good.weights;
    expect(() => parseTopicModel(JSON.stringify({ ...good, weights: withoutLead }), 'w.json')).toThrow('w.json: "weights" needs a number for "lead"');
    expect(() => parseTopicModel(JSON.stringify({ ...good, adjustments: { ttp: { tilte: 1 } } }), 'w.json')).toThrow('adjustment of "ttp" names no feature "tilte"');
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
    ['anchors without cues', { ...topic, anchors: ['Bannu'] }, 'topic "ttp": "anchors" and "cues" go together'],
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
