// Topic tagging at ingest. A topic's score adds up where its aliases occur, weighted by place (title
// 3, lead 2, body 1) with diminishing returns for repetition (1 + ln n per place), plus how close the
// article's words are to the topic's description. An article is tagged with the topics it is
// substantially about: one passing mention deep in the body does not reach MIN_TOPIC_SCORE.
import type { Article } from '../articles/article.ts';
import type { TopicTag } from './analyse.ts';
import type { BodySentence } from './summarise.ts';
import { defaultTaxonomy, phraseKey, type Topic } from './taxonomy.ts';
import { contentStems, isStopword, stem, words } from './tokens.ts';
import { cosine, IdfTable, norm, termCounts, tfidf, type TermVector } from './vectors.ts';

const PLACE_WEIGHTS = { title: 3, lead: 2, body: 1 } as const;
type Place = keyof typeof PLACE_WEIGHTS;
/** Sentences that make up the lead: the opening states what the story is about. */
const LEAD_SENTENCES = 2;
const DESCRIPTION_WEIGHT = 2;
/** A lead mention, a title mention, or three body mentions, or two backed by the description. */
export const MIN_TOPIC_SCORE = 2;

interface Phrase {
  stems: string[];
  key: string;
}

/** A taxonomy prepared for matching: every alias of every topic in one longest-match-first index. */
export interface CompiledTaxonomy {
  topics: Topic[];
  /** Alias phrases by their first stem, longest first. */
  phrasesByFirst: Map<string, Phrase[]>;
  /** Which topics an alias key counts for (one alias may serve two topics). */
  topicsByKey: Map<string, string[]>;
  /** Per topic, its `requires` groups as phrase keys. */
  requires: Map<string, string[][]>;
  profiles: Map<string, { vector: TermVector; norm: number }>;
  idf: IdfTable;
}

export function compileTaxonomy(topics: Topic[]): CompiledTaxonomy {
  const phrasesByFirst = new Map<string, Phrase[]>();
  const topicsByKey = new Map<string, string[]>();
  const requires = new Map<string, string[][]>();
  for (const topic of topics) {
    for (const alias of topic.aliases) {
      const key = phraseKey(alias);
      const owners = topicsByKey.get(key);
      if (owners) {
        if (!owners.includes(topic.id)) owners.push(topic.id);
        continue;
      }
      topicsByKey.set(key, [topic.id]);
      const stems = key.split(' ');
      const list = phrasesByFirst.get(stems[0]!) ?? [];
      list.push({ stems, key });
      phrasesByFirst.set(stems[0]!, list);
    }
    if (topic.requires) requires.set(topic.id, topic.requires.map((group) => group.map(phraseKey)));
  }
  for (const list of phrasesByFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  // Idf over the topic profiles: words every description shares ("attacks", "security") weigh little.
  const profileStems = topics.map((t) => contentStems(`${t.label}. ${t.description} ${t.aliases.join(', ')}`));
  const idf = IdfTable.of(profileStems);
  const profiles = new Map(topics.map((t, i) => {
    const vector = tfidf(termCounts(profileStems[i]!), idf);
    return [t.id, { vector, norm: norm(vector) }];
  }));
  return { topics, phrasesByFirst, topicsByKey, requires, profiles, idf };
}

const compiledCache = new WeakMap<Topic[], CompiledTaxonomy>();

export function compiled(topics: Topic[]): CompiledTaxonomy {
  let result = compiledCache.get(topics);
  if (!result) {
    result = compileTaxonomy(topics);
    compiledCache.set(topics, result);
  }
  return result;
}

/** Alias occurrences in a stem sequence, longest match first, each token used once. */
function countAliases(stems: string[], taxonomy: CompiledTaxonomy, into: Map<string, number>): void {
  for (let i = 0; i < stems.length; ) {
    const candidates = taxonomy.phrasesByFirst.get(stems[i]!);
    const match = candidates?.find((p) => p.stems.every((s, k) => stems[i + k] === s));
    if (match) {
      into.set(match.key, (into.get(match.key) ?? 0) + 1);
      i += match.stems.length;
    } else {
      i++;
    }
  }
}

/** Every word's stem, and the stems of the words that carry meaning (as contentStems would give). */
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
  const stemmed = {
    title: stemsOf(article.title),
    lead: stemsOf(sentences.slice(0, LEAD_SENTENCES).map((s) => s.text).join(' ')),
    body: stemsOf(sentences.slice(LEAD_SENTENCES).map((s) => s.text).join(' ')),
  };
  const places: Record<Place, string[]> = { title: stemmed.title.all, lead: stemmed.lead.all, body: stemmed.body.all };
  const counts = new Map<Place, Map<string, number>>();
  for (const place of Object.keys(places) as Place[]) {
    const found = new Map<string, number>();
    countAliases(places[place], index, found);
    counts.set(place, found);
  }

  const aliasScores = new Map<string, number>();
  for (const [place, found] of counts) {
    for (const [key, n] of found) {
      for (const topicId of index.topicsByKey.get(key)!) {
        aliasScores.set(topicId, (aliasScores.get(topicId) ?? 0) + PLACE_WEIGHTS[place] * (1 + Math.log(n)));
      }
    }
  }
  if (aliasScores.size === 0) return [];

  // Requirements are checked on the plain stem sequence: an alias consumed by a longer one
  // ("Afghan" inside "Afghan territory") still shows that the side is mentioned.
  const joined = ` ${places.title.join(' ')} ${places.lead.join(' ')} ${places.body.join(' ')} `;
  const articleVector = tfidf(termCounts([...stemmed.title.content, ...stemmed.lead.content, ...stemmed.body.content]), index.idf);
  const articleNorm = norm(articleVector);
  const tags: TopicTag[] = [];
  for (const [topicId, aliasScore] of aliasScores) {
    const groups = index.requires.get(topicId);
    if (groups && !groups.every((group) => group.some((key) => joined.includes(` ${key} `)))) continue;
    const profile = index.profiles.get(topicId)!;
    const score = aliasScore + DESCRIPTION_WEIGHT * cosine(articleVector, profile.vector, articleNorm, profile.norm);
    if (score >= MIN_TOPIC_SCORE) tags.push({ topicId, score: Math.round(score * 1000) / 1000 });
  }
  return tags.sort((a, b) => b.score - a.score || a.topicId.localeCompare(b.topicId));
}
