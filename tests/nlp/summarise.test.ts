import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFromRecord, parseFile } from '../../src/articles/parse.ts';
import { analyseArticle, bodySentences } from '../../src/nlp/analyse.ts';
import { type BodySentence, summarySentences } from '../../src/domain/analysis.ts';
import { splitSentences } from '../../src/nlp/sentences.ts';
import { briefScale, DEFAULT_WEIGHTS, MAX_RANKED_SENTENCES, scoreSentences } from '../../src/nlp/summarise.ts';
import { textRank } from '../../src/nlp/textrank.ts';
import { REPO_ROOT } from '../support/corpora.ts';
import { growthOfFourfold } from '../support/timing.ts';
import { shippedTaxonomy } from '../support/taxonomy.ts';

const SEED_FILE = path.join(REPO_ROOT, 'data/articles/000_5f0f804997b76dbb.txt');

function seedArticle() {
  const [outcome] = parseFile(SEED_FILE, readFileSync(SEED_FILE), 10_000_000);
  if (!outcome?.ok) throw new Error('the seed article no longer parses');
  return outcome.article;
}

function asBody(text: string): BodySentence[] {
  return splitSentences(text).map((span, index) => ({ index, paragraph: 0, ...span }));
}

const UNTITLED = { title: 'derived', titleDerived: true };

describe('scoreSentences on the seed article', () => {
  const article = seedArticle();
  const analysed = analyseArticle(article, shippedTaxonomy()).sentences;
  const summary = summarySentences(analysed, 3).map((s) => s.text);

  it('gives a 3-sentence summary that opens with the lead and holds no subheading or noise line', () => {
    expect(summary).toHaveLength(3);
    expect(summary[0]).toBe(splitSentences(article.paragraphs[0]!.text)[0]!.text);
    for (const line of [...article.sections, ...article.noise]) expect(summary.join('\n')).not.toContain(line);
  });

  it('ranks every sentence once, keeps named components in [0, 1], and scores in document order', () => {
    const ranks = analysed.map((s) => s.summaryRank);
    expect(ranks.every((r) => r !== null)).toBe(true);
    expect(new Set(ranks).size).toBe(analysed.length);
    for (const s of analysed) {
      const names = Object.keys(s.components).filter((name) => name !== 'unusable').sort();
      expect(names).toEqual(['attribution', 'centrality', 'facts', 'length', 'position', 'quoted', 'title']);
      for (const value of Object.values(s.components)) expect(value).toBeGreaterThanOrEqual(0);
      for (const value of Object.values(s.components)) expect(value).toBeLessThanOrEqual(1);
    }
    expect(analysed.map((s) => s.index)).toEqual(analysed.map((_, i) => i));
  });
});

