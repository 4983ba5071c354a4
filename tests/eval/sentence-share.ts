// Segmentation measured on real text: every BBC reference line is a sentence copied from its article,
// so a good segmenter returns each one as exactly one of its sentences.
import { splitSentences } from '../../src/nlp/sentences.ts';

export interface ShareRecord {
  text: string;
  reference: string;
}

// The reference lines were cut from summaries glued without spaces, and the cut often kept or lost a
// quotation mark at either end; the comparison ignores quotation marks at the ends only.
const END_QUOTES = /^["“”'‘’\s]+|["“”'‘’\s]+$/g;
const bare = (sentence: string): string => sentence.replace(END_QUOTES, '');

/**
 * Of the reference lines found verbatim in their article (the others were damaged when the corpus was
 * built and no segmenter can return them), how many come out as exactly one sentence.
 */
export function exactSentenceShare(records: ShareRecord[]): { found: number; total: number; unmatchable: number } {
  let found = 0;
  let total = 0;
  let unmatchable = 0;
  for (const record of records) {
    const sentences = new Set<string>();
    for (const paragraph of record.text.split('\n\n')) for (const span of splitSentences(paragraph)) sentences.add(bare(span.text));
    for (const line of record.reference.split('\n').map((l) => l.trim()).filter(Boolean)) {
      if (!record.text.includes(line)) {
        unmatchable++;
        continue;
      }
      total++;
      if (sentences.has(bare(line))) found++;
    }
  }
  return { found, total, unmatchable };
}
