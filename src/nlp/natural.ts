// The one module that touches `natural`. It loads submodules directly: the package root takes over a
// second to import, pulls in database drivers and reads `.env` as a side effect.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface PorterStemmerModule {
  stem(token: string): string;
}
interface SentenceTokenizerClass {
  new (abbreviations?: string[], trimSentences?: boolean): { tokenize(text: string): string[] };
}

const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as PorterStemmerModule;
const stopwordModule = require('natural/lib/natural/util/stopwords.js') as { words: string[] };

/** natural's English stop-word list, frozen so no caller can change it for everyone else. */
export const STOPWORDS: ReadonlySet<string> = new Set(stopwordModule.words);

/** Porter stem of one lowercase token (natural's implementation of the original algorithm). */
export function porterStem(token: string): string {
  return porter.stem(token);
}

/**
 * natural's SentenceTokenizer, loaded on demand: used only as the comparison baseline in benchmarks
 * (it is super-linear in sentence count and splits after abbreviations).
 */
export function naturalSentenceTokenizer(): { tokenize(text: string): string[] } {
  const SentenceTokenizer = require('natural/lib/natural/tokenizers/sentence_tokenizer.js') as SentenceTokenizerClass;
  return new SentenceTokenizer();
}
