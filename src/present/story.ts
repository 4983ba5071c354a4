// How a story is summed up wherever stories are listed (the digest, /topic).
import { summarySentences } from '../domain/analysis.ts';

/** Sentences a listed story is told in: the digest's length, short enough to scan. */
export const STORY_SUMMARY_SENTENCES = 2;

/** The summariser's picks, or the first sentences when it picked none (a very short article). */
export function storySummary<T extends { index: number; summaryRank: number | null }>(sentences: T[]): T[] {
  const best = summarySentences(sentences, STORY_SUMMARY_SENTENCES);
  return best.length ? best : sentences.slice(0, STORY_SUMMARY_SENTENCES);
}