describe('scoreSentences choices', () => {
  it('ranks a fragment of fewer than four words after every longer sentence, and still ranks it', () => {
    const scored = scoreSentences(UNTITLED, asBody('Pictured above. Security forces killed eight militants in North Waziristan on Monday. The army said the operation continues.'));
    expect(scored.map((s) => s.summaryRank)).toEqual([2, 0, 1]);
    const fragments = scoreSentences(UNTITLED, asBody('One line here. Two lines here. Three lines here.'));
    expect(summarySentences(fragments, 2).map((s) => s.text)).toEqual(['One line here.', 'Two lines here.']);
  });

  it('does not pick a near-repeat of an earlier pick while another sentence is left', () => {
    const text = 'Militants attacked a checkpost in Khyber district on Monday night. ' +
      'Militants attacked a checkpost in Khyber district on Monday evening. ' +
      'Two soldiers were injured and taken to hospital in Peshawar. ' +
      'The provincial government announced compensation for the families.';
    const picks = summarySentences(scoreSentences(UNTITLED, asBody(text)), 2).map((s) => s.text);
    expect(picks).toHaveLength(2);
    expect(picks.filter((p) => p.startsWith('Militants attacked'))).toHaveLength(1);
  });

  it('with a real headline, still leads with the lead: news is written in inverted pyramid', () => {
    const text = 'Parliament passed the counterterrorism bill by a large majority on Tuesday. ' +
      'Several members spoke about the budget and about schools during the session. ' +
      'The bill gives the counterterrorism department new powers of arrest.';
    const titled = scoreSentences({ title: 'Parliament passes counterterrorism bill', titleDerived: false }, asBody(text));
    expect(titled.find((s) => s.summaryRank === 0)!.text).toMatch(/^Parliament passed/);
    // The second pick says more about what the headline says than the colour in between.
    expect(titled.find((s) => s.summaryRank === 1)!.text).toMatch(/^The bill gives/);
  });

  it('prefers a sentence of facts (numbers, names) to one of colour for the second pick', () => {
    const text = 'Militants attacked a police checkpost in Bannu district on Monday night. ' +
      'It was a cold and quiet night, residents recalled with sadness and fear. ' +
      'Three policemen were killed and five injured, District Police Officer Ali Khan said.';
    const picks = summarySentences(scoreSentences({ title: 'Police attacked in Bannu', titleDerived: false }, asBody(text)), 2).map((s) => s.text);
    expect(picks[1]).toMatch(/^Three policemen/);
  });

  it('counts a name of several words once: a long name is not more facts than a number and a place', () => {
    const text = 'The meeting was held at the Pakistan Institute of Medical Sciences in the city on Monday. ' +
      'Five people were hurt when a gas cylinder exploded in Quetta on Monday.';
    const [institute, blast] = scoreSentences(UNTITLED, asBody(text));
    expect(blast!.components.facts).toBeGreaterThan(institute!.components.facts!);
  });

  it('never picks a piece of a multi-sentence quotation for a short summary, and leaves it short rather than show one', () => {
    const text = 'The army chief visited troops at the border on Friday.\n\n' +
      '“Our soldiers are ready for any threat. We will defend every inch of the motherland,” he said.\n\n' +
      'The visit came a week after the attack on a post in the district.';
    const picks = summarySentences(scoreSentences(UNTITLED, bodySentences(articleFromRecord({ title: 'Army chief visits border', text }, {}))), 3);
    for (const pick of picks) expect(pick.text).not.toMatch(/^“Our soldiers|^We will defend/);
    const onlyQuotes = '“One. Two three four five.”\n\nThe army chief visited the troops on Friday.\n\n“Six seven eight. Nine ten eleven twelve.”';
    const scored = scoreSentences(UNTITLED, bodySentences(articleFromRecord({ title: 'Visit', text: onlyQuotes }, {})));
    expect(summarySentences(scored, 2).map((s) => s.text)).toEqual(['The army chief visited the troops on Friday.']);
  });

  it('picks a sentence that opens with a pronoun only after the sentence before it', () => {
    const text = 'The interior minister announced a new border policy in Islamabad on Monday. ' +
      'Officials in Quetta said trade across the border fell by half last month. ' +
      'He said the policy would take effect from the first of next month.';
    const scored = scoreSentences({ title: 'Minister announces border policy, says it takes effect next month', titleDerived: false }, asBody(text));
    const two = summarySentences(scored, 2).map((s) => s.text);
    expect(two.some((t) => t.startsWith('He said'))).toBe(false);
  });

  it('may open with an article\'s first sentence even when it starts with a pronoun: it follows the headline', () => {
    const text = 'They are the new checkposts that line the highway from Peshawar to Torkham this winter. ' +
      'Eleven posts were built by the Frontier Corps in three months, officials in Khyber said. ' +
      'They said the posts would stay open at night as well.';
    const scored = scoreSentences({ title: 'New checkposts on the Torkham highway', titleDerived: false }, asBody(text));
    const two = summarySentences(scored, 2).map((s) => s.text);
    expect(two[0]).toMatch(/^They are the new checkposts/);
    // A later pronoun still needs the sentence before it.
    expect(two.some((t) => t.startsWith('They said'))).toBe(false);
  });

  it('scores only the first sentences of a pathologically long text and leaves the rest unranked', () => {
    const sentences = asBody('The same sentence again and again here. '.repeat(MAX_RANKED_SENTENCES + 50));
    const scored = scoreSentences(UNTITLED, sentences);
    expect(scored).toHaveLength(sentences.length);
    expect(scored.slice(MAX_RANKED_SENTENCES).every((s) => s.summaryRank === null)).toBe(true);
  });
});

