// Word tokens for every analysis step. natural's WordTokenizer keeps only ASCII letters, digits and
// Cyrillic (names in Urdu or Hindi script vanish) and splits "Pakistan's" into two tokens, so words
// are found here with a Unicode-aware pattern and only the stemming comes from natural.
import { porterStem, STOPWORDS } from './natural.ts';

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)*/gu;
const ASCII_WORD = /^[a-z]+$/;
const APOSTROPHE = 39;
const CURLY_APOSTROPHE = 0x2019;

/** One token as analysis sees it: possessive 's dropped, curly apostrophes made straight. */
function normaliseToken(token: string): string {
  // Most tokens have no apostrophe: checking for one is far cheaper than running two replaces.
  if (!token.includes("'") && !token.includes('’')) return token;
  const n = token.length;
  const possessive = n > 2 && token[n - 1] === 's' && (token.charCodeAt(n - 2) === APOSTROPHE || token.charCodeAt(n - 2) === CURLY_APOSTROPHE);
  return (possessive ? token.slice(0, n - 2) : token).replace(/’/g, "'");
}

/** Lowercase word tokens, possessive 's removed ("Pakistan’s" -> "pakistan"). */
export function words(text: string): string[] {
  const out: string[] = [];
  // match() with /g returns plain strings; matchAll would build a match object per token.
  for (const token of text.toLowerCase().match(WORD) ?? []) out.push(normaliseToken(token));
  return out;
}

const CACHE_LIMIT = 200_000;
const stemCache = new Map<string, string>();
/** Per raw token as matched (lower-case): its word, its stem, and the stem if it carries meaning ('' if not). */
const tokenCache = new Map<string, readonly [word: string, stem: string, content: string]>();

/** Porter stem for English words; other scripts and numbers are kept as they are. */
export function stem(word: string): string {
  let cached = stemCache.get(word);
  if (cached === undefined) {
    cached = ASCII_WORD.test(word) ? porterStem(word) : word;
    if (stemCache.size > CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, cached);
  }
  return cached;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** One map lookup per token on the hot paths; normalising, the stop-word test and stemming run once per token. */
function knownToken(token: string): readonly [word: string, stem: string, content: string] {
  let known = tokenCache.get(token);
  if (known === undefined) {
    const word = normaliseToken(token);
    const stemmed = stem(word);
    known = [word, stemmed, word.length < 2 || STOPWORDS.has(word) ? '' : stemmed];
    if (tokenCache.size > CACHE_LIMIT) tokenCache.clear();
    tokenCache.set(token, known);
  }
  return known;
}

/** Stems of the words that carry meaning: no stop words, no one-letter tokens. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const token of text.toLowerCase().match(WORD) ?? []) {
    const content = knownToken(token)[2];
    if (content) out.push(content);
  }
  return out;
}

/** A sentence's words as every engine reads them: lower-case tokens, their stems, and the stems that carry meaning. */
export interface SentenceTokens {
  words: readonly string[];
  stems: readonly string[];
  /** As contentStems: no stop words, no one-letter tokens. */
  content: readonly string[];
}

const sentenceTokens = new WeakMap<object, SentenceTokens>();

/** A text's tokens, uncached: for a title or a line read once. */
export function tokenize(text: string): SentenceTokens {
  const words: string[] = [];
  const stems: string[] = [];
  const content: string[] = [];
  for (const token of text.toLowerCase().match(WORD) ?? []) {
    const [word, stemmed, meaning] = knownToken(token);
    words.push(word);
    stems.push(stemmed);
    if (meaning) content.push(meaning);
  }
  return { words, stems, content };
}

/**
 * The tokens of one sentence, built the first time any engine asks and shared with the rest: the
 * summariser, the topic tagger and TextRank read the same sentence objects at ingest, so each
 * sentence is tokenised and stemmed once.
 */
export function tokensOf(sentence: { readonly text: string }): SentenceTokens {
  let tokens = sentenceTokens.get(sentence);
  if (!tokens) {
    tokens = tokenize(sentence.text);
    sentenceTokens.set(sentence, tokens);
  }
  return tokens;
}
