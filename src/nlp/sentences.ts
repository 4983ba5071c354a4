// Sentence segmentation. PLACEHOLDER: splits on end punctuation followed by a capital; the summary
// issue replaces it with a tested, linear news segmenter. Offsets are into the string given.

export interface SentenceSpan {
  start: number;
  end: number;
  text: string;
}

export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const boundary = /[.!?]["'”’)]*\s+(?=["“‘(]?[\p{Lu}\d])/gu;
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].trimEnd().length;
    spans.push({ start, end, text: text.slice(start, end) });
    start = match.index + match[0].length;
  }
  if (start < text.trimEnd().length) spans.push({ start, end: text.trimEnd().length, text: text.slice(start).trimEnd() });
  return spans.filter((s) => s.text.trim());
}