describe('hostile input', () => {
  const hostile = [
    '',
    '!!!???...',
    '.'.repeat(50_000),
    'word '.repeat(10_000), // one 50,000-character sentence
    'Mr. Khan. '.repeat(5_000),
    '“unmatched quote and (bracket '.repeat(2_000),
    '🙂🔥💥 '.repeat(5_000),
    'پاکستان میں امن ہے۔ عدالت نے فیصلہ سنایا۔ '.repeat(1_000),
    'שלום עולם. '.repeat(3_000),
    '1234567890 '.repeat(5_000),
    'a. b. c. d. e. f. g. '.repeat(2_000),
  ];

  it.each(hostile.map((text, i) => [i, text] as const))('case %i never throws, through the parser and analysis as ingest runs them', (_i, text) => {
    let article;
    try {
      article = articleFromRecord({ text }, {});
    } catch (error) {
      expect((error as Error).name).toBe('RejectedInput'); // refused with a reason, never a crash
      return;
    }
    const sentences = bodySentences(article);
    const scored = scoreSentences(article, sentences);
    expect(scored).toHaveLength(sentences.length);
    for (const s of scored) expect(Number.isFinite(s.score)).toBe(true);
  });

  it('never throws on 10,000 random strings', () => {
    const alphabet = ['Khan ', 'said ', 'the ', '. ', '? ', '"', '“', ')', '\n', '\n\n', 'U.S. ', '🙂', 'ب ', '3.5 ', '…'];
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 10_000; i++) {
      let text = '';
      for (let j = random(40); j > 0; j--) text += alphabet[random(alphabet.length)];
      const scored = scoreSentences(UNTITLED, asBody(text));
      for (const s of scored) expect(Number.isFinite(s.score)).toBe(true);
    }
  });

  it('stays linear on varied prose: 4x the sentences costs about 4x the time, not 16x', () => {
    const vocabulary = ['army', 'border', 'talks', 'Kabul', 'Islamabad', 'militants', 'police', 'court', 'trade', 'minister', 'province', 'attack'];
    const prose = (count: number): string => Array.from({ length: count }, (_, i) =>
      `The ${vocabulary[i % 12]} and the ${vocabulary[(i * 7) % 12]} met ${vocabulary[(i * 5) % 12]} officials on day ${i}.`).join(' ');
    expect(growthOfFourfold((n) => scoreSentences(UNTITLED, asBody(prose(n))), 80)).toBeLessThan(10);
  });
});

describe('TextRank baseline', () => {
  it('returns the requested number of sentence indices in document order', () => {
    const texts = splitSentences(seedArticle().paragraphs.map((p) => p.text).join(' ')).map((s) => s.text);
    const picks = textRank(texts, 3);
    expect(picks).toHaveLength(3);
    expect([...picks].sort((a, b) => a - b)).toEqual(picks);
  });
});

describe('brief or extract', () => {
  it('keeps the lead for a brief whatever the article\'s length, and fades it for an extract of the rest', () => {
    const weights = { ...DEFAULT_WEIGHTS, briefCoverage: 0.25 };
    // 2 of 6 sentences: the lead and one of the five others, a brief.
    expect(briefScale(2, 6, weights)).toBeGreaterThan(0.9);
    // 4 of 10: three of the nine others, an extract.
    expect(briefScale(4, 10, weights)).toBeLessThan(0.1);
    // A one-sentence summary is the lead, however short the article.
    expect(briefScale(1, 2, weights)).toBe(1);
  });
});

describe('quotations in a short summary', () => {
  it('may pick the opening piece of a quotation that names its speaker, marked for its closing mark', () => {
    const text = [
      'Floods cut the main road to the valley on Monday, the district officer said.',
      'The district officer told reporters: “Crews will clear the road within two days.',
      'We have sent every machine we have.',
      'Nobody should travel until then,” he added.',
    ].join(' ');
    const ranked = scoreSentences({ title: 'Floods cut the valley road; officer says crews will clear it', titleDerived: false }, asBody(text));
    const opening = ranked[1]!;
    expect(opening.components.closingMark).toBe(1);
    expect(opening.components.unusable).toBeUndefined();
    // The middle and closing pieces carry no speaker before their marks: never a short summary's pick.
    expect(ranked[2]!.components.unusable).toBe(1);
    expect(ranked[3]!.components.unusable).toBe(1);
    expect(ranked.slice(2).every((s) => s.summaryRank === null || s.summaryRank >= 3)).toBe(true);
  });
});
