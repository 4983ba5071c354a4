// Story clustering: one occurrence (an attack, an operation, a meeting, one actor's statement), one
// story, however many outlets told it. An article joins the story of the earlier article it is most
// likely the same occurrence as, when that likelihood clears a threshold; otherwise it starts a story.
// The likelihood is a weighted sum of a few named features of the pair (PairFeatures): how alike the
// headlines and leads read (tf-idf cosine), and what their event signatures (signature.ts) say —
// same or conflicting place, kind of occurrence, casualty figures, day of occurrence; a reaction by
// another actor is not the event it reacts to; commentary stands alone. The weights and the threshold
// were fitted on the southasia-news dev gold by `npm run eval:clusters -- --fit`, which also prints
// the figures when fitted on half the windows and scored on the other half.
//
// The same StoryIndex places articles one at a time at ingest (the store keeps the stories) and in
// `brief clusters`; candidates are found through an inverted index keyed by day and by the article's
// most weighted terms, places and signature, so placing one article never scans the store.
import type { Article } from '../domain/article.ts';
import { contentStems } from './tokens.ts';
import { articleSignature, dayNumber, eventSignature, kindFamily, localPlaces } from './signature.ts';
import type { EventSignature } from '../domain/analysis.ts';

export interface StoryItem {
  id: string | number;
  title: string;
  /** The opening of the body (the first sentence or two): rewrites of one story agree most there. */
  lead: string;
  /** ISO 8601 date or date-time; null when unknown. */
  published: string | null;
  /** Computed at ingest; derived from title and lead when absent. */
  signature?: EventSignature | null;
}

export interface StoryCluster<T extends StoryItem> {
  /** The id of its first member: the same input gives the same labels. */
  label: string;
  /** Members in input order, so a caller that passes items best first gets the best one first. */
  items: T[];
}

/** What is compared about a pair; each a number in 0..1. */
export interface PairFeatures {
  /** Cosine of the headlines' tf-idf vectors. */
  titleCosine: number;
  /** Cosine of headline + lead. */
  leadCosine: number;
  /** Both name a local place (district or finer, through the gazetteer) and share one. */
  samePlace: number;
  /** Both name local places and share none: "Mastung" and "Lower Dir" are two operations. */
  placeConflict: number;
  /** Both name or imply the same region (a foreign country, a province). */
  sameRegion: number;
  /** Both report the same family of occurrence (violence, proceedings). */
  sameFamily: number;
  /** One reports violence or proceedings, the other something else (a reaction, commentary). */
  familyConflict: number;
  /** A reaction and its event, or reactions by two different actors. */
  reactionMismatch: number;
  /** Both name the same speaker. */
  sameSpeaker: number;
  /** Both name a speaker, not the same one: the DG ISPR's talk is not the minister's briefing. */
  speakerConflict: number;
  /** Both give casualty figures and share one. */
  sameCasualties: number;
  /** Both give casualty figures and share none. */
  casualtyConflict: number;
  /** Both date the occurrence, to the same day. */
  sameEventDay: number;
  /** Both date the occurrence, to different days. */
  eventDayConflict: number;
  /** Either is an editorial or op-ed (singletons unless printed twice). */
  commentary: number;
}

export const FEATURE_NAMES: (keyof PairFeatures)[] = [
  'titleCosine', 'leadCosine', 'samePlace', 'placeConflict', 'sameRegion', 'sameFamily', 'familyConflict', 'reactionMismatch',
  'sameSpeaker', 'speakerConflict', 'sameCasualties', 'casualtyConflict', 'sameEventDay', 'eventDayConflict', 'commentary',
];

export interface StoryModel {
  bias: number;
  weights: Record<keyof PairFeatures, number>;
  /** A pair joins when bias + Σ weight·feature reaches this. */
  threshold: number;
  /** Lower: two stories a digest shows as one entry (an event and the reactions to it); see relatedGroups. */
  relatedThreshold: number;
  /** Articles further apart than this many days (by publication) are never one story. */
  maxDayGap: number;
}

/**
 * Fitted by `npm run eval:clusters -- --fit` on all seven dev windows: the weights by L2-regularised
 * logistic regression on the pairs the hard rules leave, the threshold by the best pairwise F1 after
 * clustering, the related threshold by the fewest digest-entry errors (an occurrence in two entries,
 * or two occurrences in one).
 */
