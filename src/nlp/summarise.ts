// Sentence scoring for extractive summaries of news. Each sentence gets named components, each in [0, 1]:
//   position     a prior that halves every few sentences: news puts its news in the lead, headline or not
//   centrality   PageRank over the tf-idf cosine graph of the article's sentences (LexRank-style)
//   title        cosine of the sentence's and the headline's stem sets (0 when the title was cut from the lead)
//   facts        what happened, who and where: numbers and names per word
//   attribution  the sentence names its source ("ISPR said", "according to police")
//   quoted       the share of the sentence inside quotation marks: quotable colour, weighed against
//   length       a prior against fragments and run-ons (a multiplier)
// Sentences are then picked one at a time by MMR: value = (content + position) × (1 − redundancy ×
// largest cosine with a sentence already picked); the position and the penalty fade with the picks made
// and, for a ranking made for a given length, with the share of the article it covers (briefCoverage).
// The pick order is summaryRank; an N-sentence summary
// is the first N picks in document order. Every sentence gets a rank, so any length can be read from
// the store.
//
// A short summary must read on its own (src/nlp/readable.ts): within the first READABLE_PICKS picks
// a sentence that holds only part of a quotation, or is boilerplate, is never picked (the opening piece
// that names its speaker is, shown with its closing mark: readableText); one that opens
// with a connective ("However") is picked only after an earlier sentence, and one that opens with a
// pronoun ("He said") only after the sentence before it; the article's first sentence, written to
// follow the headline, needs no sentence before it. When nothing readable is left, those ranks
// stay unused, so a short summary is shorter rather than unreadable.
//
// The weights are fitted, not assumed: `npm run eval:summary` fits them on one half of the dev sets
// (the South Asian editor's picks, CNN/DailyMail, BBC), scores the other half, swaps, and prints the
// held-out figures beside the in-sample ones; DEFAULT_WEIGHTS are its fit on all of them.
import type { Article } from '../domain/article.ts';
import { readability, type SentenceOpener } from './readable.ts';
import { pageRank, type SentenceTerms, sentenceTerms, type SimilarityGraph, similarityGraph } from './textrank.ts';
import { contentStems, tokensOf } from './tokens.ts';
import type { AnalysedSentence, BodySentence } from '../domain/analysis.ts';


export interface SummaryWeights {
  centrality: number;
  /** Weight of the position prior when the title was cut from the lead. */
  position: number;
  /** Weight of the position prior when the article has a real headline. */
  titledPosition: number;
  title: number;
  facts: number;
  attribution: number;
  /** Subtracted per unit of the quoted share. */
  quoted: number;
  /** The position prior halves every `positionHalfLife` sentences. */
  positionHalfLife: number;
  /** Number of picks after which the position prior and the redundancy penalty fade out. */
  leadPicks: number;
  /** Word counts below `shortWords` or above `longWords` scale the score down in proportion. */
  shortWords: number;
  longWords: number;
  /** Share of a sentence's value lost per unit of cosine with the closest sentence already picked. */
  redundancy: number;
  /**
   * Share of the article the summary covers past its first sentence ((length − 1) over the article's
   * other sentences) at which the lead prior, the brief's parts and the redundancy penalty count half:
   * a 2-sentence brief is the lead's news, a summary of 40% of the article is its central points.
   */
  briefCoverage: number;
}

/** Fitted by `npm run eval:summary` on all dev sets; it prints the held-out figures of the same fit. */
export const DEFAULT_WEIGHTS: SummaryWeights = {
  centrality: 1,
  position: 1,
  titledPosition: 1.5,
  title: 0.2,
  facts: 0.25,
  attribution: 0,
  quoted: 0,
  positionHalfLife: 3,
  leadPicks: 3.5,
  shortWords: 5,
  longWords: 55,
  redundancy: 0.8,
  briefCoverage: 0.25,
};

/** Picks made one at a time against redundancy, at least; later ones follow the content score alone. */
const MMR_PICKS = 12;
/** Below this share the position prior and the redundancy penalty no longer change a pick. */
const FADED = 0.01;
/** A 100,000-character article has about 700 sentences. */
export const MAX_RANKED_SENTENCES = 1000;
/**
 * Every summary the bot shows has at most this many sentences (/summary long): within them a sentence
 * that cannot stand alone is never picked. Longer summaries (BBC's references run to 20 sentences)
 * show the neighbours of a quotation's pieces anyway, so past this the constraints are lifted.
 */
