// Story clustering: articles about one event (several outlets, rewritten headlines, same day or the
// next) are grouped; look-alikes about different events (one press-release template reused for two
// provinces) stay apart. Two articles are the same story when
//   - their dates are at most `maxDayGap` days apart (an unknown date neither helps nor blocks),
//   - their titles + leads are close as tf-idf vectors of content stems: cosine >= `minCosine`, or
//     >= `minCosineSharedName` when both headlines name the same thing (a rewritten headline keeps
//     "Torkham" while the wording around it changes), and
//   - they do not place the event in different places: when both name where it happened ("in Khost",
//     "Tirah valley", "Torkham border") and no place is shared ("… detained in Khost" / "… detained in
//     Zabul", "Torkham reopens" / "Chaman closed"), they are different events however alike the wording.
// Word overlap alone cannot make that last distinction. The thresholds were chosen by measurement on
// tests/fixtures/stories.json (see tests/nlp/cluster.test.ts) and checked on the southasia corpus
// (npm run eval:topics prints the clusters found there). Known limit: releases that open with one
// umbrella sentence ("operations in Zabul and Khost provinces") share their places and may merge.
import { contentStems, isStopword } from './tokens.ts';
import { cosine, IdfTable, norm, termCounts, tfidf, type TermVector } from './vectors.ts';
import { DAY_MS } from '../time.ts';

export interface StoryItem {
  id: string | number;
  title: string;
  /** The opening of the body (the first sentence or two): rewrites of one story agree most there. */
  lead: string;
  /** ISO 8601 date or date-time; null when unknown. */
  published: string | null;
}

export interface StoryCluster<T extends StoryItem> {
  /** The id of its first member: the same input gives the same labels. */
  label: string;
  /** Members in input order, so a caller that passes items best first gets the best one first. */
  items: T[];
}

export interface ClusterOptions {
  maxDayGap: number;
  minCosine: number;
  minCosineSharedName: number;
}

const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { maxDayGap: 1, minCosine: 0.45, minCosineSharedName: 0.3 };

