// Shared by every format: turns a sequence of blocks (paragraphs, and headings when the format marks
// them) into an Article: title, dateline, subheadings, body paragraphs and noise lines.
import { contentStems } from '../nlp/tokens.ts';
import { type Article, type Paragraph, RejectedInput, type SourceFormat } from '../domain/article.ts';

export interface Block {
  text: string;
  /** 'heading' when the format marks it (Markdown #, HTML h2); plain text leaves it to heuristics. */
  kind: 'paragraph' | 'heading';
}

export interface ArticleMeta {
  title?: string | null;
  url?: string | null;
  published?: string | null;
  outlet?: string | null;
  sourceId?: string | null;
}

const END_PUNCTUATION = /[.!?;:,…]["'”’»)\]]*$/;
const QUOTE_WRAP = /^[‘'"“«](.*)[’'"”»]$/;
// Lines that press releases and scrapers leave behind; they are never part of the story.
const BOILERPLATE = [
  /^(news|press) release$/i,
  /^for immediate release$/i,
  /^(download|print) (pdf|this)/i,
  /^(share|tweet|email|print)( this)?( article| story)?$/i,
  /^(advertisement|related|read more|also read|click here)\b/i,
  /^(isaf joint command|headquarters)[\s\-–—]+\w+/i,
  /^(?=.*\d)[\d\s\-/A-Z.]{4,}$/, // reference numbers such as 2011-11-S-034 or a bare date (not all-caps prose)
  /^(photo|image|video)( credit)?:/i,
  /^copyright\b|^©/i,
  /^published in \p{L}[\p{L} .'’-]{0,40},.{0,30}\d{4}\.?$/iu, // a print edition's footer: "Published in Dawn, June 26th, 2025"
  /^header image\b/i, // a web edition's caption for its lead picture
  /^video player\b/i, // an embedded player's controls, flattened to text
  /\bcontributed to this report\.?$/i, // a contributor line
  /^the writer is\b/i, // an op-ed's author line
];
/** A list item marked with a bullet sign (not a dash, which also opens reported speech in some styles). */
const BULLET_ITEM = /^[•▪●◦■]\s*\S/;
const DASH_ITEM = /^[-–—*]\s+\S/;
/** "Published in Dawn, June 29th, 2025": never the end of the line above it, which may lack its full stop. */
const PRINT_FOOTER = /^published in \p{Lu}/iu;
const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'over', 'the', 'to', 'up', 'with', 'vs', 'via', 'amid', 'after', 'against']);

// A dateline opens the lead: "ISLAMABAD:", "PESHAWAR, Oct 12 (APP):", "KABUL, Afghanistan (Dec. 02) -",
// "DALLAS (AP) —". The place is written in capitals; what follows it is optional.
// Several places share one dateline when a story was filed from each ("LOWER DIR / PESHAWAR:").
const DATELINE = /^((?:[A-Z][A-Z'.-]+)(?: [A-Z][A-Z'.-]+){0,3}(?: ?\/ ?[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})*(?:, [A-Z][A-Za-z.]+(?: \d{1,2})?)?(?: \([^()\n]{1,30}\))?)\s*(?::|—|–| - | -- )\s*(?=\S)/;

export function collapseSpaces(text: string): string {
  // Only runs of spaces and tabs are rewritten: replacing every single space costs more than parsing.
  return text.replace(/\t/g, ' ').replace(/ {2,}/g, ' ').trim();
}

function wordsOf(line: string): string[] {
  return line.split(/\s+/).filter(Boolean);
}

const WORD_RUN = /\S+/g;

/** Whether the line has at least `n` words, counted no further than that (every line asks). */
function hasWords(line: string, n: number): boolean {
  WORD_RUN.lastIndex = 0;
  let found = 0;
  while (found < n && WORD_RUN.test(line)) found++;
  return found === n;
}

/** Short, title-case or capitalised, no sentence-final punctuation: reads as a heading, not prose. */
export function isHeadlineLike(line: string): boolean {
  const inner = line.replace(QUOTE_WRAP, '$1').trim();
  if (!inner || inner.length > 120 || END_PUNCTUATION.test(inner)) return false;
  if (/[.!?]["'”’]?\s+\p{Lu}/u.test(inner)) return false; // a sentence ends inside it: prose
  const words = wordsOf(inner);
  if (words.length === 0 || words.length > 16) return false;
  const letters = words.filter((w) => /\p{L}/u.test(w));
  if (letters.length === 0) return false;
  const significant = letters.filter((w) => !SMALL_WORDS.has(w.toLowerCase()));
  if (significant.length === 0) return false;
  const capitalised = significant.filter((w) => /^[^\p{L}]*[\p{Lu}\p{Lo}]/u.test(w));
  return capitalised.length / significant.length >= 0.75;
}

/** A first line that reads as a headline, in title case or sentence case, and not as a dateline lead. */
function isTitleLine(line: string): boolean {
  if (DATELINE.test(line) || END_PUNCTUATION.test(line)) return false;
  const words = wordsOf(line);
  return words.length <= 16 && /^[^\p{L}]*\p{Lu}/u.test(line);
}

function isBoilerplate(line: string, title: string | null): boolean {
  const trimmed = line.trim();
  if (trimmed.length > 160) return false; // boilerplate is a short line; prose is never tested against it
  if (BOILERPLATE.some((pattern) => pattern.test(trimmed))) return true;
  if (title && trimmed.length <= title.length + 20 && trimmed.toLowerCase().endsWith(title.toLowerCase())) return true;
  return false;
}

function shareOfStemsFound(line: string, vocabulary: Set<string>): number {
  const stems = contentStems(line);
  if (stems.length === 0) return 1;
  return stems.filter((s) => vocabulary.has(s)).length / stems.length;
}

/**
 * Words that cannot close a heading: a line ending in one was cut in the middle of a phrase ("near the
 * village of"), so the line after it continues it even when that line opens with a capital (a name).
 */
const OPEN_ENDINGS = new Set([
  ...SMALL_WORDS, 'between', 'about', 'under', 'during', 'than', 'per', 'that', 'which', 'who', 'whose',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'will', 'would', 'may', 'might',
  'can', 'could', 'should', 'shall', 'must', 'not', 'its', 'their', 'his', 'her', 'our', 'your', 'my',
  'this', 'these', 'those', 'very', 'more', 'most', 'also', 'said', 'says', 'told',
]);
/** Longest line read as a subheading; a longer line without its full stop is broken prose. */
const SUBHEADING_MAX_WORDS = 24;
const SUBHEADING_MAX_CHARS = 300;
/** The next line opens a sentence: a capital, possibly behind an opening quotation mark. */
const OPENS_SENTENCE = /^[‘'"“«]?\p{Lu}/u;

/**
 * A sentence-case subheading (a newspaper's crosshead): no closing punctuation, short, and its last
 * word can close a phrase. Whether it stands alone also depends on what follows it.
 */
function mayBeSubheading(line: string): boolean {
  // A cheap bound first: every test below is linear, but one long "word" is a single word to hasWords.
  if (line.length > SUBHEADING_MAX_CHARS || hasWords(line, SUBHEADING_MAX_WORDS + 1)) return false;
  if (/[.!?]["'”’]?\s+\p{Lu}/u.test(line)) return false; // a sentence ends inside it: prose
  const lastWord = lastWordOf(line);
  return lastWord !== '' && !OPEN_ENDINGS.has(lastWord);
}

const WORD_CHARACTER = /[\p{L}'’-]/u;
const LETTER = /\p{L}/u;

/** The line's last word in lower case, read back from its end (a regex searching for it backtracks on long lines). */
function lastWordOf(line: string): string {
  let end = line.length;
  while (end > 0 && !LETTER.test(line[end - 1]!)) end--;
  let start = end;
  while (start > 0 && WORD_CHARACTER.test(line[start - 1]!)) start--;
  return line.slice(start, end).toLowerCase();
}

/**
 * Text hard-wrapped with a blank line between its lines ("double-spaced") breaks most long lines
 * mid-sentence: there a line without its full stop is a wrap, never a crosshead. A crosshead is rare:
 * a few lines of an article.
 */
function wrapsLongLines(lines: string[]): boolean {
  let long = 0;
  let open = 0;
  for (const line of lines) {
    // A bullet item has no full stop by custom; it says nothing about wrapping.
    if (!hasWords(line, 8) || BULLET_ITEM.test(line) || DASH_ITEM.test(line)) continue;
    long++;
    if (!END_PUNCTUATION.test(line)) open++;
  }
  return open >= 3 && open * 2 > long;
}

/**
 * Plain text: one paragraph per line, or per blank-line block. Lines broken in the middle of a
 * sentence (PDF copies, hard-wrapped mail) are joined back when the next line starts in lower case.
 * A subheading without a full stop stays a block of its own (a heading) when a blank line and a new
 * sentence follow it; otherwise its name would become the subject of the next paragraph's first sentence.
 */
export function blocksFromPlainText(text: string): Block[] {
  const blocks: Block[] = [];
  let parts: string[] = [];
  let previousEnded = true;
  let previousLong = false;
  let previousMayBeSubheading = false;
  let blankSincePrevious = false;
  // A crosshead stands between paragraphs of the story: only after one that ended as prose does.
  let proseSoFar = false;
  const flush = (kind: Block['kind'] = 'paragraph'): void => {
    if (parts.length) blocks.push({ text: parts.join(' '), kind });
    if (parts.length && kind === 'paragraph' && END_PUNCTUATION.test(parts[parts.length - 1]!)) proseSoFar = true;
    parts = [];
  };
  const lines = text.split('\n').map(collapseSpaces);
  const crossheadsPossible = !wrapsLongLines(lines);
  for (const line of lines) {
    if (!line) {
      blankSincePrevious = true;
      continue;
    }
    // A long line that stops mid-sentence was broken by a PDF copy or hard wrap; a short one may be a
    // sentence-case headline, so it joins only when the next line plainly continues it.
    const continues = /^[\p{Ll}(,;]/u.test(line) || previousLong;
    // A bullet item or a print footer is a line of its own: it neither continues the line before nor is continued.
    const bullet = BULLET_ITEM.test(line) || PRINT_FOOTER.test(line);
    // Without a blank line between them the two lines may be one hard-wrapped sentence ("… in
    // Kandahar\nProvince …"), so a subheading is told only where the text breaks a paragraph.
    // Only a long line needs telling: a short one is joined only to a line in lower case anyway.
    const afterSubheading = proseSoFar && previousMayBeSubheading && blankSincePrevious && OPENS_SENTENCE.test(line);
    if (afterSubheading) flush(parts.length === 1 ? 'heading' : 'paragraph');
    else if (!(parts.length && !previousEnded && continues && !bullet)) flush();
    parts.push(line);
    previousEnded = bullet || END_PUNCTUATION.test(line) || isHeadlineLike(line);
    previousLong = hasWords(line, 8);
    previousMayBeSubheading = crossheadsPossible && !previousEnded && previousLong && !DATELINE.test(line) && mayBeSubheading(line);
    blankSincePrevious = false;
  }
  flush();
  return blocks;
}

/** A short title from the lead: its first clause, cut at a word boundary. */
export function deriveTitle(lead: string): string {
  const firstSentence = lead.split(/(?<=[.!?])\s+(?=["“‘]?\p{Lu})/u)[0] ?? lead;
  const clause = firstSentence.replace(/[.!?]+$/, '') || lead.slice(0, 90);
  if (clause.length <= 90) return clause;
  const comma = clause.lastIndexOf(',', 90);
  if (comma >= 40) return `${clause.slice(0, comma)}…`;
  const space = clause.lastIndexOf(' ', 88);
  return `${clause.slice(0, space > 20 ? space : 88)}…`;
}

/**
 * The standfirst: bullet lines before the first paragraph of prose (Dawn's print stories open with
 * "• … • …" above the dateline). They are the outlet's own highlights, not sentences of the story, so
 * they are taken out of the blocks and returned without their bullet signs.
 */
function takeStandfirst(blocks: Block[]): string[] {
  let count = 0;
  while (count < blocks.length && BULLET_ITEM.test(blocks[count]!.text)) count++;
  if (count === 0 || count === blocks.length) return [];
  return blocks.splice(0, count).map((b) => b.text.replace(/^[•▪●◦■]\s*/, ''));
}

/** A dateline on a line of its own ("PAKISTAN:" above a roundup's item) opens the paragraph under it. */
function joinLoneDatelines(blocks: Block[]): void {
  for (let i = blocks.length - 2; i >= 0; i--) {
    const match = DATELINE.exec(`${blocks[i]!.text} x`);
    if (match && match[0].length === blocks[i]!.text.length + 1 && blocks[i + 1]!.kind === 'paragraph') {
      blocks.splice(i, 2, { text: `${blocks[i]!.text} ${blocks[i + 1]!.text}`, kind: 'paragraph' });
    }
  }
}

export function structureArticle(input: Block[], meta: ArticleMeta, format: SourceFormat): Article {
  const blocks = input.map((b) => ({ ...b, text: collapseSpaces(b.text) })).filter((b) => b.text);
  let title = meta.title ? collapseSpaces(meta.title) : null;
  const noise: string[] = [];

  // A plain-text file may carry its title on the first line.
  const first = blocks[0];
  if (!title && format === 'text' && first && blocks.length > 1 && isTitleLine(first.text) && !isBoilerplate(first.text, null)) {
    title = first.text.replace(QUOTE_WRAP, '$1');
    blocks.shift();
  } else if (!title && first?.kind === 'heading') {
    title = first.text;
    blocks.shift();
  }

  const candidates: typeof blocks = [];
  for (const b of blocks) {
    if (isBoilerplate(b.text, title)) noise.push(b.text);
    else candidates.push(b);
  }
  const highlights = takeStandfirst(candidates);
  joinLoneDatelines(candidates);

  // Headline-like lines that share little vocabulary with the story are scraper leftovers (the
  // "Consumers Association…" line); the rest are subheadings.
  // Built only when a heading-like line needs judging: most articles have none, and stemming every
  // paragraph would dominate parse time.
  let proseVocabulary: Set<string> | null = null;
  const vocabulary = (): Set<string> => {
    if (!proseVocabulary) {
      proseVocabulary = new Set<string>();
      for (const b of candidates) {
        if (b.kind === 'paragraph' && !isHeadlineLike(b.text)) for (const s of contentStems(b.text)) proseVocabulary.add(s);
      }
    }
    return proseVocabulary;
  };

  const paragraphs: Paragraph[] = [];
  const sections: string[] = [];
  let dateline: string | null = null;
  for (let i = 0; i < candidates.length; i++) {
    const block = candidates[i]!;
    const isLast = i === candidates.length - 1;
    const headingLike = block.kind === 'heading' || isHeadlineLike(block.text);
    if (headingLike) {
      const marked = block.kind === 'heading';
      // Asked only where it decides: a marked heading after the first paragraph is a subheading and
      // the last line is noise whatever they share with the story.
      const related = (): boolean => shareOfStemsFound(block.text, vocabulary()) >= 0.25;
      if (!isLast && paragraphs.length > 0 && (marked || related())) {
        sections.push(block.text.replace(QUOTE_WRAP, '$1'));
        continue;
      }
      if (!marked || isLast || !related()) {
        noise.push(block.text);
        continue;
      }
    }
    let textOfParagraph = block.text;
    if (paragraphs.length === 0 && dateline === null) {
      const match = DATELINE.exec(textOfParagraph);
      if (match && match[1]!.length <= 60) {
        dateline = match[1]!.trim();
        textOfParagraph = textOfParagraph.slice(match[0].length);
      }
    }
    paragraphs.push({ text: textOfParagraph, section: sections.length ? sections.length - 1 : null });
  }

  if (paragraphs.length === 0) {
    throw new RejectedInput('no article text found: only headings or boilerplate lines');
  }
  if (!paragraphs.some((p) => /[\p{L}\p{N}]/u.test(p.text))) {
    throw new RejectedInput('no article text found: the text has no words');
  }
  const titleDerived = !title;
  return {
    title: title ?? deriveTitle(paragraphs[0]!.text),
    titleDerived,
    dateline,
    ...(highlights.length ? { highlights } : {}),
    outlet: meta.outlet ? collapseSpaces(meta.outlet) : null,
    url: meta.url ?? null,
    published: meta.published ?? null,
    paragraphs,
    sections,
    noise,
    format,
    sourceId: meta.sourceId ?? null,
  };
}