export const READABLE_PICKS = 3;
/** Fragments of fewer words ("(CNN)", "Pictured above.") are picked only after every longer sentence. */
const MIN_WORDS = 4;
/** A sentence with this many numbers and names per word (or more) is all facts. */
const FACTS_FULL = 0.4;

function lengthPrior(wordCount: number, weights: SummaryWeights): number {
  if (wordCount < weights.shortWords) return wordCount / weights.shortWords;
  if (wordCount > weights.longWords) return weights.longWords / wordCount;
  return 1;
}

/** Everything about the sentences that does not depend on the weights: computed once per article. */
export interface SentenceFeatures {
  titled: boolean;
  graph: SimilarityGraph;
  wordCounts: number[];
  centrality: Float64Array;
  title: Float64Array;
  facts: Float64Array;
  attribution: Uint8Array;
  quoted: Float64Array;
  opener: SentenceOpener[];
  /** Part of a quotation that spans sentences, or boilerplate: never a pick while a usable one is left. */
  unusable: Uint8Array;
  /** The opening piece of a quotation, after its speaker: shown with the closing mark it lacks. */
  closingMark: Uint8Array;
}

export function sentenceFeatures(article: Pick<Article, 'title' | 'titleDerived'>, sentences: BodySentence[]): SentenceFeatures {
  const n = sentences.length;
  const terms = sentenceTerms(sentences.map((s) => tokensOf(s).content));
  const graph = similarityGraph(terms);
  const rank = pageRank(graph);
  const maxRank = rank.reduce((a, b) => Math.max(a, b), 0);
  const headline = article.titleDerived ? null : headlineTerms(article.title, terms);
  const checks = readability(sentences);
  const features: SentenceFeatures = {
    titled: !article.titleDerived,
    graph,
    wordCounts: sentences.map((s) => wordCount(s.text)),
    centrality: new Float64Array(n),
    title: new Float64Array(n),
    facts: new Float64Array(n),
    attribution: new Uint8Array(n),
    quoted: new Float64Array(n),
    opener: checks.map((c) => c.opener),
    // The attributed opening piece of a quotation is shown with its closing mark (readableText).
    unusable: Uint8Array.from(checks, (c) => ((c.quotationFragment && !c.attributedOpening) || c.boilerplate ? 1 : 0)),
    closingMark: Uint8Array.from(checks, (c) => (c.attributedOpening && !c.boilerplate ? 1 : 0)),
  };
  for (let i = 0; i < n; i++) {
    const text = sentences[i]!.text;
    features.centrality[i] = maxRank > 0 ? rank[i]! / maxRank : 0;
    features.title[i] = headline ? overlap(headline, terms.ids[i]!) : 0;
    features.facts[i] = Math.min(1, factsPerWord(text, features.wordCounts[i]!) / FACTS_FULL);
    features.attribution[i] = ATTRIBUTION.test(text) ? 1 : 0;
    features.quoted[i] = checks[i]!.quotedShare;
  }
  return features;
}

interface Values {
  /** What the sentence says to any reader: centrality and the headline's words. */
  content: Float64Array;
  /** What makes it a news brief's sentence (facts, attribution, less quoted colour), and its place. */
  brief: Float64Array;
  position: Float64Array;
  length: Float64Array;
}

/**
 * Each sentence's value in parts. The brief's parts and the position count in full for the first
 * picks and fade with them (see leadShare): a 2-sentence brief is the lead and the facts, while a long
 * summary adds the article's central points.
 */
function contentValues(f: SentenceFeatures, weights: SummaryWeights): Values {
  const n = f.wordCounts.length;
  const values: Values = { content: new Float64Array(n), brief: new Float64Array(n), position: new Float64Array(n), length: new Float64Array(n) };
  const positionWeight = f.titled ? weights.titledPosition : weights.position;
  for (let i = 0; i < n; i++) {
    const length = lengthPrior(f.wordCounts[i]!, weights);
    values.length[i] = length;
    values.content[i] = length * (weights.centrality * f.centrality[i]! + weights.title * f.title[i]!);
    values.brief[i] = length * (weights.facts * f.facts[i]! + weights.attribution * f.attribution[i]! - weights.quoted * f.quoted[i]!);
    values.position[i] = length * positionWeight * 2 ** (-i / weights.positionHalfLife);
  }
  return values;
}

/**
 * Whether a sentence that needs an earlier one may be picked, given the picks so far. The article's
 * first sentence needs none: it is written to be read first, under the headline every summary shows,
 * and a pronoun there points at the headline or forward ("They are the new checkposts that …").
 */