/** Past this, a lead adds background rather than identity, and costs time on long articles. */
const LEAD_CHARS = 600;
const CAPITALISED = /\p{Lu}[\p{L}\p{M}'’-]*/gu;
const SENTENCE_START = /(^|[.!?:;"“”]\s*|\n\s*)$/;
const POSSESSIVE = /['’]s$/;
/** Capitalised, but dates rather than names: dates are compared separately. */
const CALENDAR_WORDS = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
]);

/** Capitalised words of the lead that do not open a sentence: its names. */
function leadNames(lead: string): Set<string> {
  const found = new Set<string>();
  for (const match of lead.matchAll(CAPITALISED)) {
    if (SENTENCE_START.test(lead.slice(Math.max(0, match.index - 3), match.index))) continue;
    const word = match[0].toLowerCase().replace(POSSESSIVE, '');
    if (word.length > 1 && !isStopword(word) && !CALENDAR_WORDS.has(word)) found.add(word);
  }
  return found;
}

/**
 * What the headline names: its capitalised words that the lead also uses as names. Title-case
 * headlines capitalise every word, so a title capital alone says nothing.
 */
export function headlineNames(title: string, lead: string): Set<string> {
  const names = leadNames(lead);
  const out = new Set<string>();
  for (const match of title.matchAll(CAPITALISED)) {
    const word = match[0].toLowerCase().replace(POSSESSIVE, '');
    if (names.has(word)) out.add(word);
  }
  return out;
}

const NAME = String.raw`\p{Lu}[\p{L}\p{M}'’-]*(?:\s+\p{Lu}[\p{L}\p{M}'’-]*)*`;
/** "in Khost", "near the Friendship Gate", "of Gwadar". */
const AFTER_PREPOSITION = new RegExp(String.raw`\b(?:in|at|near|from|of)\s+(?:the\s+)?(${NAME})`, 'gu');
/** "Sabari district", "Tirah valley", "Torkham border", "Kupwara and Baramulla districts" (the last name). */
const BEFORE_PLACE_WORD = new RegExp(String.raw`(${NAME})\s+(?:district|province|valley|area|city|region|tehsil|agency|border|crossing|sector|village)s?\b`, 'gu');
const LEADING_ARTICLE = /^(?:the|a|an)\s+/i;
/** Too broad to place an event: countries (two stories "in Pakistan" may be far apart), and capitals, which mostly stand for governments ("Kabul said"). */
const BROAD_PLACES = new Set(['pakistan', 'pakistani', 'afghanistan', 'afghan', 'india', 'indian', 'iran', 'iranian', 'china', 'chinese', 'kabul', 'islamabad', 'new delhi']);

/** Where the story happens, as the title and lead name it: "datta khel", "north waziristan", "khost". */
function placeNames(text: string): Set<string> {
  const found = new Set<string>();
  for (const pattern of [AFTER_PREPOSITION, BEFORE_PLACE_WORD]) {
    for (const match of text.matchAll(pattern)) {
      const name = match[1]!.replace(LEADING_ARTICLE, '').toLowerCase().replace(/['’]s\b/g, '');
      if (!BROAD_PLACES.has(name) && !CALENDAR_WORDS.has(name) && !isStopword(name)) found.add(name);
    }
  }
  return found;
}

interface Prepared {
  index: number;
  day: number | null;
  vector: TermVector;
  vectorNorm: number;
  headline: Set<string>;
  places: Set<string>;
}

/** Terms an item is indexed and looked up under: its most weighted ones. */
const INDEXED_TERMS = 8;

function topTerms(vector: TermVector): string[] {
  return [...vector].sort((x, y) => y[1] - x[1]).slice(0, INDEXED_TERMS).map(([term]) => term);
}

function dayNumber(published: string | null): number | null {
  if (!published) return null;
  const time = Date.parse(published.slice(0, 10));
  return Number.isNaN(time) ? null : Math.floor(time / DAY_MS);
}

function shareAName(a: Set<string>, b: Set<string>): boolean {
  for (const name of a) if (b.has(name)) return true;
  return false;
}

/** Both say where it happened, and no place is the same. */
function placesConflict(a: Prepared, b: Prepared): boolean {
  return a.places.size > 0 && b.places.size > 0 && !shareAName(a.places, b.places);
}

/**
 * Groups the items into stories. Every item is in exactly one cluster; clusters come in the input
 * order of their first member. Idf is computed over the items given, so pass the whole candidate set
 * (a day's or a topic's articles) rather than pairs.
 */
export function clusterStories<T extends StoryItem>(items: readonly T[], options: Partial<ClusterOptions> = {}): StoryCluster<T>[] {
  const { maxDayGap, minCosine, minCosineSharedName } = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
  const texts = items.map((item) => `${item.title}\n${item.lead.slice(0, LEAD_CHARS)}`);
  const stems = texts.map((text) => contentStems(text));
  const idf = IdfTable.of(stems);
  const prepared: Prepared[] = items.map((item, index) => {
    const vector = tfidf(termCounts(stems[index]!), idf);
    return {
      index,
      day: dayNumber(item.published),
      vector,
      vectorNorm: norm(vector),
      headline: headlineNames(item.title, item.lead.slice(0, LEAD_CHARS)),
      places: placeNames(texts[index]!),
    };
  });

  // Sorted by day (undated last), each item is compared with earlier ones inside the day window that
  // share one of its most weighted terms: two rewrites of a story always share some of those, and the
  // index keeps a batch of undated articles from costing every pair.
  const order = [...prepared].sort((a, b) => (a.day ?? Infinity) - (b.day ?? Infinity) || a.index - b.index);
  const parent = order.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const postings = new Map<string, number[]>();
  const compared = new Set<number>();
  for (let i = 0; i < order.length; i++) {
    const a = order[i]!;
    const terms = topTerms(a.vector);
    compared.clear();
    for (const term of terms) {
      const earlier = postings.get(term) ?? [];
      for (let k = earlier.length - 1; k >= 0; k--) {
        const j = earlier[k]!;
        const b = order[j]!;
        if (a.day !== null && b.day !== null && a.day - b.day > maxDayGap) break;
        if (compared.has(j)) continue;
        compared.add(j);
        if (find(i) === find(j)) continue;
        const similarity = cosine(a.vector, b.vector, a.vectorNorm, b.vectorNorm);
        if (similarity < minCosineSharedName) continue;
        if (similarity < minCosine && !shareAName(a.headline, b.headline)) continue;
        if (placesConflict(a, b)) continue;
        parent[find(i)] = find(j);
      }
    }
    for (const term of terms) {
      const list = postings.get(term);
      if (list) list.push(i);
      else postings.set(term, [i]);
    }
  }

  const rootOf = new Array<number>(items.length);
  order.forEach((p, i) => {
    rootOf[p.index] = find(i);
  });
  const groups = new Map<number, T[]>();
  items.forEach((item, index) => {
    const members = groups.get(rootOf[index]!);
    if (members) members.push(item);
    else groups.set(rootOf[index]!, [item]);
  });
  return [...groups.values()].map((members) => ({ label: String(members[0]!.id), items: members }));
}
