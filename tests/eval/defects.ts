// Readability defects of a summary, counted the way a reader meets them, for `npm run eval:summary`.
// Written apart from src/nlp/readable.ts on purpose (intervals of quotations over the paragraph's
// offsets, not a running state; its own word lists), so that the summariser avoiding what it detects
// is not all the eval can see.

export interface DefectSentence {
  index: number;
  paragraph: number;
  /** Offsets into the article body. */
  start: number;
  end: number;
  /** As the summary shows it. */
  text: string;
}

export interface Defects {
  /** Sentences that hold only the opening or only the closing part of a multi-sentence quotation. */
  quotationFragments: number;
  /** Summaries with a sentence that points back at one not before it in the summary. */
  danglingOpeners: number;
  /** Sentences that are, or contain, a dateline alone, bullet, footer or caption. */
  boilerplate: number;
}

const PRONOUN_OPENERS = /^["“]?(?:He|She|They|It|His|Her|Their|Its|This|These|Those)\b(?!['’]s)/;
const CONNECTIVE_OPENERS = /^["“]?(?:But|However|Meanwhile|Moreover|Also|Besides|Nevertheless|Furthermore|Earlier|Later|Separately|On the other hand|In addition|As a result|Similarly|Instead)\b/;
const BOILERPLATE = [
  /[•▪●]/, // a standfirst bullet, alone or run into the lead
  /^Published in /,
  /Header image/i,
  /Video Player/i,
  /^[A-Z][A-Z .'’-]+(?:, [A-Za-z]+\.? ?\d{0,2})?(?: \([^()]{1,20}\))?\s*:$/, // a dateline alone
  /[a-z.,;”"’)]\s+[A-Z]{3,}(?: [A-Z]{2,})*(?:, [A-Z][a-z]{2,3}\.? \d{1,2})?(?: \([A-Z]+\))?:\s+\S/, // a dateline after other words
];

/**
 * [start, end) of every double-quoted span of the body; an unclosed one runs to its paragraph's end, or to
 * the next mark that can only open a quotation (one after a space or a line start and before a word: a
 * quotation continued in the next paragraph re-opens its mark, and the paragraphs may have been run
 * together).
 */
export function quotationSpans(body: string): [number, number][] {
  const spans: [number, number][] = [];
  let from = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    const opensOnly = (c === '“' || c === '"') && (i === 0 || /\s/.test(body[i - 1]!)) && /[^\s"“”]/.test(body[i + 1] ?? ' ');
    if (opensOnly && from >= 0) {
      spans.push([from, i]);
      from = i;
    } else if (c === '\n' && body[i + 1] === '\n' && from >= 0) {
      spans.push([from, i]);
      from = -1;
    } else if (c === '“' || (c === '"' && from < 0)) {
      if (from < 0) from = i;
    } else if ((c === '”' || c === '"') && from >= 0) {
      spans.push([from, i + 1]);
      from = -1;
    }
  }
  if (from >= 0) spans.push([from, body.length]);
  return spans;
}

/**
 * Whether a quotation starts inside the sentence and ends after it, or started before it and ends in or
 * after it. `text` is what the summary shows: an opening piece shown with a closing mark added at its
 * end carries both marks, and is not a fragment to its reader.
 */
function cutsQuotation(sentence: DefectSentence, spans: [number, number][]): boolean {
  const closedAtEnd = /[”"]$/.test(sentence.text.trimEnd());
  return spans.some(([a, b]) => (a >= sentence.start && a < sentence.end && b > sentence.end && !closedAtEnd) || (a < sentence.start && b > sentence.start));
}

/** Defects of one summary: its sentences in document order, taken from `all` (every sentence of the body). */
export function summaryDefects(chosen: DefectSentence[], all: DefectSentence[], spans: [number, number][]): Defects {
  const inSummary = new Set(chosen.map((s) => s.index));
  let dangling = false;
  chosen.forEach((sentence, position) => {
    if (position === 0 && (PRONOUN_OPENERS.test(sentence.text) || CONNECTIVE_OPENERS.test(sentence.text))) dangling = true;
    const before = all[sentence.index - 1];
    if (position > 0 && PRONOUN_OPENERS.test(sentence.text) && !(before && inSummary.has(before.index))) dangling = true;
  });
  return {
    quotationFragments: chosen.filter((s) => cutsQuotation(s, spans)).length,
    danglingOpeners: dangling ? 1 : 0,
    boilerplate: chosen.filter((s) => BOILERPLATE.some((pattern) => pattern.test(s.text))).length,
  };
}