export const DEFAULT_STORY_MODEL: StoryModel = {
  bias: -2.8,
  weights: {
    titleCosine: 0.46,
    leadCosine: 0.65,
    samePlace: 1.53,
    placeConflict: -0.78,
    sameRegion: 0.57,
    sameFamily: 0.68,
    familyConflict: -0.96,
    reactionMismatch: -0.01,
    sameSpeaker: 0.24,
    speakerConflict: -0.05,
    sameCasualties: 0.31,
    casualtyConflict: -0.3,
    sameEventDay: 0.36,
    eventDayConflict: -0.22,
    commentary: 0.06,
  },
  threshold: -0.75,
  maxDayGap: 1,
  relatedThreshold: -0.75,
};

/** Past this, a lead adds background rather than identity, and costs time on long articles. */
const LEAD_CHARS = 600;
/** How many of the latest articles under one key and day an article is compared with. */
const POSTING_REACH = 15;
/** How many of the latest articles under one key an undated article is compared with. */
const UNDATED_REACH = 200;
/** Terms an article is indexed and looked up under: its most weighted ones. */
const INDEXED_TERMS = 8;

/**
 * A sparse vector as the index keeps it: term ids ascending, with their weights. Two of them meet in
 * one merge of two short sorted arrays — no hashing of strings per comparison, nothing allocated.
 */
export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Dot product of two sparse vectors (a cosine when both are unit length). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  const ai = a.ids;
  const bi = b.ids;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) sum += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** An article as the index holds it. */
export interface PlacedArticle {
  key: string;
  story: string;
  day: number | null;
  /** Term id -> count, in the order the terms first appear (which fixes the float sums). */
  titleTerms: Map<number, number>;
  leadTerms: Map<number, number>;
  /** Tf-idf weights, unit length, fixed by weigh() with the document frequencies of that moment; `keys` are interned posting keys. */
  weighted: { title: SparseVector; lead: SparseVector; keys: number[] } | null;
  signature: EventSignature;
  /** Local places with what contains them, for the place features. */
  localPlaces: Set<string>;
  /** The last candidate search that reached it: dedupes candidates without a Set per search. */
  visited: number;
}

export function signatureOf(item: StoryItem): EventSignature {
  if (item.signature) return item.signature;
  const lead = item.lead.slice(0, LEAD_CHARS);
  return eventSignature({ title: item.title, leadSentences: [lead], published: item.published, body: '', printed: false, dateline: null });
}

