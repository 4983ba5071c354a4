// Sentence segmentation for news text. One left-to-right pass: a regex jumps to the next candidate
// boundary (end punctuation or a line break) and each decision looks only a bounded distance back (the
// word before) and ahead (a few words after), so time is linear in the input whatever it holds
// (natural's SentenceTokenizer is super-linear and splits after "Dr."). Offsets are into the string given.
import { AMBIGUOUS, BEFORE_NUMBER, NEVER_FINAL } from './abbreviations.ts';
import { isStopword } from './tokens.ts';

export interface SentenceSpan {
  start: number;
  end: number;
  text: string;
}

// Capitalised words that start sentences but rarely follow an abbreviation inside one.
const EXTRA_STARTERS = new Set(['however', 'meanwhile', 'earlier', 'later', 'yesterday', 'today', 'police', 'officials']);
const SPEECH_VERB = /^(?:[\p{Lu}][\p{L}.'’-]*\s+){1,4}(?:said|says|asked|asks|added|adds|told|tells|wrote|writes|shouted|replied|insisted|warned|explained|tweeted|declared)\b/u;

const CANDIDATE = /[.!?…\n]/g;
const TERMINAL = new Set(['.', '!', '?', '…']);
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»']);
const OPENERS = new Set(['"', "'", '“', '‘', '(', '[', '«']);
const LIST_MARKER = /^(?:[-*•·–—]|\d{1,3}[.)])\s/;
/** U.S, a.m, e.g, N.Y, U.S.A: the word before a final full stop that is itself an abbreviation. */
const DOTTED = /^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u;
const HAS_WORD = /[\p{L}\p{N}]/u;
const UPPER_OR_CASELESS = /[\p{Lu}\p{Lo}]/u;
const LOWER = /\p{Ll}/u;
/** How far a decision may look back or ahead; keeps every decision O(1). */
const WINDOW = 64;
/** A line this short with no end punctuation, followed by a capitalised line, is a heading. */
const HEADING_MAX = 60;

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x3000;
}

type Opening = 'upper' | 'lower' | 'digit' | 'quote' | 'other';

/** What the text after a boundary starts with: the class of its first letter, past any opening quotes. */
function opening(text: string, at: number): Opening {
  let i = at;
  let quoted = false;
  while (i < text.length && i - at < 4 && OPENERS.has(text[i]!)) {
    quoted = true;
    i++;
  }
  const c = text[i];
  if (c === undefined) return 'other';
  if (quoted) return 'quote';
  if (c >= '0' && c <= '9') return 'digit';
  if (UPPER_OR_CASELESS.test(c)) return 'upper';
  if (LOWER.test(c)) {
    // Brand-style words (iPhone, eBay) start sentences with a lowercase letter.
    const word = /^\p{Ll}{1,3}\p{Lu}/u.test(text.slice(i, i + 4));
    return word ? 'upper' : 'lower';
  }
  return 'other';
}

/** The word just before position `end`, without opening quotes or brackets, at most WINDOW characters. */
function wordBefore(text: string, end: number): string {
  let i = end;
  while (i > 0 && end - i < WINDOW && !isSpace(text.charCodeAt(i - 1))) i--;
  let word = text.slice(i, end);
  while (word && OPENERS.has(word[0]!)) word = word.slice(1);
  return word;
}

/** The first word after position `at`, letters only, lowercased. */
function wordAfter(text: string, at: number): string {
  const match = /[\p{L}]+/u.exec(text.slice(at, at + WINDOW));
  return match ? match[0].toLowerCase() : '';
}

/** Whether the text at `at` starts a new sentence by its first word alone ("The", "He", "But"…). */
function startsLikeSentence(text: string, at: number): boolean {
  const next = wordAfter(text, at);
  // natural's list holds every single letter; only "A" and "I" open sentences ("A. Q. Khan" does not).
  if (next.length === 1) return next === 'a' || next === 'i';
  return isStopword(next) || EXTRA_STARTERS.has(next);
}

/**
 * Whether a full stop after `word` ends the sentence, given what follows. Titles never end one;
 * "No."/"Jan." do unless a number follows; initials, dotted acronyms (U.S., a.m.) and company
 * suffixes do only when the next word is one that opens sentences.
 */
function periodEnds(word: string, text: string, next: number, follows: Opening): boolean {
  if (follows === 'lower') return false;
  const key = word.toLowerCase();
  if (NEVER_FINAL.has(key)) return false;
  if (BEFORE_NUMBER.has(key)) return follows !== 'digit' && (follows !== 'upper' || startsLikeSentence(text, next));
  const initial = /^\p{Lu}$/u.test(word);
  const dotted = DOTTED.test(word);
  if (initial || dotted || AMBIGUOUS.has(key)) return follows === 'quote' || startsLikeSentence(text, next);
  return true;
}

