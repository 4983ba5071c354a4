// Topic tagging at ingest. A topic's score adds up where its aliases occur, weighted by place (title
// 3, lead 2, body 1) with diminishing returns for repetition (1 + ln n per place), plus how close the
// article's words are to the topic's description. An article is tagged with the topics it is
// substantially about: one passing mention deep in the body does not reach MIN_TOPIC_SCORE. Aliases
// match on stems, longest first; acronyms only as written; a mention just after a denial ("no
// civilian casualties") is not counted.
import { type Article, LEAD_SENTENCES, storyLead } from '../articles/article.ts';
import type { TopicTag } from './analyse.ts';
import type { BodySentence } from './summarise.ts';
import { defaultTaxonomy, phraseKey, type Topic } from './taxonomy.ts';
import { contentStems, isStopword, stem, words } from './tokens.ts';
import { cosine, IdfTable, norm, termCounts, tfidf, type TermVector } from './vectors.ts';

const PLACE_WEIGHTS = { title: 3, lead: 2, body: 1 } as const;
type Place = keyof typeof PLACE_WEIGHTS;
const DESCRIPTION_WEIGHT = 2;
/** A lead mention, a title mention, or three body mentions, or two backed by the description. */
export const MIN_TOPIC_SCORE = 2;

interface Phrase {
  stems: string[];
  key: string;
}

/** A taxonomy prepared for matching: every alias of every topic in one longest-match-first index. */
interface CompiledTaxonomy {
  topics: Topic[];
  /** Alias phrases by their first stem, longest first. */
  phrasesByFirst: Map<string, Phrase[]>;
  /** Which topics an alias key counts for (one alias may serve two topics). */
  topicsByKey: Map<string, string[]>;
  /** Acronyms ("TTP", "LeT", "RAW") are matched as written: lowercased they are English words. */
  acronyms: RegExp | null;
  /** Per topic, its `requires` groups as alias keys. */
  requires: Map<string, string[][]>;
  profiles: Map<string, { vector: TermVector; norm: number }>;
  idf: IdfTable;
}

/** One word with two or more capitals: an acronym, kept as written ("ISPR", "LeT", "IEDs"). */
const ACRONYM = /^(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z]+$/;