function antecedentPicked(opener: SentenceOpener, i: number, picked: Uint8Array, firstPicked: number): boolean {
  if (i === 0) return true;
  if (opener === 'pronoun') return i > 0 && picked[i - 1] === 1;
  if (opener === 'connective') return firstPicked < i;
  return true;
}

/**
 * The pick order of every sentence (summaryRank by index). With `limit`, only the first `limit` picks
 * are made and every other sentence is left at -1: what a fit that scores N-sentence summaries needs.
 */
export function rankSentences(f: SentenceFeatures, weights: SummaryWeights = DEFAULT_WEIGHTS, limit = Infinity): Int32Array {
  return rankByValues(f, weights, contentValues(f, weights), limit);
}

/**
 * How sharply the lead's share falls around `briefCoverage`. Steep on purpose: on the dev sets a brief
 * (2–3 sentences, up to ~30% of a short article) needs the lead in full, while an extract of 40% of the
 * article is its central points; a gentle fade cost the briefs 2 ROUGE-1 before it helped the extracts.
 */
const COVERAGE_STEEPNESS = 16;

/**
 * How much the lead prior, the brief's parts and the redundancy penalty count for a summary of `length`
 * sentences out of `candidates`: 1 for a short brief, towards 0 once the summary covers much more than
 * `briefCoverage` of the article.
 */
export function briefScale(length: number, candidates: number, weights: SummaryWeights): number {
  // The share of the article past one sentence: a brief's first sentence is the lead whatever the
  // article's length, so what tells a brief from an extract is how much of the rest it takes.
  const coverage = (length - 1) / Math.max(candidates - 1, 1);
  return 1 / (1 + (coverage / weights.briefCoverage) ** COVERAGE_STEEPNESS);
}

function rankByValues(f: SentenceFeatures, weights: SummaryWeights, values: Values, limit: number): Int32Array {
  const n = f.wordCounts.length;
  const order = new Int32Array(n).fill(-1);
  if (n === 0) return order;
  const { content, brief, position } = values;
  const closestPicked = new Float64Array(n);
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) if (f.wordCounts[i]! >= MIN_WORDS) candidates.push(i);
  const picked = new Uint8Array(n);
  let firstPicked = n;
  let pick = 0;
  // Stored ranks serve every summary the bot shows (2 to 6 sentences): briefs, whatever the article's
  // length. Only a ranking made for a given length weighs that length against the article's.
  const scale = Number.isFinite(limit) ? briefScale(limit, candidates.length, weights) : 1;
  for (; pick < candidates.length; pick++) {
    if (pick >= limit) return order;
    // Centrality weighs more as the picks go on: the lead's share fades with the picks made.
    const leadShare = scale / (1 + (pick / weights.leadPicks) ** 4);
    if (leadShare < FADED && pick >= MMR_PICKS) break;
    let best = -1;
    let bestValue = -Infinity;
    // A ranking made for a summary longer than the bot shows lifts the constraints from its first picks
    // too: they are lifted past READABLE_PICKS anyway, and a long summary holds a quotation's neighbours.
    const readable = pick < READABLE_PICKS && !(Number.isFinite(limit) && limit > READABLE_PICKS);
    for (const i of candidates) {
      if (picked[i]) continue;
      if (readable && (f.unusable[i] || !antecedentPicked(f.opener[i]!, i, picked, firstPicked))) continue;
      // Kept above zero so that the redundancy penalty, a multiplier, always lowers a value.
      const worth = Math.max(content[i]! + leadShare * (brief[i]! + position[i]!), 0.001);
      const value = worth * (1 - leadShare * weights.redundancy * closestPicked[i]!);
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) {
      // Only sentences that cannot stand alone are left: a short summary is shorter rather than
      // unreadable, so the ranks below READABLE_PICKS stay unused.
      pick = Math.max(pick, READABLE_PICKS);
      break;
    }
    order[best] = pick;
    picked[best] = 1;
    if (best < firstPicked) firstPicked = best;
    const neighbours = f.graph.neighbours[best]!;
    const similarities = f.graph.weights[best]!;
    for (let k = 0; k < neighbours.length; k++) {
      const i = neighbours[k]!;
      if (similarities[k]! > closestPicked[i]!) closestPicked[i] = similarities[k]!;
    }
  }
  // Once position and redundancy have faded out, the order is the content score's: one sort, not MMR.
  const rest = candidates.filter((i) => !picked[i]).sort((a, b) => content[b]! - content[a]! || a - b);
  for (const i of rest) order[i] = pick++;
  // Then fragments, in document order: an article of nothing but short lines still gets a summary.
  for (let i = 0; i < n; i++) if (f.wordCounts[i]! < MIN_WORDS) order[i] = pick++;
  return order;
}