/**
 * Splits text into sentences. A boundary is end punctuation (with any closing quotes or brackets it
 * carries) followed by space, or a line break that ends a heading, a list item or a paragraph.
 * Spans hold no surrounding space; spans without a letter or digit (stray "...") are dropped.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const push = (from: number, to: number): void => {
    let a = from;
    let b = to;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    if (a < b && HAS_WORD.test(text.slice(a, b))) spans.push({ start: a, end: b, text: text.slice(a, b) });
  };

  let start = 0;
  let lineStart = 0;
  const candidate = new RegExp(CANDIDATE.source, 'g');
  let match: RegExpExecArray | null;
  while ((match = candidate.exec(text)) !== null) {
    const at = match.index;
    if (text[at] === '\n') {
      const breakEnd = skipSpace(text, at);
      if (lineEndsSentence(text, lineStart, at, breakEnd)) {
        push(start, at);
        start = breakEnd;
      }
      lineStart = lastNewlineBefore(text, at, breakEnd) + 1;
      candidate.lastIndex = breakEnd;
      continue;
    }
    let runEnd = at;
    while (runEnd < text.length && TERMINAL.has(text[runEnd]!)) runEnd++;
    let closeEnd = runEnd;
    while (closeEnd < text.length && closeEnd - runEnd < 4 && CLOSERS.has(text[closeEnd]!)) closeEnd++;
    candidate.lastIndex = runEnd;
    if (closeEnd < text.length && !isSpace(text.charCodeAt(closeEnd))) {
      // 3.5, U.S.-led and "Rs1.2" hold a dot; only a lowercase word glued to a capitalised one
      // ("Division.Those", "Angels...I wonder") is a boundary that lost its space.
      if (gluedBoundary(text, at, closeEnd)) {
        push(start, closeEnd);
        start = closeEnd;
      }
      continue;
    }
    const next = skipSpace(text, closeEnd);
    if (next >= text.length) break;
    if (/\n[^\S\n]*\n/.test(text.slice(closeEnd, next)) || endsHere(text, start, at, runEnd, closeEnd, next)) {
      push(start, closeEnd);
      start = next;
    }
    const newline = lastNewlineBefore(text, closeEnd, next);
    if (newline >= 0) lineStart = newline + 1;
    candidate.lastIndex = next;
  }
  push(start, text.length);
  return spans;
}

function gluedBoundary(text: string, at: number, after: number): boolean {
  if (!/^\p{Lu}[\p{Ll}\s]/u.test(text.slice(after, after + 2))) return false;
  if (text[at] !== '.' || text[at + 1] === '.' || text[at + 1] === '…') return /\p{L}/u.test(text[at - 1] ?? '');
  return /^\p{L}*\p{Ll}{3}$/u.test(wordBefore(text, at));
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index of the last "\n" in text[from, to), or -1. */
function lastNewlineBefore(text: string, from: number, to: number): number {
  // Scans only the range: lastIndexOf would run back to the start of the text each time (quadratic).
  for (let i = to - 1; i >= from; i--) if (text[i] === '\n') return i;
  return -1;
}

/** Whether the punctuation run text[at, runEnd) (closed at closeEnd, next word at `next`) ends a sentence. */
function endsHere(text: string, start: number, at: number, runEnd: number, closeEnd: number, next: number): boolean {
  const follows = opening(text, next);
  const run = text.slice(at, runEnd);
  if (run.includes('?') || run.includes('!')) {
    if (follows === 'lower') return false;
    // `"Why?" Khan asked.`: the quotation belongs to the sentence that names its speaker.
    const quoted = closeEnd > runEnd && /["”’']/.test(text.slice(runEnd, closeEnd));
    return !(quoted && SPEECH_VERB.test(text.slice(next, next + WINDOW)));
  }
  // An ellipsis often marks words left out of a quotation ("such as... Maldives"), so it ends a
  // sentence only before a word that opens one.
  if (run.length > 1 || run === '…') return follows === 'quote' || (follows === 'upper' && startsLikeSentence(text, next));
  const word = wordBefore(text, at);
  if (CLOSERS.has(word[word.length - 1] ?? '')) return follows !== 'lower'; // "($29.4m). Umbro"

  const opensSentence = at - word.length <= start;
  // A list number at the start of a sentence ("1. Troops…") is not a sentence.
  if (/^\d{1,3}$/.test(word) && opensSentence) return false;
  // "No." opening a sentence or a quotation is the answer no, not the abbreviation of number.
  if (word === 'No' && (opensSentence || OPENERS.has(text[at - word.length - 1] ?? ''))) return follows !== 'lower';
  return periodEnds(word, text, next, follows);
}

/**
 * Whether a line break at `at` ends the sentence although no punctuation does: a blank line, a list
 * item on either side, or a short unpunctuated line (a heading) before a capitalised one. Other breaks
 * are hard wraps inside a sentence.
 */
function lineEndsSentence(text: string, lineStart: number, at: number, breakEnd: number): boolean {
  if (breakEnd >= text.length) return true;
  if (lastNewlineBefore(text, at + 1, breakEnd) >= 0) return true;
  const line = text.slice(Math.max(lineStart, at - 200), at).trim();
  const nextLine = text.slice(breakEnd, breakEnd + 8);
  if (LIST_MARKER.test(nextLine) || LIST_MARKER.test(line)) return true;
  const follows = opening(text, breakEnd);
  if (follows === 'lower') return false;
  return line.length > 0 && line.length <= HEADING_MAX && !/[,;:(\-–—]$/.test(line);
}
