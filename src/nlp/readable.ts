// Whether a sentence can be read on its own, out of its article: what the summariser needs to know
// before it shows a sentence alone (a summary, a digest line). Three ways one cannot:
// - it is a piece of a quotation that runs over several sentences (only the opening or only the
//   closing mark, or a middle sentence with neither), so the reader cannot tell who speaks or where
//   the words stop. One piece can be mended: the opening one that names its speaker first ('Khan said:
//   "The talks failed.' before more of the quotation). Who speaks and where the words start are both
//   there; shown with the closing mark it lacks (readableText), it reads on its own;
// - it opens with a pronoun ("He", "They", "It") or a connective ("However", "Meanwhile", "Earlier in
//   the day") that points at a sentence before it;
// - it is boilerplate that the parser let through: a dateline alone, a standfirst bullet, a print
//   footer ("Published in …"), a caption ("Header image: …"), a video player's leftovers.

export type SentenceOpener = 'pronoun' | 'connective' | null;

export interface Readability {
  opener: SentenceOpener;
  quotationFragment: boolean;
  /**
   * The fragment is the opening piece of a quotation and names its speaker before the mark: it reads on
   * its own once the closing mark is added (readableText).
   */
  attributedOpening: boolean;
  boilerplate: boolean;
  /** Share of the sentence's characters between double quotation marks, in [0, 1]. */
  quotedShare: number;
}

// Words that stand for someone or something named before. "It is …"/"It was …" is the impersonal it
// as often as not, but a reader of one sentence cannot tell which.
// "This week" and "These days" say when, not what was said before.
const PRONOUN = /^["“‘']?(?:he|she|they|it|his|her|their|its|him|them|this|these|those|such)\b(?![’']s\b)(?! (?:week|weekend|month|year|season|morning|afternoon|evening|days)\b)/i;
// Connectives and time phrases that set a sentence against, or after, one the reader has not seen.
const CONNECTIVE = new RegExp(
  '^["“‘\']?(?:but|however|meanwhile|moreover|furthermore|also|besides|nevertheless|nonetheless|still|yet|instead|' +
    'otherwise|therefore|thus|hence|similarly|likewise|additionally|consequently|subsequently|afterwards|earlier|later|' +
    'separately|elsewhere|in addition|on the other hand|on the contrary|as a result|in response|apart from (?:this|that)|' +
    'in this regard|in the meantime|at the same time|prior to (?:this|that)|before that|after that|' +
    'the same day|the next day|the previous day|a day earlier|a day later)\\b',
  'i',
);
const BULLET = /^[•▪●◦·■]|\s[•▪●■]\s/;
const FOOTER = /^(?:published in\b|header image\b|video player|use up\/down arrow keys)/i;
// "ISLAMABAD:", "PESHAWAR, Sep 16 (APP):" with nothing after it.
const DATELINE_ALONE = /^[\p{Lu}][\p{Lu}\s.'’-]*(?:, [\p{L}]+\.?(?: \d{1,2})?)?(?: \([^()]{1,20}\))?\s*:$/u;
// A dateline after other words: a bullet or heading that ran into the lead ("… denies WASHINGTON: The").
const INNER_DATELINE = /[\p{Ll}\p{N}.,;”"’)]\s+\p{Lu}{3,}(?:[ -]\p{Lu}{2,}){0,2}(?:, \p{Lu}\p{Ll}{2,3}\.? \d{1,2})?(?: \([^()]{1,20}\))?:\s+["“]?\p{Lu}/u;

const MARK = /[“”"]/g;
// A mark before the sentence's first word opens a quotation: a closing one would follow a word.
const OPENS_WITH_MARK = /^\s*[“"]\S/;
// What comes before a quotation that names who speaks: a speech verb, or a colon right before the mark.
const SPEECH_CUE = /\b(?:said|says|told|added|stated|announced|declared|warned|insisted|explained|claimed|noted|wrote|asked|replied|according to)\b|:\s*$/i;

export function sentenceOpener(text: string): SentenceOpener {
  if (PRONOUN.test(text)) return 'pronoun';
  if (CONNECTIVE.test(text)) return 'connective';
  return null;
}

export function isBoilerplateSentence(text: string): boolean {
  return BULLET.test(text) || FOOTER.test(text) || DATELINE_ALONE.test(text) || INNER_DATELINE.test(text);
}

/**
 * Readability of each sentence of an article, in document order. The quotation state is carried from
 * sentence to sentence within a paragraph: a sentence that starts or ends inside an open quotation is
 * a fragment of it. A paragraph starts outside any quotation (a quotation that runs on re-opens its mark
 * in the next paragraph, and the sentence left open is already a fragment), and so does a sentence that
 * opens with a mark: that is the same convention where the paragraphs were run together, the quotation
 * before it left open and this one shown with both its marks.
 */
export function readability(sentences: readonly { text: string; paragraph: number }[]): Readability[] {
  const out: Readability[] = [];
  let open = false;
  let paragraph = -1;
  for (const { text, paragraph: p } of sentences) {
    if (p !== paragraph) {
      open = false;
      paragraph = p;
    }
    if (OPENS_WITH_MARK.test(text)) open = false;
    const openedBefore = open;
    let inside = 0;
    let insideFrom = open ? 0 : -1;
    let lastOpened = -1;
    MARK.lastIndex = 0;
    for (let m = MARK.exec(text); m !== null; m = MARK.exec(text)) {
      const c = m[0];
      if (c === '“' || (c === '"' && !open)) {
        if (!open) insideFrom = lastOpened = m.index;
        open = true;
      } else {
        if (open && insideFrom >= 0) inside += m.index - insideFrom;
        open = false;
        insideFrom = -1;
      }
    }
    if (open && insideFrom >= 0) inside += text.length - insideFrom;
    out.push({
      opener: sentenceOpener(text),
      quotationFragment: openedBefore || open,
      attributedOpening: !openedBefore && open && lastOpened > 0 && SPEECH_CUE.test(text.slice(0, lastOpened)),
      boilerplate: isBoilerplateSentence(text),
      quotedShare: text.length ? Math.min(1, inside / text.length) : 0,
    });
  }
  return out;
}

/** The mark that closes a quotation opened with `opening`. */
const CLOSING: Record<string, string> = { '“': '”', '"': '"' };

/**
 * A sentence as a summary shows it: the opening piece of a quotation gets the closing mark the article
 * puts in a later sentence (the summariser stores `closingMark` for it), so no piece of a quotation is
 * shown without its marks.
 */
export function readableText(sentence: { text: string; components?: Record<string, number> }): string {
  if (!sentence.components?.closingMark) return sentence.text;
  const opening = [...sentence.text].reverse().find((c) => c === '“' || c === '"') ?? '“';
  return `${sentence.text.trimEnd()}${CLOSING[opening]}`;
}