/** The key an alias is counted under: the acronym itself, or the stems of the phrase. */
function aliasKey(alias: string): string {
  return ACRONYM.test(alias) ? alias : phraseKey(alias);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compileTaxonomy(topics: Topic[]): CompiledTaxonomy {
  const phrasesByFirst = new Map<string, Phrase[]>();
  const topicsByKey = new Map<string, string[]>();
  const acronyms = new Set<string>();
  const requires = new Map<string, string[][]>();
  for (const topic of topics) {
    for (const alias of topic.aliases) {
      const key = aliasKey(alias);
      const owners = topicsByKey.get(key);
      if (owners) {
        if (!owners.includes(topic.id)) owners.push(topic.id);
        continue;
      }
      topicsByKey.set(key, [topic.id]);
      if (ACRONYM.test(alias)) {
        acronyms.add(alias);
        continue;
      }
      const stems = key.split(' ');
      const list = phrasesByFirst.get(stems[0]!) ?? [];
      list.push({ stems, key });
      phrasesByFirst.set(stems[0]!, list);
    }
    if (topic.requires) requires.set(topic.id, topic.requires.map((group) => group.map(aliasKey)));
  }
  for (const group of requires.values()) for (const key of group.flat()) if (ACRONYM.test(key)) acronyms.add(key);
  for (const list of phrasesByFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  const alternatives = [...acronyms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const acronymPattern = alternatives ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'gu') : null;
  // Idf over the topic profiles: words every description shares ("attacks", "security") weigh little.
  const profileStems = topics.map((t) => contentStems(`${t.label}. ${t.description} ${t.aliases.join(', ')}`));
  const idf = IdfTable.of(profileStems);
  const profiles = new Map(topics.map((t, i) => {
    const vector = tfidf(termCounts(profileStems[i]!), idf);
    return [t.id, { vector, norm: norm(vector) }];
  }));
  return { topics, phrasesByFirst, topicsByKey, acronyms: acronymPattern, requires, profiles, idf };
}

const compiledCache = new WeakMap<Topic[], CompiledTaxonomy>();

function compiled(topics: Topic[]): CompiledTaxonomy {
  let result = compiledCache.get(topics);
  if (!result) {
    result = compileTaxonomy(topics);
    compiledCache.set(topics, result);
  }
  return result;
}

/** Words that deny what follows: "no civilian casualties", "to avoid civilian casualties". */
const NEGATIONS = new Set(['no', 'not', 'without', 'nor', 'never', 'avoid', 'minimize', 'minimise', 'mitigate', 'prevent'].map(stem));
/** Far enough for "no civilian casualties or collateral damage", short enough to stay in the clause. */
const NEGATION_REACH = 5;

function negated(stems: string[], at: number): boolean {
  for (let k = Math.max(0, at - NEGATION_REACH); k < at; k++) if (NEGATIONS.has(stems[k]!)) return true;
  return false;
}

/** Alias occurrences in a stem sequence, longest match first, each token used once; denied ones are not counted. */
function countAliases(stems: string[], taxonomy: CompiledTaxonomy, into: Map<string, number>): void {
  for (let i = 0; i < stems.length; ) {
    const candidates = taxonomy.phrasesByFirst.get(stems[i]!);
    const match = candidates?.find((p) => p.stems.every((s, k) => stems[i + k] === s));
    if (match) {
      if (!negated(stems, i)) into.set(match.key, (into.get(match.key) ?? 0) + 1);
      i += match.stems.length;
    } else {
      i++;
    }
  }
}

/** Every word's stem, and the content stems contentStems() would give, from one pass of the tokenizer. */
function stemsOf(text: string): { all: string[]; content: string[] } {
  const all: string[] = [];
  const content: string[] = [];
  for (const word of words(text)) {
    const s = stem(word);
    all.push(s);
    if (word.length > 1 && !isStopword(word)) content.push(s);
  }
  return { all, content };
}

/**
 * The topics an article is substantially about, best first. `taxonomy` defaults to TOPICS_PATH;
 * tests and tools pass their own.
 */
export function tagTopics(article: Pick<Article, 'title'>, sentences: Pick<BodySentence, 'text'>[], taxonomy: Topic[] = defaultTaxonomy()): TopicTag[] {
  const index = compiled(taxonomy);
  const texts: Record<Place, string> = {
    title: article.title,
    // The story's lead, as clustering reads it: the opening states what the story is about.
    lead: storyLead(sentences),
    body: sentences.slice(LEAD_SENTENCES).map((s) => s.text).join(' '),
  };
  const aliasScores = new Map<string, number>();
  const mentioned = new Set<string>();
  const content: string[] = [];
  let joined = ' ';
  for (const place of Object.keys(texts) as Place[]) {
    const stemmed = stemsOf(texts[place]);
    content.push(...stemmed.content);
    joined += `${stemmed.all.join(' ')} `;
    const found = new Map<string, number>();
    countAliases(stemmed.all, index, found);
    for (const match of index.acronyms ? texts[place].matchAll(index.acronyms) : []) {
      mentioned.add(match[0]);
      found.set(match[0], (found.get(match[0]) ?? 0) + 1);
    }
    for (const [key, n] of found) {
      for (const topicId of index.topicsByKey.get(key) ?? []) {
        aliasScores.set(topicId, (aliasScores.get(topicId) ?? 0) + PLACE_WEIGHTS[place] * (1 + Math.log(n)));
      }
    }
  }
  if (aliasScores.size === 0) return [];

  // Requirements are checked on the whole stem sequence rather than on counted aliases, so a side
  // named inside a longer alias ("Afghan" in "Afghan territory") still counts as mentioned.
  const isMentioned = (key: string): boolean => mentioned.has(key) || joined.includes(` ${key} `);
  const articleVector = tfidf(termCounts(content), index.idf);
  const articleNorm = norm(articleVector);
  const tags: TopicTag[] = [];
  for (const [topicId, aliasScore] of aliasScores) {
    const groups = index.requires.get(topicId);
    if (groups && !groups.every((group) => group.some(isMentioned))) continue;
    const profile = index.profiles.get(topicId)!;
    const score = aliasScore + DESCRIPTION_WEIGHT * cosine(articleVector, profile.vector, articleNorm, profile.norm);
    if (score >= MIN_TOPIC_SCORE) tags.push({ topicId, score: Math.round(score * 1000) / 1000 });
  }
  return tags.sort((a, b) => b.score - a.score || a.topicId.localeCompare(b.topicId));
}