/**
 * Scores every sentence and ranks the ones a summary should pick, in the order it picks them. Only the
 * first MAX_RANKED_SENTENCES are scored: the graph can hold up to 100 edges per word, so a 2 MB paste
 * would cost hundreds of megabytes, and a summary never needs sentences that deep.
 */
export function scoreSentences(
  article: Pick<Article, 'title' | 'titleDerived'>,
  sentences: BodySentence[],
  weights: SummaryWeights = DEFAULT_WEIGHTS,
): AnalysedSentence[] {
  const leading = sentences.slice(0, MAX_RANKED_SENTENCES);
  const ranked = leading.length ? rankLeading(article, leading, weights) : [];
  for (const sentence of sentences.slice(MAX_RANKED_SENTENCES)) ranked.push({ ...sentence, score: 0, components: {}, summaryRank: null });
  return ranked;
}

function rankLeading(article: Pick<Article, 'title' | 'titleDerived'>, sentences: BodySentence[], weights: SummaryWeights): AnalysedSentence[] {
  const f = sentenceFeatures(article, sentences);
  const values = contentValues(f, weights);
  const order = rankByValues(f, weights, values, Infinity);
  const { content, brief, position, length } = values;
  return sentences.map((sentence, i): AnalysedSentence => ({
    index: sentence.index,
    paragraph: sentence.paragraph,
    start: sentence.start,
    end: sentence.end,
    text: sentence.text,
    score: content[i]! + brief[i]! + position[i]!,
    // Three decimals are all a reader of /summary explain needs, and keep the stored JSON short.
    components: {
      position: round3(2 ** (-i / weights.positionHalfLife)),
      centrality: round3(f.centrality[i]!),
      title: round3(f.title[i]!),
      facts: round3(f.facts[i]!),
      attribution: f.attribution[i]!,
      quoted: round3(f.quoted[i]!),
      length: round3(length[i]!),
      ...(f.unusable[i] ? { unusable: 1 } : {}),
      ...(f.closingMark[i] ? { closingMark: 1 } : {}),
    },
    summaryRank: order[i]! >= 0 ? order[i]! : null,
  }));
}

// Who says so: a speech or report verb, or "according to". A named source makes a claim usable.
const ATTRIBUTION = /\b(?:said|says|told|according to|stated|confirmed|announced|reported|claimed|added|informed|quoted)\b/i;
// A number: digits ("19", "Rs896bn", "2025") or a number word ("eight", "dozens").
const NUMBER = /\d+|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?)\b/gi;
// A name: a run of capitalised words after a space, past any opening quote or bracket, counted once
// ("Frontier Corps", "Bank of England", "Pakistan Institute of Medical Sciences"): who and where are
// people, bodies and places, not capital letters, and a list of long names is not more facts than one
// number. The first word of the sentence has no space before it, so its capital (every sentence has
// one) is not counted.
const NAME = /\s[("“‘'[]*\p{Lu}[\p{L}\p{N}'’.-]*(?:\s+(?:of (?:the )?)?\p{Lu}[\p{L}\p{N}'’.-]*)*/gu;

/**
 * Numbers and names per word. What happened, who and where are mostly these; colour and commentary
 * have few. Two regex counts, no tokenising: this runs on every sentence at ingest.
 */
function factsPerWord(text: string, words: number): number {
  if (words === 0) return 0;
  const numbers = text.match(NUMBER)?.length ?? 0;
  const names = text.match(NAME)?.length ?? 0;
  return (numbers + names) / words;
}

interface Headline {
  /** Distinct stems of the headline. */
  size: number;
  /** By term id of the article: 1 when the headline holds the term. */
  has: Uint8Array;
}

function headlineTerms(title: string, terms: SentenceTerms): Headline {
  const stems = new Set(contentStems(title));
  const has = new Uint8Array(terms.sentenceCounts.length);
  for (const stem of stems) {
    const id = terms.idOf.get(stem);
    if (id !== undefined) has[id] = 1;
  }
  return { size: stems.size, has };
}

/** Cosine of the headline's and the sentence's sets of stems: a title is too short for tf-idf weights. */
function overlap(headline: Headline, sentence: Int32Array): number {
  if (headline.size === 0 || sentence.length === 0) return 0;
  let shared = 0;
  for (let k = 0; k < sentence.length; k++) shared += headline.has[sentence[k]!]!;
  return shared / Math.sqrt(headline.size * sentence.length);
}

/** Words as runs of non-space characters: enough for a length prior, and cheap. */
function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
