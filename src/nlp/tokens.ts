// Word tokens for every analysis step. natural's WordTokenizer keeps only ASCII letters, digits and
// Cyrillic (names in Urdu or Hindi script vanish) and splits "Pakistan's" into two tokens, so words
// are found here with a Unicode-aware pattern and only the stemming comes from natural.
import { porterStem, STOPWORDS } from './natural.ts';

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)*/gu;
const POSSESSIVE = /['’]s$/;
const ASCII_WORD = /^[a-z]+$/;

/** Lowercase word tokens, possessive 's removed ("Pakistan’s" -> "pakistan"). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    out.push(match[0].replace(POSSESSIVE, '').replace(/’/g, "'"));
  }
  return out;
}

const stemCache = new Map<string, string>();

/** Porter stem for English words; other scripts and numbers are kept as they are. */
export function stem(word: string): string {
  let cached = stemCache.get(word);
  if (cached === undefined) {
    cached = ASCII_WORD.test(word) ? porterStem(word) : word;
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, cached);
  }
  return cached;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Stems of the words that carry meaning: no stop words, no one-letter tokens. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}
