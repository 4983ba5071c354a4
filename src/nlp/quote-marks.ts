// Finds the stretches of text between double quotation marks, in one pass over the body. Straight
// marks (") carry no direction, and curly ones are often typed the wrong way round ("said,“ he"), so a
// mark's direction is read from what touches it: a mark with a space before and a letter after opens,
// one with a letter before and a space or punctuation after closes; the glyph only breaks ties.
// Single marks are never quotation marks here: they are apostrophes or quotes nested inside a quote.
//
// A quote never crosses a paragraph unless the next paragraph opens with a quotation mark (the news
// convention for a quotation running over several paragraphs). An opening mark that is never closed
// is dropped, except at the start of a paragraph or after a colon, where it is read as a quotation
// running to the end of that paragraph. Either way an unbalanced mark cannot swallow the article.

export interface QuotedSpan {
  /** Offsets of the quoted text in the body, marks excluded. */
  start: number;
  end: number;
  /** Offset of the opening mark, and of the closing one (-1 when the paragraph ended first). */
  open: number;
  close: number;
  /** Offset where the paragraph holding the opening mark starts. */
  paragraphStart: number;
  /** The quoted words; for a quotation over several paragraphs, without the marks that reopen each. */
  text: string;
  multiParagraph: boolean;
}

const DOUBLE_MARKS = new Set(['"', '“', '”', '„', '«', '»']);
const OPENING_GLYPHS = new Set(['“', '„', '«']);
const CLOSING_GLYPHS = new Set(['”', '»']);
// What may stand right before an opening mark, and right after a closing one, besides a space.
const BEFORE_OPENING = new Set(['(', '[', '{', '—', '–', '-', '/', ':', "'", '‘', ...DOUBLE_MARKS]);
const AFTER_CLOSING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '—', '–', '-', '…', "'", '’', ...DOUBLE_MARKS]);
const PARAGRAPH_BREAK = '\n\n';
// Markup a scraper left in the text (<tweet author="…">) holds attribute values, not quotations.
const TAG_START = /[A-Za-z/!]/;
const MARK_OR_TAG = /["“”„«»<]/g;

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\n' || ch === '\t' || ch === '\u00a0';
}

type Direction = 'open' | 'close';

function direction(text: string, i: number, inside: boolean): Direction {
  const before = text[i - 1];
  const after = text[i + 1];
  const canOpen = !isSpace(after) && (isSpace(before) || BEFORE_OPENING.has(before!));
  const canClose = !isSpace(before) && (isSpace(after) || AFTER_CLOSING.has(after!));
  if (canOpen !== canClose) return canOpen ? 'open' : 'close';
  const glyph = text[i]!;
  if (OPENING_GLYPHS.has(glyph)) return 'open';
  if (CLOSING_GLYPHS.has(glyph)) return 'close';
  return inside ? 'close' : 'open';
}

interface Paragraph {
  start: number;
  end: number;
}

function paragraphsOf(body: string): Paragraph[] {
  const out: Paragraph[] = [];
  let start = 0;
  for (;;) {
    const next = body.indexOf(PARAGRAPH_BREAK, start);
    const end = next === -1 ? body.length : next;
    if (end > start) out.push({ start, end });
    if (next === -1) return out;
    start = next + PARAGRAPH_BREAK.length;
  }
}

/** Offset of the paragraph's first non-space character if it is an opening mark, else -1. */
function openingMarkAtStart(body: string, paragraph: Paragraph): number {
  let i = paragraph.start;
  while (i < paragraph.end && isSpace(body[i])) i++;
  return i < paragraph.end && DOUBLE_MARKS.has(body[i]!) && direction(body, i, false) === 'open' ? i : -1;
}

function trimmedEnd(body: string, from: number, to: number): number {
  let end = to;
  while (end > from && isSpace(body[end - 1])) end--;
  return end;
}

export function findQuotedSpans(body: string): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  const paragraphs = paragraphsOf(body);
  // Where the quotation being read started, and the pieces it has so far (one per paragraph).
  let open = -1;
  let openParagraphStart = 0;
  let pieces: { start: number; end: number }[] = [];
  // Position of the next '>' at or after the cursor, found lazily so skipping tags stays linear.
  let nextTagEnd = -1;
  const marks: number[] = [];
  for (const match of body.matchAll(MARK_OR_TAG)) marks.push(match.index);
  let cursor = 0;

  const emit = (close: number): void => {
    const first = pieces[0]!;
    const last = pieces[pieces.length - 1]!;
    const text = pieces.map((p) => body.slice(p.start, p.end)).join(PARAGRAPH_BREAK);
    if (text.trim()) {
      spans.push({ start: first.start, end: last.end, open, close, paragraphStart: openParagraphStart, text, multiParagraph: pieces.length > 1 });
    }
    open = -1;
    pieces = [];
  };

  for (let p = 0; p < paragraphs.length; p++) {
    const paragraph = paragraphs[p]!;
    let i = paragraph.start;
    if (open !== -1) {
      // Continuing a quotation from the previous paragraph: skip its reopening mark.
      i = openingMarkAtStart(body, paragraph) + 1;
      pieces.push({ start: i, end: i });
    }
    // Visit only the marks (and '<'), found once for the whole body: most characters are neither.
    while (cursor < marks.length && marks[cursor]! < i) cursor++;
    for (; cursor < marks.length && marks[cursor]! < paragraph.end; cursor++) {
      i = marks[cursor]!;
      if (body[i] === '<') {
        if (!TAG_START.test(body[i + 1] ?? '')) continue;
        if (nextTagEnd < i) nextTagEnd = body.indexOf('>', i);
        if (nextTagEnd === -1) nextTagEnd = Infinity;
        if (nextTagEnd >= paragraph.end) continue;
        while (cursor + 1 < marks.length && marks[cursor + 1]! < nextTagEnd) cursor++;
        continue;
      }
      if (direction(body, i, open !== -1) === 'open') {
        // An opening mark while a quotation is open: the earlier mark was never closed; start again here.
        open = i;
        openParagraphStart = paragraph.start;
        pieces = [{ start: i + 1, end: i + 1 }];
      } else if (open !== -1) {
        pieces[pieces.length - 1]!.end = i;
        emit(i);
      }
    }
    if (open === -1) continue;
    const piece = pieces[pieces.length - 1]!;
    piece.end = trimmedEnd(body, piece.start, paragraph.end);
    const next = paragraphs[p + 1];
    if (next && openingMarkAtStart(body, next) !== -1) continue;
    const lead = body.slice(openParagraphStart, open).trimEnd();
    if (pieces.length > 1 || lead === '' || lead.endsWith(':')) emit(-1);
    else {
      open = -1;
      pieces = [];
    }
  }
  return spans;
}