function overlap(a: readonly number[], b: readonly number[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/** Whether two lists share an item; a plain loop, as pairFeatures runs per candidate. */
function sharesItem(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b) return false;
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

function substantive(family: string): boolean {
  return family === 'violence' || family === 'proceedings';
}

/** Everyone who speaks in a reaction: the joint speakers and the speaker. */
function speakersOfReaction(x: EventSignature): string[] {
  return x.speaker ? [...(x.speakers ?? []), x.speaker] : (x.speakers ?? []);
}

function sharesAny(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/**
 * Document frequencies of the articles placed so far: idf weights that follow what the collection
 * says often ("security", "Pakistan") and what it rarely says ("Duki"). Terms, and the index's place
 * and speaker keys, are interned here as small integers, so vectors and postings hold numbers.
 */
export class DocumentFrequencies {
  private readonly ids = new Map<string, number>();
  /** Id -> the term or key it stands for. */
  readonly names: string[] = [];
  /** Id -> how many documents have it. */
  private readonly df: number[] = [];
  documents = 0;

  /** The id of a term or key, given one the first time it is seen. */
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.df.push(0);
    }
    return id;
  }

  private readonly placeKeys = new Map<string, number>();

  /** The posting key of a local place. */
  placeKey(place: string): number {
    let id = this.placeKeys.get(place);
    if (id === undefined) {
      id = this.id(`p:${place}`);
      this.placeKeys.set(place, id);
    }
    return id;
  }

  /** Counts one document's distinct term ids. */
  add(termIds: Iterable<number>): void {
    this.documents++;
    for (const id of termIds) this.df[id]!++;
  }

  idf(termId: number): number {
    return Math.log((1 + this.documents) / (1 + (this.df[termId] ?? 0))) + 1;
  }
}

/** Log-scaled tf times idf, scaled to unit length: cosine is then a plain dot product. */
function unitVector(counts: Map<number, number>, df: DocumentFrequencies): SparseVector {
  const n = counts.size;
  const ids = new Int32Array(n);
  const weights = new Float64Array(n);
  let sum = 0;
  let k = 0;
  // Summed in the order the terms first appear, as the weights always were.
  for (const [id, count] of counts) {
    const w = (1 + Math.log(count)) * df.idf(id);
    ids[k] = id;
    weights[k++] = w;
    sum += w * w;
  }
  const length = Math.sqrt(sum);
  // Insertion sort by id, both arrays together: a lead has a few dozen terms, and nothing is allocated.
  for (let i = 1; i < n; i++) {
    const id = ids[i]!;
    const w = weights[i]!;
    let j = i - 1;
    for (; j >= 0 && ids[j]! > id; j--) {
      ids[j + 1] = ids[j]!;
      weights[j + 1] = weights[j]!;
    }
    ids[j + 1] = id;
    weights[j + 1] = w;
  }
  if (length > 0) for (let i = 0; i < n; i++) weights[i] = weights[i]! / length;
  return { ids, weights };
}

/** The article's INDEXED_TERMS rarest terms (headline terms counting double; ties by term), best first. */
function indexedTerms(article: PlacedArticle, df: DocumentFrequencies): number[] {
  const best: number[] = [];
  const bestWeight: number[] = [];
  for (const id of article.leadTerms.keys()) {
    const weight = df.idf(id) * (article.titleTerms.has(id) ? 2 : 1);
    let at = best.length;
    while (at > 0 && (bestWeight[at - 1]! < weight || (bestWeight[at - 1] === weight && df.names[best[at - 1]!]! > df.names[id]!))) at--;
    if (at >= INDEXED_TERMS) continue;
    best.splice(at, 0, id);
    bestWeight.splice(at, 0, weight);
    if (best.length > INDEXED_TERMS) {
      best.pop();
      bestWeight.pop();
    }
  }
  return best;
}

/**
 * Fixes an article's weighted vectors and index keys (its rarest terms, headline terms counting
 * double, and its places and speaker) with the document frequencies as they are now. Weighing once,
 * not per comparison, is what keeps a placement to a few microseconds per candidate.
 */
function weigh(article: PlacedArticle, df: DocumentFrequencies): NonNullable<PlacedArticle['weighted']> {
  if (article.weighted) return article.weighted;
  const keys = indexedTerms(article, df);
  for (const place of article.localPlaces) keys.push(df.placeKey(place));
  const { kind, speaker } = article.signature;
  if (speaker) keys.push(df.id(`s:${kindFamily(kind)}:${speaker}`));
  article.weighted = { title: unitVector(article.titleTerms, df), lead: unitVector(article.leadTerms, df), keys };
  return article.weighted;
}

export function pairFeatures(a: PlacedArticle, b: PlacedArticle, df: DocumentFrequencies): PairFeatures {
  const sa = a.signature;
  const sb = b.signature;
  const wa = weigh(a, df);
  const wb = weigh(b, df);
  const bothPlaced = a.localPlaces.size > 0 && b.localPlaces.size > 0;
  const samePlace = bothPlaced && sharesAny(a.localPlaces, b.localPlaces);
  const fa = kindFamily(sa.kind);
  const fb = kindFamily(sb.kind);
  const reactions = (sa.kind === 'reaction' ? 1 : 0) + (sb.kind === 'reaction' ? 1 : 0);
  const bothCount = sa.casualties.length > 0 && sb.casualties.length > 0;
  const sharedCount = bothCount && overlap(sa.casualties, sb.casualties);
  const bothDated = sa.eventDay !== null && sb.eventDay !== null;
  return {
    titleCosine: sparseDot(wa.title, wb.title),
    leadCosine: sparseDot(wa.lead, wb.lead),
    samePlace: samePlace ? 1 : 0,
    placeConflict: bothPlaced && !samePlace ? 1 : 0,
    sameRegion: sharesItem(sa.regions, sb.regions) ? 1 : 0,
    sameFamily: fa === fb && substantive(fa) ? 1 : 0,
    familyConflict: fa !== fb && (substantive(fa) || substantive(fb)) ? 1 : 0,
    reactionMismatch: reactions === 1 || (reactions === 2 && sa.speaker !== sb.speaker) ? 1 : 0,
    sameSpeaker: sa.speaker !== null && sa.speaker === sb.speaker ? 1 : 0,
    speakerConflict: sa.speaker !== null && sb.speaker !== null && sa.speaker !== sb.speaker ? 1 : 0,
    sameCasualties: sharedCount ? 1 : 0,
    casualtyConflict: bothCount && !sharedCount ? 1 : 0,
    sameEventDay: bothDated && sa.eventDay === sb.eventDay ? 1 : 0,
    eventDayConflict: bothDated && sa.eventDay !== sb.eventDay ? 1 : 0,
    commentary: sa.kind === 'commentary' || sb.kind === 'commentary' ? 1 : 0,
  };
}

/** Kinds of occurrence that belong to the one actor who speaks or travels. */
const ONE_ACTOR = new Set(['statement', 'press-conference', 'visit']);
/** Past this on both headline and lead, two items are one text printed twice. */
const DUPLICATE_COSINE = 0.9;
/**
 * Below this, headline + lead share no telling word: signatures alone (same place, same kind, same
 * day) would join two attacks in one district on one day, which a busy district has.
 */
const MIN_LEAD_COSINE = 0.1;

/**
 * The gold's rules that no weight may overturn: commentary stands alone unless the same piece is
 * printed twice, two reports of one occurrence share some telling words, and a reaction is one actor's occurrence — it joins only a statement of the same
 * actor, never the event it reacts to nor another actor's reaction.
 */
export function ruledOut(a: PlacedArticle, b: PlacedArticle, features: PairFeatures): boolean {
  const duplicate = features.titleCosine >= DUPLICATE_COSINE && features.leadCosine >= DUPLICATE_COSINE;
  if (duplicate) return false;
  if (features.commentary || features.leadCosine < MIN_LEAD_COSINE) return true;
  const sa = a.signature;
  const sb = b.signature;
  // One actor's statement, briefing or visit is that actor's occurrence: another actor's is another.
  if ((ONE_ACTOR.has(sa.kind) || ONE_ACTOR.has(sb.kind)) && sa.speaker && sb.speaker && sa.speaker !== sb.speaker) return true;
  if (sa.kind === 'reaction' || sb.kind === 'reaction') {
    // Joint reactions ("President, PM condemn …") meet either speaker's own statement.
    return !sharesItem(speakersOfReaction(sa), speakersOfReaction(sb));
  }
  return false;
}

export function pairScore(features: PairFeatures, model: StoryModel): number {
  let score = model.bias;
  for (const name of FEATURE_NAMES) score += model.weights[name] * features[name];
  return score;
}

export interface Placement {
  story: string;
  /** The earlier article it joined, or null when it starts a story. */
  joined: string | null;
  score: number;
}

const lineages = new Map<string, readonly string[]>();
/** A place's local lineage ("Mir Ali", "North Waziristan"), read from the gazetteer once per place. */
function localLineage(place: string): readonly string[] {
  let lineage = lineages.get(place);
  if (!lineage) {
    lineage = localPlaces(place);
    // Places come from the gazetteer, so this stays its size; a stored signature could name others.
    if (lineages.size < 50_000) lineages.set(place, lineage);
  }
  return lineage;
}

/** Numbers every candidate search, in every index: an article's `visited` then never matches by accident. */
let candidateSearches = 0;

/** Adds a candidate once per search. */
function visit(other: PlacedArticle, stamp: number, found: PlacedArticle[]): void {
  if (other.visited === stamp) return;
  other.visited = stamp;
  found.push(other);
}

/** Counts of each term id, in the order the terms first appear. */
function idCounts(terms: readonly string[], df: DocumentFrequencies, counts = new Map<number, number>()): Map<number, number> {
  for (const term of terms) {
    const id = df.id(term);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * Stories placed so far, with the index that finds an article's candidates: postings per publication
 * day, keyed by a term, place or signature key, looked up for the days within maxDayGap.
 */
export class StoryIndex {
  /** Day -> key id -> the articles of that day with that key, oldest first. */
  private readonly postings = new Map<number, Map<number, PlacedArticle[]>>();
  private readonly articles = new Map<string, PlacedArticle>();
  /** Undated articles, compared with every article they share a key with. */
  private readonly undatedPostings = new Map<number, PlacedArticle[]>();
  /** Every article by key whatever its day, for placing an undated one: the latest UNDATED_REACH of each key. */
  private readonly anyDay = new Map<number, PlacedArticle[]>();

  /** `df` may be shared between indexes (a guild's and the shared collection's). */
  constructor(
    readonly model: StoryModel = DEFAULT_STORY_MODEL,
    readonly df: DocumentFrequencies = new DocumentFrequencies(),
  ) {}

  get size(): number {
    return this.articles.size;
  }

  /** Reads an item into the form the index compares; counts its terms into the document frequencies when `count`. */
  prepare(item: StoryItem, count = true): PlacedArticle {
    const signature = signatureOf(item);
    const titleTerms = idCounts(contentStems(item.title), this.df);
    // Headline + lead: the headline's terms first, as the order fixes the float sums.
    const leadTerms = idCounts(contentStems(item.lead.slice(0, LEAD_CHARS)), this.df, new Map(titleTerms));
    if (count) this.df.add(leadTerms.keys());
    const places = new Set<string>();
    for (const place of signature.places) for (const p of localLineage(place)) places.add(p);
    return {
      key: String(item.id),
      story: String(item.id),
      day: dayNumber(item.published),
      titleTerms,
      leadTerms,
      weighted: null,
      signature,
      localPlaces: places,
      visited: 0,
    };
  }

  /** Earlier articles that share a key with this one inside the day window. */
  candidates(article: PlacedArticle): PlacedArticle[] {
    const found: PlacedArticle[] = [];
    const stamp = ++candidateSearches;
    const { keys } = weigh(article, this.df);
    const gap = this.model.maxDayGap;
    for (const key of keys) {
      if (article.day === null) {
        const any = this.anyDay.get(key) ?? [];
        for (let k = Math.max(0, any.length - UNDATED_REACH); k < any.length; k++) visit(any[k]!, stamp, found);
        continue;
      }
      for (let day = article.day - gap; day <= article.day + gap; day++) {
        const list = this.postings.get(day)?.get(key);
        if (!list) continue;
        // A key most of a day's articles share says little; its latest POSTING_REACH are enough.
        for (let k = list.length - 1; k >= 0 && k >= list.length - POSTING_REACH; k--) visit(list[k]!, stamp, found);
      }
      const undated = this.undatedPostings.get(key);
      if (undated) for (const other of undated) visit(other, stamp, found);
    }
    return found;
  }

  /** The best-scoring earlier article, if it clears the threshold. */
  match(article: PlacedArticle): Placement {
    let best: PlacedArticle | null = null;
    let bestScore = -Infinity;
    const lead = weigh(article, this.df).lead;
    for (const other of this.candidates(article)) {
      // Most candidates share one word and no more: the lead gate decides them before any other feature.
      if (sparseDot(lead, other.weighted!.lead) < MIN_LEAD_COSINE) continue;
      const features = pairFeatures(article, other, this.df);
      if (ruledOut(article, other, features)) continue;
      const score = pairScore(features, this.model);
      if (score > bestScore) {
        best = other;
        bestScore = score;
      }
    }
    if (best && bestScore >= this.model.threshold) return { story: best.story, joined: best.key, score: bestScore };
    return { story: article.key, joined: null, score: bestScore };
  }

  /** Places an article: joins the story of its best match or starts its own. */
  place(item: StoryItem, story?: string): Placement {
    const article = this.prepare(item);
    const placement = story === undefined ? this.match(article) : { story, joined: null, score: Infinity };
    article.story = placement.story;
    this.insert(article);
    return placement;
  }

  /** Adds an article whose story is already known (loaded from the store). */
  insert(article: PlacedArticle): void {
    this.articles.set(article.key, article);
    let byKey = article.day === null ? this.undatedPostings : this.postings.get(article.day);
    if (!byKey) {
      byKey = new Map();
      this.postings.set(article.day!, byKey);
    }
    for (const key of weigh(article, this.df).keys) {
      const list = byKey.get(key);
      if (list) list.push(article);
      else byKey.set(key, [article]);
      const any = this.anyDay.get(key);
      if (any) {
        any.push(article);
        if (any.length > 2 * UNDATED_REACH) any.splice(0, any.length - UNDATED_REACH);
      } else {
        this.anyDay.set(key, [article]);
      }
    }
  }

  storyOf(key: string): string | undefined {
    return this.articles.get(key)?.story;
  }
}

/** How ingest and `brief clusters` read an article for clustering: title, lead, date and signature. */
export function storyItemOf(id: string, article: Article, sentences: readonly { text: string }[], lead: string): StoryItem {
  return { id, title: article.title, lead, published: article.published, signature: articleSignature(article, sentences) };
}

/** Publication order, undated last; ties keep input order. */
function placementOrder<T extends StoryItem>(items: readonly T[]): number[] {
  const days = items.map((item) => dayNumber(item.published));
  return items.map((_, i) => i).sort((a, b) => (days[a] ?? Infinity) - (days[b] ?? Infinity) || a - b);
}

/**
 * Groups the items into stories. Every item is in exactly one cluster; clusters come in the input
 * order of their first member. Items are placed in publication order, as ingest would have placed
 * them; document frequencies are counted over all of them first, as a store would have them.
 */
export function clusterStories<T extends StoryItem>(items: readonly T[], model: StoryModel = DEFAULT_STORY_MODEL): StoryCluster<T>[] {
  const index = new StoryIndex(model);
  const prepared = items.map((item) => index.prepare(item));
  const storyOf = new Array<string>(items.length);
  for (const i of placementOrder(items)) {
    const article = prepared[i]!;
    // Ids can repeat in a caller's input; the position keeps each item its own key.
    article.key = `${i}`;
    article.story = article.key;
    const placement = index.match(article);
    article.story = placement.story;
    index.insert(article);
    storyOf[i] = placement.story;
  }
  const groups = new Map<string, T[]>();
  items.forEach((item, i) => {
    const members = groups.get(storyOf[i]!);
    if (members) members.push(item);
    else groups.set(storyOf[i]!, [item]);
  });
  return [...groups.values()].map((members) => ({ label: String(members[0]!.id), items: members }));
}

/**
 * Groups items by the stories stored for them at ingest (`storyOf`: item id -> story id); items with
 * no stored story (placed by no ingest yet) are clustered among themselves with the same model.
 * Clusters come in the input order of their first member, members in input order, as clusterStories.
 */
export function groupByStory<T extends StoryItem>(items: readonly T[], storyOf: ReadonlyMap<string | number, string | number>): StoryCluster<T>[] {
  const keyOf = new Map<T, string>();
  const unplaced = items.filter((item) => !storyOf.has(item.id));
  for (const cluster of clusterStories(unplaced)) for (const item of cluster.items) keyOf.set(item, `new:${cluster.label}`);
  for (const item of items) if (storyOf.has(item.id)) keyOf.set(item, `stored:${String(storyOf.get(item.id))}`);
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf.get(item)!;
    const members = groups.get(key);
    if (members) members.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()].map((members) => ({ label: String(members[0]!.id), items: members }));
}

/**
 * Which stories a digest may show together: a reaction under the event it reacts to, a follow-up
 * under its first report. Stories are linked when any two of their members score at least
 * `model.relatedThreshold` with the hard rules lifted (reactions and events may meet; commentary still
 * stands alone). Returns, per cluster, the index of the first cluster of its group: clusters passed
 * best first keep the best one as the group's head.
 */
export function relatedGroups<T extends StoryItem>(clusters: readonly StoryCluster<T>[], model: StoryModel = DEFAULT_STORY_MODEL): number[] {
  const index = new StoryIndex(model);
  const entries = clusters.flatMap((cluster, c) => cluster.items.map((item) => ({ c, article: index.prepare(item) })));
  const head = clusters.map((_, c) => c);
  const find = (c: number): number => {
    while (head[c] !== c) c = head[c] = head[head[c]!]!;
    return c;
  };
  const clusterOf = new Map<PlacedArticle, number>();
  entries.forEach(({ c, article }, i) => {
    article.key = String(i);
    clusterOf.set(article, c);
    if (article.signature.kind !== 'commentary') {
      for (const other of index.candidates(article)) {
        const o = clusterOf.get(other)!;
        if (find(o) === find(c) || other.signature.kind === 'commentary') continue;
        // A reaction belongs under its event here: what keeps them apart in the store does not count.
        const features = { ...pairFeatures(article, other, index.df), familyConflict: 0, reactionMismatch: 0, speakerConflict: 0 };
        if (pairScore(features, model) >= model.relatedThreshold) {
          const [a, b] = [find(o), find(c)];
          head[Math.max(a, b)] = Math.min(a, b);
        }
      }
    }
    index.insert(article);
  });
  return clusters.map((_, c) => find(c));
}
