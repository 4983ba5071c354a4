// Story clustering: articles about one event (several outlets, rewritten headlines, same day or the
// next) are grouped; look-alikes about different events (one press-release template reused for two
// provinces) stay apart. Two articles are the same story when
//   - their dates are at most `maxDayGap` days apart (unknown dates neither help nor block),
//   - their titles + leads are close as tf-idf vectors of content stems (cosine >= `minCosine`), and
//   - their named entities agree: the distinctive (high-idf) names of the shorter list are mostly
//     found in the other (`minEntityAgreement`). Word overlap alone cannot tell "… detained in Khost"
//     from "… detained in Zabul"; the place names can.
// Thresholds were chosen by measurement on tests/nlp/cluster.test.ts fixtures and the southasia
// corpus (npm run eval:topics prints the clusters found).
import { contentStems, isStopword } from './tokens.ts';
import { cosine, IdfTable, norm, termCounts, tfidf, type TermVector } from './vectors.ts';

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
  minEntityAgreement: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { maxDayGap: 1, minCosine: 0.35, minEntityAgreement: 0.5 };

const DAY_MS = 86_400_000;
/** A lead longer than this adds background, not identity, and costs time on long articles. */
const LEAD_CHARS = 600;
const CAPITALISED = /\p{Lu}[\p{L}\p{M}'’-]*/gu;
const SENTENCE_START = /(^|[.!?:;"“”]\s*|\n\s*)$/;

interface Prepared {
  index: number;
  day: number | null;
  text: TermVector;
  textNorm: number;
  entities: Set<string>;
}

function dayNumber(published: string | null): number | null {
  if (!published) return null;
  const time = Date.parse(published.slice(0, 10));
  return Number.isNaN(time) ? null : Math.floor(time / DAY_MS);
}

/**
 * Names in the lead: capitalised words that do not open a sentence. Titles are left out: many are in
 * title case, where a capital says nothing.
 */
export function leadEntities(lead: string): Set<string> {
  const found = new Set<string>();
  for (const match of lead.matchAll(CAPITALISED)) {
    if (SENTENCE_START.test(lead.slice(Math.max(0, match.index - 3), match.index))) continue;
    const word = match[0].toLowerCase().replace(/['’]s$/, '');
    if (word.length > 1 && !isStopword(word)) found.add(word);
  }
  return found;
}

/** Share of the idf weight of the smaller entity set that the other set also has (1 when either is empty). */
function entityAgreement(a: Set<string>, b: Set<string>, idf: IdfTable): number {
  if (a.size === 0 || b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  let total = 0;
  for (const entity of small) {
    const weight = idf.idf(entity);
    total += weight;
    if (large.has(entity)) shared += weight;
  }
  return shared / total;
}

/**
 * Groups the items into stories. Every item is in exactly one cluster; clusters come in the input
 * order of their first member.
 */
export function clusterStories<T extends StoryItem>(items: readonly T[], options: Partial<ClusterOptions> = {}): StoryCluster<T>[] {
  const { maxDayGap, minCosine, minEntityAgreement } = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
  const stems = items.map((item) => contentStems(`${item.title}\n${item.lead.slice(0, LEAD_CHARS)}`));
  const textIdf = IdfTable.of(stems);
  const entitySets = items.map((item) => leadEntities(item.lead.slice(0, LEAD_CHARS)));
  const entityIdf = IdfTable.of(entitySets);
  const prepared: Prepared[] = items.map((item, index) => {
    const text = tfidf(termCounts(stems[index]!), textIdf);
    return { index, day: dayNumber(item.published), text, textNorm: norm(text), entities: entitySets[index]! };
  });

  // Undated items sort last; the sweep compares each item only with those inside the day window.
  const order = [...prepared].sort((a, b) => (a.day ?? Infinity) - (b.day ?? Infinity) || a.index - b.index);
  const parent = order.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < order.length; i++) {
    const a = order[i]!;
    for (let j = i - 1; j >= 0; j--) {
      const b = order[j]!;
      if (a.day !== null && b.day !== null && a.day - b.day > maxDayGap) break;
      if (find(i) === find(j)) continue;
      if (cosine(a.text, b.text, a.textNorm, b.textNorm) < minCosine) continue;
      if (entityAgreement(a.entities, b.entities, entityIdf) < minEntityAgreement) continue;
      parent[find(i)] = find(j);
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
