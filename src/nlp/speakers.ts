// Who is speaking: cue words ("said", "according to"), the noun phrase next to a cue, and the names of
// people and organisations in an article, so "Asif" can be read as "Khawaja Asif" and "the defence
// minister" as the person the article introduced with that title. Names are found by their shape
// (capitalised words, initials, particles such as "bin" or "ul"), never by a list of first names, so
// Hibatullah Akhundzada and Ahmed Sharif Chaudhry are found as readily as John Smith.
import { isStopword } from './tokens.ts';
import { isAbbreviation } from './abbreviations.ts';

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** Starts with a capital letter (or is an abbreviation such as "Rep.", an initial, or a particle joined to a name: "al-Awlaki"). */
  capital: boolean;
  /** Punctuation: , : ; ( ) — . ! ? */
  punct: boolean;
  /** "Journal’s", "Times'": a possessive modifies the name after it and is not part of it. */
  possessive: boolean;
  /** May be a word of a name (see nameShaped), decided once: name runs are walked many times. */
  name: boolean;
}

const PUNCTUATION = new Set([',', ':', ';', '(', ')', '—', '–', '.', '!', '?']);
// A word of five or more capitals is a shouted headline ("IOWA POLLS NOT WRONG"), not a name.
const SHOUTED = /^[\p{Lu}\d-]{5,}$/u;

/**
 * Words and punctuation of body[from, to). The period of an abbreviation or initial stays on its word.
 * Quotation marks are not tokens: a window ending at a mark is a slice of the body's tokens.
 */
export function tokenize(body: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  // Lower-cased once for the whole stretch, so a word that is not plain ASCII lower case takes a
  // slice of it. Not when lower-casing changes the length ("İ" → "i̇"), as offsets would no longer
  // line up, nor with a capital sigma, whose lower case depends on the characters around it
  // ("ΟΔΟΣ:" → "οδοσ:", but "ΟΔΟΣ" alone → "οδος").
  const stretch = body.slice(from, to);
  let lowered: string | null = stretch.toLowerCase();
  if (lowered.length !== stretch.length || stretch.includes('Σ')) lowered = null;
  let i = from;
  while (i < to) {
    const code = body.charCodeAt(i);
    const kind = code < 128 ? ASCII_KIND[code]! : isWordCode(code, body, i) ? WORD : PUNCTUATION.has(body[i]!) ? PUNCT : OTHER;
    if (kind !== WORD) {
      if (kind === PUNCT) {
        const ch = body[i]!;
        const previous = out[out.length - 1];
        if (code === PERIOD && previous && !previous.punct && previous.end === i && endsAbbreviation(body, previous, i + 1)) {
          previous.text += '.';
          previous.lower += '.';
          previous.end = i + 1;
          previous.name = nameShaped(previous);
        } else {
          out.push({ text: ch, lower: ch, start: i, end: i + 1, capital: false, punct: true, possessive: false, name: false });
        }
      }
      i++;
      continue;
    }
    // A word: letters, digits, marks and hyphens, and an apostrophe when a letter follows ("O’Malley").
    // Most words are ASCII without capitals after the first letter; those skip toLowerCase.
    const start = i;
    let plain = code < 128 && !(code >= 65 && code <= 90);
    for (i++; i < to; i++) {
      const c = body.charCodeAt(i);
      if (c >= 97 && c <= 122) continue; // most of a word is lower-case ASCII letters
      if (c < 128) {
        const k = ASCII_KIND[c]!;
        if (k === WORD) {
          if (c >= 65 && c <= 90) plain = false;
          continue;
        }
        if (c === HYPHEN) continue;
        if (c === APOSTROPHE && i + 1 < to && isLetterCode(body.charCodeAt(i + 1), body, i + 1)) continue;
        break;
      }
      if (isWordCode(c, body, i)) {
        plain = false;
        continue;
      }
      if (c === RIGHT_SINGLE_QUOTE && i + 1 < to && isLetterCode(body.charCodeAt(i + 1), body, i + 1)) {
        plain = false;
        continue;
      }
      break;
    }
    const text = body.slice(start, i);
    const lower = plain ? text : lowered !== null ? lowered.slice(start - from, i - from) : text.toLowerCase();
    // "al-Awlaki", "ul-Haq" count as capitalised: name words, as "Al-Awlaki" opening a sentence.
    // First letters read from the stretch and its lower case: a method read on text or lower
    // (strings of several representations) takes V8's megamorphic lookup.
    const capital = !plain && (code !== (lowered !== null ? lowered.charCodeAt(start - from) : lower.charCodeAt(0)) || particleJoined(text));
    const last = i - 1;
    const endsInS = body.charCodeAt(last) === LOWER_S;
    const possessive = endsInS && ((last - start > 1 && isApostropheCode(body.charCodeAt(last - 1))) || isApostropheCode(body.charCodeAt(i)));
    const token: Token = { text, lower, start, end: i, capital, punct: false, possessive, name: false };
    if (capital) token.name = nameShaped(token);
    out.push(token);
  }
  return out;
}

const WORD = 1;
const PUNCT = 2;
const OTHER = 0;
const PERIOD = 0x2e;
const LOWER_S = 0x73;
const LOWER_T = 0x74;
const LOWER_N = 0x6e;
const LOWER_H = 0x68;
const SPACE = 0x20;
/** Character kinds of ASCII, looked up rather than tested: tokenizing is the hot loop of quote reading. */
const ASCII_KIND = new Uint8Array(128).map((_, c) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? WORD : PUNCTUATION.has(String.fromCharCode(c)) ? PUNCT : OTHER);

/** A full stop, question or exclamation mark: punctuation tokens are one character, read by code. */
export function endsSentence(token: Token): boolean {
  if (!token.punct) return false;
  const code = token.text.charCodeAt(0);
  return code === PERIOD || code === QUESTION_MARK || code === EXCLAMATION_MARK;
}

const QUESTION_MARK = 0x3f;
const EXCLAMATION_MARK = 0x21;

function isApostropheCode(code: number): boolean {
  return code === APOSTROPHE || code === RIGHT_SINGLE_QUOTE;
}

const HYPHEN = 0x2d;
const APOSTROPHE = 0x27;
const RIGHT_SINGLE_QUOTE = 0x2019;
const GENERAL_PUNCTUATION_START = 0x2000;
const GENERAL_PUNCTUATION_END = 0x206f;
const NO_BREAK_SPACE = 0xa0;
const NON_ASCII_LETTER = /[\p{L}\p{M}]/u;
const NON_ASCII_WORD = /[\p{L}\p{M}\p{N}]/u;

/** ASCII is decided by code; other scripts (Urdu, Hindi, accents) by Unicode class. */
function isLetterCode(code: number, text: string, i: number): boolean {
  if (Number.isNaN(code)) return false; // past the end of the text
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return NON_ASCII_LETTER.test(text[i]!);
}

/** What /\s/ matches, by code. */
export function isSpaceCode(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function isWordCode(code: number, text: string, i: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  // Curly quotes, dashes and the no-break space are common in news and never letters.
  if ((code >= GENERAL_PUNCTUATION_START && code <= GENERAL_PUNCTUATION_END) || code === NO_BREAK_SPACE) return false;
  return NON_ASCII_WORD.test(text[i]!);
}

/**
 * Whether the period at `end - 1` belongs to the word before it: an abbreviation or initial, a
 * period with a letter right after it, or one followed by a comma, a bracket or a lower-case word
 * ("R-Wis.,", "(D-Va.)"), which cannot end a sentence.
 */
function endsAbbreviation(body: string, word: Token, end: number): boolean {
  if (isAbbreviation(word.lower) || (word.lower.length === 1 && word.capital)) return true;
  // "D-S.C.", "fivethirtyeight.com": a letter right after the period, with no space.
  if (isLetterCode(body.charCodeAt(end), body, end)) return true;
  let i = end;
  while (i < end + 3 && body[i] === ' ') i++;
  const next = body[i];
  if (next === undefined) return false;
  return next === ',' || next === ';' || next === ':' || next === ')' || (next !== next.toUpperCase() && next === next.toLowerCase());
}

/** The index of the first item starting at or after `offset`, in items sorted by start. */
function firstAtOrAfter(items: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * firstAtOrAfter for tokens alone: a function of its own, so that its property loads see one shape
 * (firstAtOrAfter also reads mentions, subjects and quotations, and its loads go megamorphic).
 */
function firstTokenAtOrAfter(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The tokens lying within [from, to), found by binary search in the body's tokens. */
export function tokensWithin(tokens: Token[], from: number, to: number): Token[] {
  const first = firstTokenAtOrAfter(tokens, from);
  let last = firstTokenAtOrAfter(tokens, to);
  while (last > first && tokens[last - 1]!.end > to) last--;
  return tokens.slice(first, last);
}

// Cue verbs. Speech verbs proper can also come before their subject ("…,” said Khawaja Asif).
const SPEECH_VERBS = [
  'say', 'said', 'says', 'add', 'added', 'adds', 'stress', 'stressed', 'stresses', 'warn', 'warned', 'warns', 'note', 'noted', 'notes',
  'maintain', 'maintained', 'maintains', 'stated', 'states', 'ask', 'asked', 'asks', 'write', 'wrote', 'writes', 'written',
  'tweet', 'tweeted', 'tweets', 'reply', 'replied', 'replies', 'respond', 'responded', 'responds', 'continue', 'continued', 'continues',
  'argue', 'argued', 'argues', 'insist', 'insisted', 'insists', 'declare', 'declared', 'declares', 'claim', 'claimed', 'claims',
  'recall', 'recalled', 'recalls', 'remark', 'remarked', 'remarks', 'acknowledge', 'acknowledged', 'acknowledges', 'admit', 'admitted',
  'admits', 'announce', 'announced', 'announces', 'observe', 'observed', 'observes', 'explain', 'explained', 'explains', 'conclude',
  'concluded', 'concludes', 'caution', 'cautioned', 'cautions', 'emphasise', 'emphasised', 'emphasises', 'emphasize', 'emphasized',
  'emphasizes', 'reiterate', 'reiterated', 'reiterates', 'quip', 'quipped', 'quips', 'joke', 'joked', 'jokes', 'predict', 'predicted',
  'predicts', 'vow', 'vowed', 'vows', 'promise', 'promised', 'promises', 'pledge', 'pledged', 'pledges', 'concede', 'conceded',
  'concedes', 'counter', 'countered', 'counters', 'complain', 'complained', 'complains', 'boast', 'boasted', 'boasts', 'assert',
  'asserted', 'asserts', 'affirm', 'affirmed', 'affirms', 'allege', 'alleged', 'alleges', 'muse', 'mused', 'muses', 'shout', 'shouted',
  'yell', 'yelled', 'chanted', 'post', 'posted', 'report', 'reported', 'reports', 'echo', 'echoed', 'echoes', 'agree', 'agreed',
  'agrees', 'suggest', 'suggested', 'suggests', 'urge', 'urged', 'urges', 'demand', 'demanded', 'demands', 'recount', 'recounted',
  'recounts', 'reveal', 'revealed', 'reveals', 'confirm', 'confirmed', 'confirms', 'deny', 'denied', 'denies', 'describe', 'described',
  'describes', 'wonder', 'wondered', 'wonders', 'testify', 'testified', 'testifies', 'lament', 'lamented', 'laments',
  'proclaim', 'proclaimed', 'proclaims', 'scoff', 'scoffed', 'retort', 'retorted', 'snap', 'snapped', 'read', 'reads',
  'saying', 'adding', 'stressing', 'warning', 'noting', 'stating', 'asking', 'writing', 'tweeting', 'replying', 'responding', 'arguing',
  'insisting', 'declaring', 'claiming', 'recalling', 'explaining', 'cautioning', 'emphasising', 'emphasizing', 'reiterating', 'urging',
  'describing', 'suggesting', 'promising', 'vowing', 'predicting', 'acknowledging', 'admitting', 'announcing', 'conceding', 'joking',
  'remarking', 'chant', 'chanting', 'chants', 'vent', 'vented', 'fume', 'fumed', 'question', 'questioned', 'remember', 'remembered',
  'riff', 'riffed', 'gush', 'gushed', 'indicate', 'indicated', 'answer', 'answered', 'asserting', 'charge', 'charged', 'retweet',
  'retweeted', 'exclaim', 'exclaimed', 'speculate', 'speculated', 'hint', 'hinted', 'hinting', 'comment', 'commented', 'commenting',
  'boom', 'boomed', 'worry', 'worried', 'observing', 'pointing', 'contend', 'contended', 'contends',
  'maintaining', 'opine', 'opined', 'sigh', 'sighed', 'whisper', 'whispered', 'tout', 'touted', 'touts', 'rail', 'railed', 'email',
  'emailed', 'texted', 'reflect', 'reflected', 'elaborate',
  'elaborated', 'interject', 'interjected', 'interrupt', 'interrupted', 'grumble', 'grumbled', 'complaining', 'protest', 'protested', 'beam', 'beamed', 'repeat', 'repeated', 'repeats', 'advise', 'advised', 'advises',
];
// Verbs that report speech but take their object right after them ("told reporters", "called it").
const OBJECT_VERBS = [
  'tell', 'told', 'tells', 'telling', 'call', 'called', 'calls', 'calling', 'dub', 'dubbed', 'dubs', 'label', 'labelled', 'labeled',
  'term', 'termed', 'terms', 'brand', 'branded', 'accuse', 'accused', 'accuses', 'accusing', 'praise', 'praised', 'praises', 'condemn',
  'condemned', 'condemns', 'criticise', 'criticised', 'criticize', 'criticized', 'thank', 'thanked', 'assure', 'assured', 'remind',
  'reminded', 'refer', 'referred', 'refers', 'slam', 'slammed', 'blast', 'blasted', 'hail', 'hailed', 'deride', 'derided', 'mock',
  'mocked', 'quote', 'quoted', 'cite', 'cited', 'cites', 'inform', 'informed', 'instruct', 'instructed', 'mocks', 'mocking', 'liken',
  'likened', 'likens', 'citing', 'characterize', 'characterized', 'characterizes', 'characterise', 'characterised', 'credit', 'credited',
  'portray', 'portrayed', 'portrays', 'encourage', 'encouraged', 'encouraging', 'laud', 'lauded', 'denounce', 'denounced', 'denounces',
  'herald', 'heralded', 'blame', 'blamed', 'blames', 'hammer', 'hammered', 'assail', 'assailed', 'assails', 'chide', 'chided',
  'chiding', 'dismiss', 'dismissed', 'dismisses', 'reject', 'rejected', 'rejects', 'attack', 'attacked',
  'attacks', 'lambaste', 'lambasted', 'ridicule', 'ridiculed', 'scold', 'scolded', 'pledging', 'propose', 'proposed', 'proposes',
];
const SPEECH = new Set(SPEECH_VERBS);
// Cue words that are nouns as often as verbs: after "the X" or "a X" they are the noun.
const NOUN_CUES = new Set([
  'attack', 'attacks', 'tweet', 'tweets', 'claim', 'claims', 'remark', 'remarks', 'report', 'reports', 'comment', 'comments',
  'promise', 'promises', 'question', 'questions', 'note', 'notes', 'call', 'calls', 'charge', 'charges', 'demand', 'demands',
  'post', 'posts', 'answer', 'answers', 'vow', 'vows', 'pledge', 'pledges', 'reply', 'replies', 'echo', 'echoes', 'joke', 'jokes',
  'boast', 'boasts', 'lament', 'laments', 'protest', 'quote', 'credit', 'label', 'brand', 'terms', 'blast', 'slam', 'states',
  'counter', 'counters', 'read', 'reads', 'email', 'rail', 'vent',
]);
export const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the']);

const CUES = new Set([...SPEECH_VERBS, ...OBJECT_VERBS]);
/** "Said", "Thanked": cues that cannot be part of a name ("Post" and "Report" can). */
const VERB_ONLY_CUES: ReadonlySet<string> = new Set([...CUES].filter((cue) => !NOUN_CUES.has(cue)));

function isVerbOnlyCue(word: string): boolean {
  return VERB_ONLY_CUES.has(word);
}

export interface Cue {
  /** Index of the cue's first token. */
  index: number;
  /** Tokens the cue spans ("according to" is two). */
  length: number;
  text: string;
  /** The speaker may follow it: "…,” said Asif", "according to the ISPR". */
  speakerAfter: boolean;
  /** Its speaker comes after it, always ("according to X"). */
  speakerOnlyAfter: boolean;
}

const CONTINUE_VERBS = new Set(['continue', 'continued', 'continues']);

export function cueAt(tokens: Token[], i: number): Cue | null {
  // Callers look one past a word ("he" ending a text): there is no cue beyond the last token.
  const token = tokens[i];
  if (!token || token.punct) return null;
  if (token.lower === 'according' && tokens[i + 1]?.lower === 'to') {
    return { index: i, length: 2, text: 'according to', speakerAfter: true, speakerOnlyAfter: true };
  }
  // "As The Post's Ruth Marcus puts it, …": the speaker stands before it.
  if ((token.lower === 'puts' || token.lower === 'put') && tokens[i + 1]?.lower === 'it') {
    return { index: i, length: 2, text: `${token.lower} it`, speakerAfter: false, speakerOnlyAfter: false };
  }
  // "State Department" is no cue; "Stated Stone:" opening a sentence is.
  if (!CUES.has(token.lower) || (token.capital && i > 0 && !tokens[i - 1]!.punct)) return null;
  // "the economy continued to expand at a “modest pace”": going on doing something, not speaking.
  if (CONTINUE_VERBS.has(token.lower) && tokens[i + 1]?.lower === 'to') return null;
  // "in a statement" names the channel; it belongs to the cue a reader sees.
  const statement = tokens[i + 1]?.lower === 'in' && tokens[i + 2]?.lower === 'a' && tokens[i + 3]?.lower === 'statement';
  return {
    index: i,
    length: 1,
    text: statement ? `${token.lower} in a statement` : token.lower,
    speakerAfter: SPEECH.has(token.lower),
    speakerOnlyAfter: false,
  };
}

/**
 * A cue word used as a noun: "in a phone call that …", "the report", "a Trump tweet". A word that is
 * a cue only as a verb ("said") never is; an article right before it, or "a" one word before it, makes it one.
 */
export function cueUsedAsNoun(tokens: Token[], i: number): boolean {
  const token = tokens[i];
  const before = tokens[i - 1];
  if (!token || !before || !NOUN_CUES.has(token.lower)) return false;
  return ARTICLES.has(before.lower) || (!before.punct && (tokens[i - 2]?.lower === 'a' || tokens[i - 2]?.lower === 'an'));
}

type MentionKind = 'name' | 'pronoun' | 'nominal';

export interface Mention {
  kind: MentionKind;
  /** The name without titles ("Khawaja Asif"), the pronoun ("he"), or the phrase ("the defence minister"). */
  text: string;
  /** Title written before the name ("Defence Minister"), or an appositive ("the defence minister"). */
  role: string | null;
  start: number;
}

const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'i', 'we']);
const CONTRACTION = /['’](?:s|d|ll|re|ve)$/;

/** The pronoun a token is, contractions included ("He’s claiming" → "he"), or null. */
function pronounOf(token: Token): string | null {
  const lower = token.lower;
  if (PRONOUNS.has(lower)) return lower;
  // Asked of nearly every word: only one with an apostrophe second or third from its end can be a contraction.
  const n = lower.length;
  if (n < 3 || n > 7 || !(isApostropheCode(lower.charCodeAt(n - 2)) || isApostropheCode(lower.charCodeAt(n - 3)))) return null;
  const bare = lower.replace(CONTRACTION, '');
  return PRONOUNS.has(bare) ? bare : null;
}
// Words that end a description walking back from a cue: "his radio show when commenting".
const CLAUSE_WORDS = new Set(['who', 'whom', 'whose', 'which', 'that', 'when', 'where', 'while', 'and', 'or', 'but', 'if', 'because', 'as', 'to', 'of', 'in', 'on', 'at', 'for', 'with', 'by', 'from']);
const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their', 'our', 'one', 'another', 'this', 'that', 'these', 'those', 'some', 'several', 'two', 'three']);
// Words between a subject and its cue: "Asif also said", "the minister had earlier warned".
const BETWEEN_SUBJECT_AND_CUE = new Set([
  'also', 'later', 'then', 'has', 'had', 'have', 'would', 'will', 'could', 'may', 'might', 'previously', 'recently', 'once', 'again',
  'reportedly', 'further', 'repeatedly', 'earlier', 'publicly', 'privately', 'simply', 'just', 'flatly', 'quickly', 'separately',
  'subsequently', 'similarly', 'likewise', 'only', 'is', 'was', 'were', 'are', 'been', 'has', 'often', 'frequently', 'first', 'still',
  'even', 'openly', 'angrily', 'bluntly', 'candidly', 'frankly', 'directly', 'finally', 'initially', 'famously', 'memorably', 'once',
]);
// A quantifier floated after its subject: "Reuters and AP each called it", "the two ministers both said".
// Only skipped when a word stands before it; "“…,” both said" keeps "both" as the subject.
const FLOATING_QUANTIFIERS = new Set(['each', 'both', 'all']);
// Words that make the quantifier the subject: "almost all said", "not all agreed".
const QUANTIFIER_MODIFIERS = new Set(['almost', 'nearly', 'not', 'virtually', 'practically', 'roughly', 'about', 'of']);

/** A word a floated quantifier can follow: a name or a noun, not a determiner, clause word or modifier ("almost all"). */
function floatsAfterSubject(before: Token): boolean {
  const lower = before.lower;
  return /^\p{L}/u.test(before.text) && !CLAUSE_WORDS.has(lower) && !DETERMINERS.has(lower) && !QUANTIFIER_MODIFIERS.has(lower) && !(lower.endsWith('ly') && !before.capital);
}
const WEEKDAYS_AND_MONTHS = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'today', 'yesterday', 'tonight', 'january', 'february',
  'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan.', 'feb.', 'aug.', 'sept.',
  'oct.', 'nov.', 'dec.',
]);
// Titles, ranks and offices. In "Defence Minister Khawaja Asif" or "Lt Gen Ahmed Sharif Chaudhry" the
// name is what follows the last of these words; what precedes it, with it, is the role.
/** Last words that make a capitalised phrase a day, a place or a body of rules, never a person. */
const THING_HEADS: ReadonlySet<string> = new Set([
  'day', 'week', 'month', 'year', 'zone', 'zones', 'area', 'areas', 'road', 'highway', 'motorway', 'district', 'province',
  'valley', 'city', 'town', 'village', 'region', 'border', 'corridor', 'port', 'airport', 'act', 'bill', 'law', 'ordinance',
  'plan', 'programme', 'program', 'project', 'scheme', 'operation', 'conference', 'summit', 'session', 'festival', 'cup',
]);

/** "Donald Trump" -> "Trump". */
export function lastWordOf(name: string): string {
  return name.slice(name.lastIndexOf(' ') + 1);
}

/**
 * A capitalised phrase that names no person: one ending in a thing's head noun ("Defence Day",
 * "Special Economic Zone"), or one made only of titles ("Federal Secretary", "Prime Minister").
 */
function isThingName(name: string): boolean {
  const words = name.toLowerCase().split(/\s+/);
  return THING_HEADS.has(words[words.length - 1]!) || words.every((w) => TITLE_WORDS.has(w.replace(/\.$/, '')));
}

// Countries and the regions of the bot's beat, by the names English copy uses: places that speak
// ("Pakistan said") and collect a gender vote from a pronoun after them, yet are never a person.
const COUNTRIES: ReadonlySet<string> = new Set([
  'afghanistan', 'albania', 'algeria', 'angola', 'argentina', 'armenia', 'australia', 'austria', 'azerbaijan', 'bahrain',
  'bangladesh', 'belarus', 'belgium', 'bhutan', 'bolivia', 'bosnia', 'brazil', 'bulgaria', 'cambodia', 'cameroon', 'canada',
  'chad', 'chile', 'china', 'colombia', 'congo', 'croatia', 'cuba', 'cyprus', 'czechia', 'denmark', 'egypt', 'eritrea', 'estonia',
  'ethiopia', 'finland', 'france', 'georgia', 'germany', 'ghana', 'greece', 'guatemala', 'haiti', 'honduras', 'hungary', 'iceland',
  'india', 'indonesia', 'iran', 'iraq', 'ireland', 'israel', 'italy', 'japan', 'jordan', 'kazakhstan', 'kenya', 'kuwait',
  'kyrgyzstan', 'laos', 'latvia', 'lebanon', 'libya', 'lithuania', 'malaysia', 'maldives', 'mali', 'mexico', 'moldova', 'mongolia',
  'morocco', 'mozambique', 'myanmar', 'nepal', 'netherlands', 'nicaragua', 'niger', 'nigeria', 'norway', 'oman', 'pakistan',
  'palestine', 'panama', 'paraguay', 'peru', 'philippines', 'poland', 'portugal', 'qatar', 'romania', 'russia', 'rwanda',
  'senegal', 'serbia', 'singapore', 'slovakia', 'slovenia', 'somalia', 'spain', 'sudan', 'sweden', 'switzerland', 'syria',
  'taiwan', 'tajikistan', 'tanzania', 'thailand', 'tunisia', 'turkey', 'turkiye', 'türkiye', 'turkmenistan', 'uganda', 'ukraine',
  'uruguay', 'uzbekistan', 'venezuela', 'vietnam', 'yemen', 'zambia', 'zimbabwe', 'britain', 'england', 'scotland', 'wales',
  'america', 'saudi arabia', 'south africa', 'south korea', 'north korea', 'sri lanka', 'new zealand', 'united states',
  'united kingdom', 'united arab emirates', 'uae', 'us', 'usa', 'uk', 'gaza', 'kashmir', 'punjab', 'sindh', 'balochistan',
  'khyber pakhtunkhwa', 'gilgit-baltistan', 'waziristan', 'islamabad', 'karachi', 'lahore', 'quetta', 'peshawar', 'kabul',
  'new delhi', 'delhi', 'tehran', 'beijing', 'washington', 'moscow', 'doha', 'riyadh', 'ankara', 'dhaka', 'kandahar',
]);

export const TITLE_WORDS: ReadonlySet<string> = new Set([
  'minister', 'president', 'premier', 'secretary', 'general', 'gen', 'gen.', 'lt', 'lt.', 'lieutenant', 'maj', 'maj.', 'major', 'col',
  'col.', 'colonel', 'brig', 'brig.', 'brigadier', 'capt', 'capt.', 'captain', 'adm', 'adm.', 'admiral', 'marshal', 'chief', 'spokesman',
  'spokeswoman', 'spokesperson', 'senator', 'sen', 'sen.', 'sens', 'sens.', 'rep', 'rep.', 'reps', 'reps.', 'representative', 'gov', 'gov.', 'governor', 'mayor',
  'chairman', 'chairwoman', 'chairperson', 'director', 'ambassador', 'envoy', 'commander', 'leader', 'deputy', 'justice', 'judge',
  'inspector', 'officer', 'adviser', 'advisor', 'congressman', 'congresswoman', 'assemblyman', 'assemblywoman', 'speaker', 'mr', 'mr.',
  'mrs', 'mrs.', 'ms', 'ms.', 'dr', 'dr.', 'prof', 'prof.', 'professor', 'sgt', 'sgt.', 'sergeant', 'superintendent', 'supt', 'supt.',
  'commissioner', 'attorney', 'candidate', 'nominee', 'chancellor', 'king', 'queen', 'prince', 'emir', 'amir', 'sheikh', 'shaikh', 'shaykh', 'maulana',
  'mufti', 'mullah', 'begum', 'cleric', 'pastor', 'rev', 'rev.', 'reverend', 'pope', 'host', 'anchor', 'founder', 'ceo', 'head', 'hon', 'hon.',
  'mp', 'mna', 'mpa', 'sp', 'dsp', 'ssp', 'dig', 'igp', 'dg', 'coas', 'cjcsc', 'counsel', 'strategist', 'pollster', 'analyst',
  'manager', 'aide', 'official', 'correspondent', 'editor', 'columnist', 'reporter', 'economist',
  'consultant', 'lawyer', 'activist', 'member', 'resident', 'expert', 'scholar', 'historian', 'author', 'researcher', 'lawmaker',
  'legislator', 'delegate', 'operative', 'fellow', 'executive', 'surrogate', 'organizer', 'organiser', 'coordinator',
  'partner', 'owner', 'commentator', 'writer', 'journalist', 'scientist', 'doctor',
  // South Asian offices written short: "PM Shehbaz", "RPO Sajjad", "DPM/FM Dar".
  'pm', 'dpm', 'fm', 'cm', 'rpo', 'dpo', 'sho', 'ig', 'aig', 'cpo', 'ccpo',
]);
// Honorifics carry no role worth showing on their own.
const HONORIFICS = new Set(['mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'dr', 'dr.', 'hon', 'hon.', 'begum']);
// Lower-case particles inside names: Zia ul Haq, Mohammed bin Salman, Abu Bakr al Baghdadi. Not "of":
// "Butterfield of North Carolina" is a man and his state.
const NAME_PARTICLES = new Set(['bin', 'bint', 'ibn', 'ul', 'ur', 'ud', 'al', 'el', 'de', 'da', 'du', 'van', 'von', 'der', 'la', 'le']);
// Words that mark a capitalised phrase as an organisation ("it"/"they" may refer to it).
const ORGANISATION_WORDS = new Set([
  'office', 'ministry', 'department', 'board', 'times', 'post', 'news', 'service', 'services', 'commission', 'committee', 'party',
  'council', 'agency', 'army', 'police', 'government', 'court', 'foundation', 'campaign', 'institute', 'university', 'bank', 'group',
  'association', 'league', 'movement', 'front', 'taliban', 'ispr', 'isi', 'fbi', 'cia', 'un', 'nato', 'embassy', 'forces', 'force',
  'command', 'corps', 'administration', 'house', 'assembly', 'senate', 'parliament', 'cabinet', 'journal', 'tribune', 'herald',
  'review', 'network', 'channel', 'press', 'reuters', 'ap', 'afp', 'dawn', 'express', 'bureau', 'authority', 'directorate', 'coalition',
  'union', 'organisation', 'organization', 'company', 'corporation', 'inc', 'ltd', 'tehreek', 'jamaat', 'lashkar', 'jaish', 'tv',
  'radio', 'magazine', 'daily', 'inquirer', 'agence', 'presse', 'politico', 'cnn', 'bbc', 'msnbc', 'nbc', 'abc', 'cbs', 'fox', 'isis', 'isil', 'ttp', 'presidency', 'secretariat',
]);

const MAX_NAME_WORDS = 5;

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLowerAscii(code: number): boolean {
  return code >= 97 && code <= 122;
}

/** A capitalised word that may be a name: not a weekday or a month ("Monday’s meeting"). */
export function isNameWord(word: string): boolean {
  return /^\p{Lu}/u.test(word) && !WEEKDAYS_AND_MONTHS.has(word.toLowerCase());
}

function isNameToken(token: Token): boolean {
  return token.name;
}

// Numbers written out: "Eight of them said" opens a sentence with a count, not a name.
const NUMBER_WORDS = new Set([
  'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'thirty', 'forty', 'fifty',
  'hundred', 'hundreds', 'thousand', 'thousands', 'dozens', 'millions',
]);

/** WEEKDAYS_AND_MONTHS and NUMBER_WORDS in one set, looked up once per capitalised token. */
const DAYS_AND_NUMBERS: ReadonlySet<string> = new Set([...WEEKDAYS_AND_MONTHS, ...NUMBER_WORDS]);

/** A capitalised word that may be part of a name: not a possessive, a weekday, a month, a number or a shouted word. */
function nameShaped(token: Token): boolean {
  if (!token.capital || token.possessive || DAYS_AND_NUMBERS.has(token.lower)) return false;
  if (token.text.length >= 5 && !isLowerAscii(token.text.charCodeAt(1)) && SHOUTED.test(token.text)) return false;
  // A period stays on a word only for titles, initials and the like; "R-Wis." is a party and state.
  return !token.text.endsWith('.') || token.text.length === 2 || isAbbreviation(token.lower.slice(0, -1));
}

/** "al-Awlaki", "ul-Haq": a lower-case particle joined by a hyphen to a capitalised name. */
function particleJoined(text: string): boolean {
  const hyphen = text.charCodeAt(2) === HYPHEN ? 2 : text.charCodeAt(3) === HYPHEN ? 3 : -1;
  if (hyphen === -1 || !NAME_PARTICLES.has(text.slice(0, hyphen))) return false;
  const next = text[hyphen + 1];
  return next !== undefined && next !== next.toLowerCase();
}

/** Splits a run of capitalised words into role and name at the last title word. */
function splitRoleAndName(words: Token[]): { role: string | null; name: Token[] } {
  let last = -1;
  for (let i = 0; i < words.length - 1; i++) {
    if (TITLE_WORDS.has(words[i]!.lower)) last = i;
    // "Secretary of State", "Chief of Army Staff": the office the title names is part of the role.
    else if (words[i]!.lower === 'of' && last === i - 1) last = Math.min(i + 1, words.length - 2);
  }
  if (last === -1) return { role: null, name: words };
  const roleWords = words.slice(0, last + 1).filter((w) => !HONORIFICS.has(w.lower));
  return { role: roleWords.length ? joined(roleWords) : null, name: words.slice(last + 1) };
}

export function isOrganisation(name: string): boolean {
  // An acronym: ISPR, TTP, FBI. A name with a space is none, and skips the Unicode pattern.
  if (!name.includes(' ') && /^[\p{Lu}\d&-]{2,}$/u.test(name)) return true;
  // Its words, split at spaces and hyphens by code: pronouns ask this of every speaker.
  const lower = name.toLowerCase();
  let start = 0;
  for (let i = 0; i <= lower.length; i++) {
    if (i < lower.length && lower.charCodeAt(i) !== HYPHEN && !isSpaceCode(lower.charCodeAt(i))) continue;
    if (i > start && ORGANISATION_WORDS.has(lower.slice(start, i))) return true;
    start = i + 1;
  }
  return false;
}

function joined(tokens: Token[]): string {
  let out = '';
  for (const token of tokens) {
    // No space before closing punctuation or after an opening bracket: "a member (R-Ohio), said".
    const glued = out === '' || (token.punct && token.text !== '(' && token.text !== '—') || out.endsWith('(');
    out += glued ? token.text : ` ${token.text}`;
  }
  return out;
}

/** A run of name words ending at tokens[end] (inclusive), walking back; its first index. */
function nameRunBackFrom(tokens: Token[], end: number): number {
  let i = end;
  while (i - 1 >= 0) {
    const previous = tokens[i - 1]!;
    // "Clinton Said" in a title-case line: a speech verb ends the run. Any other word ends it anyway,
    // as no speech verb is a name particle, so only name-shaped words are looked up.
    if (isNameToken(previous)) {
      if (isVerbOnlyCue(previous.lower)) break;
      i--;
    } else if (NAME_PARTICLES.has(previous.lower) && i - 2 >= 0 && isNameToken(tokens[i - 2]!)) i -= 2;
    else break;
  }
  return i;
}

/** A run of name words starting at tokens[start], walking forward; one past its last index. */
function nameRunFrom(tokens: Token[], start: number): number {
  let i = start;
  while (i < tokens.length) {
    const token = tokens[i]!;
    // "Clinton Said Of Wall Street": a headline in title case; the verb ends the name. Only a
    // name-shaped word needs the lookup: no speech verb is "of" or a name particle.
    if (isNameToken(token)) {
      if (i > start && isVerbOnlyCue(token.lower)) break;
      i++;
    } else if (token.lower === 'of' && i > start && TITLE_WORDS.has(tokens[i - 1]!.lower) && tokens[i + 1] && isNameToken(tokens[i + 1]!)) i += 2;
    else if (NAME_PARTICLES.has(token.lower) && tokens[i + 1] && isNameToken(tokens[i + 1]!)) i += 2;
    else break;
  }
  return i;
}

const SENTENCE_OPENERS = new Set([
  'whether', 'although', 'though', 'however', 'meanwhile', 'while', 'despite', 'during', 'speaking', 'asked', 'according', 'conceding',
  'acknowledging', 'following', 'earlier', 'later', 'still', 'yet', 'even', 'instead', 'indeed', 'perhaps', 'unlike', 'like',
  'amid', 'yes', 'just', 'maybe', 'everything', 'nothing', 'multiple', 'across', 'one',
]);

// Heads of an office's title: no one's name ends in one.
const OFFICE_HEADS = new Set(['minister', 'secretary', 'president', 'chairman', 'chairperson', 'spokesperson', 'spokesman', 'spokeswoman', 'governor', 'commissioner', 'adviser', 'advisor', 'ambassador', 'envoy', 'director', 'inspector', 'premier']);

/** A title read as a name: "Foreign Minister", "Prime Minister", "Federal Secretary". */
export function titlesOnly(name: string): boolean {
  // Asked of every name a pronoun weighs: the last word first, by slicing, as most names fail there.
  if (!OFFICE_HEADS.has(lastWordOf(name).toLowerCase())) return false;
  let spaces = 0;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) === SPACE && ++spaces > 2) return false;
  return true;
}

/**
 * "Outlining Pakistan's stance", "Tells Newsweek he was …" (a subheading): a participle or a
 * present-tense speech verb, capitalised only because it opens the line, is no part of the name after it.
 */
function verbOpensRun(word: string): boolean {
  const n = word.length;
  // Eight letters at least: "Beijing", "Fleming" and "Harding" are names.
  if (n >= 8 && word.endsWith('ing')) return true;
  return n >= 4 && word.charCodeAt(n - 1) === LOWER_S && isVerbOnlyCue(word);
}

function isSentenceOpener(word: string): boolean {
  return isStopword(word) || SENTENCE_OPENERS.has(word) || isNegated(word);
}

/** "Don’t", "Wouldn't": read by code, as every name run's first word is asked. */
function isNegated(word: string): boolean {
  const n = word.length;
  return n >= 3 && word.charCodeAt(n - 1) === LOWER_T && isApostropheCode(word.charCodeAt(n - 2)) && word.charCodeAt(n - 3) === LOWER_N;
}

/** "U.", "S.": a capital letter and its period. */
function isInitial(token: Token): boolean {
  return token.text.length === 2 && token.capital && token.text.endsWith('.');
}

/** How many words of a name run are not particles: "Rashid bin Abdullah Al Khalifa" has three. */
function wordsBesideParticles(run: Token[]): number {
  let count = 0;
  for (const token of run) if (!NAME_PARTICLES.has(token.lower)) count++;
  return count;
}

function nameMention(run: Token[], appositive: string | null): Mention | null {
  // One word, most runs are: no role to split off and nothing to join.
  if (run.length === 1) {
    const word = run[0]!;
    return isSentenceOpener(word.lower) || isInitial(word) ? null : { kind: 'name', text: word.text, role: appositive, start: word.start };
  }
  // Longer runs are headlines or titles of works, not names.
  if (run.length > 2 * (MAX_NAME_WORDS + 2) || wordsBesideParticles(run) > MAX_NAME_WORDS + 2) return null;
  // A capitalised sentence opener is not part of the name: "The ISPR", "But Asif", "Whether North Korea".
  let first = 0;
  while (first < run.length && (isSentenceOpener(run[first]!.lower) || verbOpensRun(run[first]!.lower))) first++;
  const words = run.slice(first);
  if (words.length === 0) return null;
  const { role, name } = splitRoleAndName(words);
  // Particles do not count: "Rashid bin Abdullah Al Khalifa" is a name of four words, not six.
  const nameWords = wordsBesideParticles(name);
  if (nameWords === 0 || nameWords > MAX_NAME_WORDS) return null;
  // "U.S.", "U.N.": initials alone abbreviate a country or a body, not a person's name.
  if (name.every(isInitial)) return null;
  return { kind: 'name', text: joined(name), role: role ?? appositive, start: name[0]!.start };
}

/** An appositive after a name, between commas: ", a Democratic congressman," → its words. */
function appositiveAfter(tokens: Token[], i: number): string | null {
  if (tokens[i]?.text !== ',' || !DETERMINERS.has(tokens[i + 1]?.lower ?? '')) return null;
  let j = i + 2;
  while (j < tokens.length && j < i + 12 && !tokens[j]!.punct) j++;
  const words = tokens.slice(i + 2, j);
  return words.length ? joined(words) : null;
}

/** The speaker named right after a cue: "said Khawaja Asif", "according to the ISPR". */
export function mentionAfter(tokens: Token[], cue: Cue): Mention | null {
  let i = cue.index + cue.length;
  if (tokens[i]?.lower === 'in' && tokens[i + 1]?.lower === 'a' && tokens[i + 2]?.lower === 'statement') i += 3;
  const token = tokens[i];
  // "said that …" introduces what was said, not who said it.
  if (!token || token.punct || token.lower === 'that') return null;
  if (PRONOUNS.has(token.lower) && !token.capital) {
    // "…,” suggesting he might consider Kasich": after a participle the pronoun opens what was said.
    return cue.text.endsWith('ing') ? null : { kind: 'pronoun', text: token.lower, role: null, start: token.start };
  }
  let determiner = -1;
  if (DETERMINERS.has(token.lower)) {
    determiner = i;
    i++;
  }
  // Lower-case words of a role before the name: "said campaign spokesman Brian Fallon".
  const roleStart = i;
  // "said 9/11 widow Terry Strada": numbers belong to the role too.
  while (i < tokens.length && i < roleStart + 4 && !tokens[i]!.punct && !isNameToken(tokens[i]!) && (!isStopword(tokens[i]!.lower) || isDigitCode(tokens[i]!.lower.charCodeAt(0)))) i++;
  let nameEnd = i;
  if (i < tokens.length && isNameToken(tokens[i]!)) ({ start: i, end: nameEnd } = nameRunPastTitles(tokens, i, true));
  if (nameEnd > i) {
    const lowerRole = i > roleStart ? joined(tokens.slice(roleStart, i)) : null;
    const mention = nameMention(tokens.slice(i, nameEnd), appositiveAfter(tokens, nameEnd));
    if (mention) return { ...mention, role: mention.role ?? lowerRole };
  }
  if (determiner === -1) return bareGroupAfter(tokens, roleStart);
  // A description: "according to the minister", "said a spokesman for the army".
  let end = determiner + 1;
  while (end < tokens.length && end < determiner + 5 && !tokens[end]!.punct && !['for', 'of', 'at', 'in', 'on', 'who', 'that', 'to'].includes(tokens[end]!.lower)) {
    // "according to a court document filed by state attorney Dave Aronberg": the document's author.
    if (tokens[end]!.lower === 'by' && end > determiner + 1 && tokens[end + 1] && !tokens[end + 1]!.punct) {
      const author = nameRunPastTitles(tokens, end + 1, true);
      if (author.end > author.start) return nameMention(tokens.slice(author.start, author.end), appositiveAfter(tokens, author.end));
    }
    end++;
  }
  if (end === determiner + 1) return null;
  return { kind: 'nominal', text: joined(tokens.slice(determiner, end)), role: null, start: tokens[determiner]!.start };
}

function describesName(token: Token, afterCue: boolean): boolean {
  return !token.capital && !token.punct && (TITLE_WORDS.has(token.lower) || (afterCue && !isStopword(token.lower)));
}

/**
 * The name run at tokens[i], or the one a few lower-case title words later ("Democratic nominee
 * Hillary Clinton"). Right after a speech verb any description may stand between them ("said
 * Concord resident Whit Symms"); elsewhere only titles, so "Trump says Clinton" stays Trump.
 */
function nameRunPastTitles(tokens: Token[], i: number, afterCue: boolean, end = nameRunFrom(tokens, i)): { start: number; end: number } {
  // "Ronald Reagan's former education secretary William J. Bennett", "The Post's Ruth Marcus": the
  // person is the one the possessive's phrase names.
  const owner = tokens[end];
  if (owner?.possessive && owner.capital && !owner.punct) {
    let m = end + 1;
    while (m < tokens.length && m < end + 5 && !tokens[m]!.capital && !tokens[m]!.punct && !isStopword(tokens[m]!.lower)) m++;
    if (tokens[m] && isNameToken(tokens[m]!) && (m === end + 1 || TITLE_WORDS.has(tokens[m - 1]!.lower))) return { start: m, end: nameRunFrom(tokens, m) };
  }
  let k = end;
  while (k < tokens.length && k < end + 3 && describesName(tokens[k]!, afterCue)) k++;
  // "Democratic presidential candidate Bernie Sanders": modifiers, then a title word, then the name.
  if (k === end) {
    let m = end;
    while (m < tokens.length && m < end + 3 && !tokens[m]!.capital && !tokens[m]!.punct && !isStopword(tokens[m]!.lower)) m++;
    if (m > end && TITLE_WORDS.has(tokens[m - 1]!.lower)) k = m;
  }
  return k > end && tokens[k] && isNameToken(tokens[k]!) ? { start: k, end: nameRunFrom(tokens, k) } : { start: i, end };
}

// Words that may open a clause before its subject: "But Cruz", "The ISPR". Not "in": "in Tulsa" is a place.
const SUBJECT_OPENERS = new Set(['the', 'but', 'and', 'so', 'yet', 'then', 'now', 'or', 'a', 'an', 'still', 'also', 'thus']);

/** A name or pronoun opening the tokens, followed by its verb or an appositive: a clause subject. */
export function leadingSubject(tokens: Token[]): Mention | null {
  const first = tokens[0];
  if (!first || first.punct) return null;
  if (PRONOUNS.has(first.lower)) return { kind: 'pronoun', text: first.lower, role: null, start: first.start };
  // Skip a capitalised opener ("But Cruz", "The ISPR") before the name.
  let i = 0;
  while (i < tokens.length && i < 2 && SUBJECT_OPENERS.has(tokens[i]!.lower)) i++;
  if (PRONOUNS.has(tokens[i]?.lower ?? '')) return { kind: 'pronoun', text: tokens[i]!.lower, role: null, start: tokens[i]!.start };
  // "The Dawn’s Cyril Almeida provided …": a possessive opens the subject, the person it names.
  // "Calling Mr. Burr's challenger …": a sentence may open with a cue verb, never a name.
  const owner = tokens[i]?.possessive === true && tokens[i]!.capital;
  if (!tokens[i] || (!isNameToken(tokens[i]!) && !owner) || isVerbOnlyCue(tokens[i]!.lower)) return null;
  // "Democratic nominee Hillary Clinton said": past lower-case title words to the name they introduce.
  const { start, end } = nameRunPastTitles(tokens, i, false);
  if (start === end) return null;
  i = start;
  const qualified = qualifiedTitle(tokens, i, end);
  if (qualified) return qualified;
  const after = tokens[end];
  return after && (after.text === ',' || after.text === '(' || (!after.punct && !after.capital) || titleCaseVerb(tokens, end)) ? nameMention(tokens.slice(i, end), null) : null;
}

/**
 * "The Turkish defence minister expressed …", "the Afghan envoy": a capitalised word between "the"
 * and a lower-case title qualifies the title; the description is the subject, not a name.
 */
function qualifiedTitle(tokens: Token[], start: number, end: number): Mention | null {
  const article = tokens[start - 1];
  // Only "the": "a Clinton campaign official" is somebody new, spoken for by the name inside.
  // A word in title case ("Turkish"), not an acronym: "the UAE official" keeps its body.
  if (!article || article.lower !== 'the' || end - start !== 1 || !/^\p{Lu}\p{Ll}+$/u.test(tokens[start]!.text)) return null;
  // The title runs to its last title word before the verb: "the Sindh chief minister", "the Afghan
  // deputy foreign minister", not "the Sindh chief".
  let last = -1;
  for (let k = end; k < tokens.length && k < end + QUALIFIED_TITLE_WORDS; k++) {
    const token = tokens[k]!;
    if (token.punct || token.capital || DETERMINERS.has(token.lower) || CUES.has(token.lower) || CLAUSE_WORDS.has(token.lower)) break;
    if (TITLE_WORDS.has(token.lower)) last = k;
  }
  return last === -1 ? null : { kind: 'nominal', text: joined(tokens.slice(start - 1, last + 1)), role: null, start: article.start };
}
// How many lower-case words a qualified title may run to: "deputy foreign minister for political affairs".
const QUALIFIED_TITLE_WORDS = 4;

/**
 * "Shehbaz Sharif Said Of Traders", "Sharif Said “…": a capitalised speech verb in a title-case line,
 * the rest capitalised too; not "Edward Said wrote", where the capital is part of a name.
 */
function titleCaseVerb(tokens: Token[], i: number): boolean {
  const token = tokens[i]!;
  if (!token.capital || !isVerbOnlyCue(token.lower)) return false;
  const next = tokens[i + 1];
  return !next || next.capital || next.punct;
}

// Longer than a signature line: "Dean Baker, Center for Economic and Policy Research."
const SIGNATURE_TOKENS = 14;

/**
 * A signature line under a quotation, a paragraph of its own: "-Ayesha Siddiqa, Lahore." or "Ayesha
 * Siddiqa, Institute of Strategic Studies." The name opens it; after it, behind a dash anything short
 * ("-President Alvi, speaking in Karachi."), else only a place or an institution, in capitals.
 */
export function signatureName(tokens: Token[], dashed: boolean): Mention | null {
  if (tokens.length === 0 || tokens.length > SIGNATURE_TOKENS || !isNameToken(tokens[0]!)) return null;
  const { start, end } = nameRunPastTitles(tokens, 0, false);
  if (start !== 0) return null;
  const after = tokens[end];
  if (after && after.text !== ',') return null;
  if (!after && !dashed) return null;
  if (!dashed && !tokens.slice(end + 1).every((t) => t.capital || t.punct || isStopword(t.lower))) return null;
  if (!endsSentence(tokens[tokens.length - 1]!) && after) return null;
  return nameMention(tokens.slice(0, end), null);
}

/** A name (past its titles) at tokens[i] with a comma after it: "Nate Silver, the polling guru who …". */
export function nameBeforeComma(tokens: Token[], i: number): Mention | null {
  if (!tokens[i] || !isNameToken(tokens[i]!)) return null;
  const { start, end } = nameRunPastTitles(tokens, i, false);
  return tokens[end]?.text === ',' ? nameMention(tokens.slice(start, end), appositiveAfter(tokens, end)) : null;
}

/** The comma before tokens[at], at most 30 tokens back and not before `from`; -1 if none. */
function commaBefore(tokens: Token[], at: number, from: number): number {
  let k = at - 1;
  while (k >= from && k > at - 30 && tokens[k]!.text !== ',') k--;
  return k > from && tokens[k]!.text === ',' ? k : -1;
}

/** Whether tokens[first, end) are one run of name words. */
function isWholeName(tokens: Token[], first: number, end: number): boolean {
  return end > first && isNameToken(tokens[first]!) && nameRunFrom(tokens, first) >= end;
}

// What speaks in its owner's name: "Clinton’s campaign", "Asif’s office", "Sharif’s lawyers".
const VOICES = new Set(['campaign', 'camp', 'team', 'office', 'staff', 'statement', 'website', 'brief', 'administration', 'lawyers', 'attorneys', 'government', 'party', 'ministry']);

/** "Clinton’s" → "Clinton", "Times’" → "Times". */
export function stripPossessive(word: string): string {
  return word.replace(/['’]s?$/u, '');
}

/** "Clinton’s" read as the name "Clinton". */
export function withoutPossessive(token: Token): Token {
  const stripped = { ...token, text: stripPossessive(token.text), lower: stripPossessive(token.lower), possessive: false };
  stripped.name = nameShaped(stripped);
  return stripped;
}

/** tokens[j] ends "X’s campaign" (or "X’s re-election campaign"): X, with the noun as its role. */
function ownerSpeaking(tokens: Token[], j: number, from: number): Mention | null {
  if (!VOICES.has(tokens[j]!.lower)) return null;
  let k = j - 1;
  while (k >= from && k > j - 3 && !tokens[k]!.capital && !tokens[k]!.punct && !isStopword(tokens[k]!.lower)) k--;
  const owner = tokens[k];
  if (k < from || !owner || !owner.possessive || !owner.capital) return null;
  const bare = withoutPossessive(owner);
  const first = k - 1 >= from && isNameToken(tokens[k - 1]!) ? Math.max(nameRunBackFrom(tokens, k - 1), from) : k;
  const mention = nameMention([...tokens.slice(first, k), bare], null);
  return mention && !isOrganisation(mention.text) ? { ...mention, role: mention.role ?? joined(tokens.slice(k + 1, j + 1)) } : null;
}

// "More from Siddiqa and Hoodbhoy:", "a letter by Sharif and Zardari said": a pair named as a source.
export const SOURCE_LINKS: ReadonlySet<string> = new Set(['from', 'by']);

/** "Trump and Ryan issued a statement": of two people speaking together, the first named. */
function firstOfPair(tokens: Token[], start: number, from: number): Mention | null {
  const j = start - 2;
  if (j < from || tokens[start - 1]!.lower !== 'and' || !isNameToken(tokens[j]!)) return null;
  const first = Math.max(nameRunBackFrom(tokens, j), from);
  const before = tokens[first - 1];
  // "nuclear experts Ayesha Siddiqa and …": a title shared by the pair may stand before it.
  if (before && !before.punct && !CLAUSE_OPENERS.has(before.lower) && !SOURCE_LINKS.has(before.lower) && !TITLE_WORDS.has(before.lower.replace(/s$/, ''))) return null;
  const mention = nameMention(tokens.slice(first, j + 1), null);
  return mention && !isOrganisation(mention.text) ? mention : null;
}

export const POSSESSIVE_PRONOUNS: ReadonlyMap<string, string> = new Map([['his', 'he'], ['her', 'she'], ['their', 'they'], ['its', 'it']]);
// Prepositions of a phrase between a subject and its verb: "Trump in his speech called", "Asif at the presser said".
const SETTING_PREPOSITIONS = new Set(['in', 'at', 'during', 'on']);

// Words opening a sentence with a clause set before the main one. quotes.ts reads cues by the same
// list less "as", "asked" and "whether" (SUBORDINATORS there): "As X put it" is X's own cue.
export const SUBORDINATE_OPENERS: ReadonlySet<string> = new Set(['asked', 'after', 'when', 'while', 'because', 'if', 'although', 'though', 'since', 'before', 'once', 'until', 'unless', 'whereas', 'as', 'whether']);
const DESCRIPTION_LINKS = new Set(['of', 'for', 'at', 'with', 'from', 'to']);
// How far back a description may start before the name inside it.
const DESCRIPTION_REACH = 25;

/**
 * For a name at tokens[start] that sits inside a description ("director of the House Majority PAC"),
 * the person the description follows after a comma ("Alixandria Lapp, executive director of …"); null
 * when the name stands on its own.
 */
function describedPerson(tokens: Token[], start: number, from: number): Mention | null {
  const before = tokens[start - 1];
  if (!before || before.punct || before.capital || CLAUSE_OPENERS.has(before.lower) || pronounOf(before)) return null;
  let c = start - 2;
  while (c > from && c > start - DESCRIPTION_REACH && !tokens[c]!.punct) c--;
  if (c <= from || tokens[c]!.text !== ',' || tokens[c + 1]!.capital) return null;
  // "Or maybe Jeb Bush, digital consultant Phil Musser says": a bare role before the name is the
  // speaker's own; a description names someone else only through "of", "for", "at".
  if (!tokens.slice(c + 1, start).some((t) => DESCRIPTION_LINKS.has(t.lower))) return null;
  let j = c - 1;
  if (tokens[j]!.text === ')') {
    while (j > from && j > c - 10 && tokens[j]!.text !== '(') j--;
    j--;
  }
  if (j < from || !isNameToken(tokens[j]!)) return null;
  return nameMention(tokens.slice(Math.max(nameRunBackFrom(tokens, j), from), j + 1), null);
}

// Words tying a person to where they work or come from: "Lewis of the … Center for … Studies".
const AFFILIATION_LINKS = new Set(['of', 'for', 'at']);
const AFFILIATION_HOPS = 3;

/** The speaker written before a cue: "Asif said", "Khawaja Asif, the defence minister, said", "he said". */
export function mentionBefore(tokens: Token[], cue: Cue, from = 0): Mention | null {
  let j = cue.index - 1;
  while (j >= from && BETWEEN_SUBJECT_AND_CUE.has(tokens[j]!.lower)) j--;
  if (j > from && FLOATING_QUANTIFIERS.has(tokens[j]!.lower) && floatsAfterSubject(tokens[j - 1]!)) {
    j--;
    while (j >= from && BETWEEN_SUBJECT_AND_CUE.has(tokens[j]!.lower)) j--;
  }
  // "Asif on Thursday said"
  if (j >= from && WEEKDAYS_AND_MONTHS.has(tokens[j]!.lower)) {
    j--;
    if (j >= from && ['on', 'last', 'this', 'late', 'early'].includes(tokens[j]!.lower)) j--;
  }
  if (j < from) return null;
  let appositive: string | null = null;
  if (tokens[j]?.text === ',' && j > from) {
    // "Khawaja Asif, the defence minister, said": the name stands before the appositive.
    let k = commaBefore(tokens, j, from);
    if (k === -1) return null;
    // "Clinton's campaign chairman, John Podesta, said": the name is the part between the commas.
    if (isWholeName(tokens, k + 1, j) && !isNameToken(tokens[k - 1]!) && tokens[k - 1]!.text !== ')') return nameMention(tokens.slice(k + 1, j), null);
    // "Clinton, at a meeting in Columbus, Ohio, said": a place and its region belong to the appositive.
    while (isWholeName(tokens, k + 1, j) && isNameToken(tokens[k - 1]!) && commaBefore(tokens, k, from) !== -1) k = commaBefore(tokens, k, from);
    // "In an interview with CNN, Trump continued to question Cruz, saying": a participle follows a
    // clause, and the subject opening it is the speaker, not the name before its comma.
    if (tokens[cue.index]!.lower.endsWith('ing')) {
      const subject = leadingSubject(tokens.slice(k + 1, j));
      const next = subject && tokens[firstTokenAtOrAfter(tokens, subject.start) + subject.text.split(' ').length];
      if (subject && next && !next.capital && !next.punct && !TITLE_WORDS.has(next.lower)) return subject;
    }
    if (!(isNameToken(tokens[k - 1]!) || tokens[k - 1]!.text === ')')) {
      // "His mother, showing remarkable resolve, said": a description before the aside speaks.
      return descriptionEndingAt(tokens, k - 1, from);
    }
    const words = tokens.slice(k + 1, j);
    // "X, the defence minister, said" keeps its role; "X, who …, said", "X, 45, said" and
    // "X, at a later press gaggle, said" do not.
    appositive = DETERMINERS.has(words[0]!.lower) && words.length <= 12 ? joined(words) : null;
    j = k - 1;
  }
  // "Rep. Jim Clyburn (D-S.C.) said", "Jim Jordan (R-Ohio), a panel member, said": skip the bracket.
  if (tokens[j]?.text === ')') {
    let k = j - 1;
    while (k >= from && k > j - 10 && tokens[k]!.text !== '(') k--;
    if (k < from || tokens[k]!.text !== '(') return null;
    j = k - 1;
  }
  const token = tokens[j];
  if (!token || token.punct) return null;
  const pronoun = pronounOf(token);
  if (pronoun) return { kind: 'pronoun', text: pronoun, role: null, start: token.start };
  if (isNameToken(token)) {
    let first = Math.max(nameRunBackFrom(tokens, j), from);
    // "Paul D. Ryan of Wisconsin lamented", "Jeffrey Lewis of the James Martin Center for
    // Nonproliferation Studies wrote": the person, not the place or the institution.
    // Not "Secretary of State John Kerry": there the words before "of" are the title.
    for (let hop = 0; hop < AFFILIATION_HOPS; hop++) {
      // "the Institute for Science and International Security": "and" inside an institution's name.
      const joinedTo = tokens[first - 2];
      if (tokens[first - 1]?.lower === 'and' && first - 2 >= from && joinedTo && isNameToken(joinedTo)) {
        const start = Math.max(nameRunBackFrom(tokens, first - 2), from);
        if (AFFILIATION_LINKS.has(tokens[start - 1]?.lower ?? '')) first = start;
      }
      let link = first - 1;
      // "of Washington’s Institute for …": the possessive is the institution's place.
      if (tokens[link]?.possessive && tokens[link]!.capital && link > from) link--;
      if (tokens[link]?.lower === 'the') link--;
      const owner = tokens[link - 1];
      if (!AFFILIATION_LINKS.has(tokens[link]?.lower ?? '') || link - 1 < from || !owner || !isNameToken(owner) || TITLE_WORDS.has(owner.lower)) break;
      j = link - 1;
      first = Math.max(nameRunBackFrom(tokens, j), from);
    }
    // "a supporter at a rally in Denver repeated": a place is no subject.
    if (PLACE_PREPOSITIONS.has(tokens[first - 1]?.lower ?? '')) return null;
    // "the Benghazi attacks", "a Donald Trump tweet": a name modifying a noun is not a subject.
    if (ARTICLES.has(tokens[first - 1]?.lower ?? '') && NOUN_CUES.has(tokens[cue.index]!.lower)) return null;
    // "spokesperson Mumtaz Zahra Baloch said": lower-case title words before the name are its role.
    let k = first;
    while (k - 1 >= from && k > first - 3 && TITLE_WORDS.has(tokens[k - 1]!.lower) && !tokens[k - 1]!.capital) k--;
    // "Alixandria Lapp, executive director of the House Majority PAC, said": a name inside a
    // description speaks for the person the description follows.
    const owner = describedPerson(tokens, k, from) ?? firstOfPair(tokens, k, from);
    if (owner) return owner;
    // "one of the former prosecutors for Pervez Musharraf said": the name is the object of a
    // description, which does the speaking; a title before it makes a role ("a spokesman for Sharif").
    const linked = tokens[first - 2];
    if (AFFILIATION_LINKS.has(tokens[first - 1]?.lower ?? '') && first - 2 >= from && linked && !linked.capital && !linked.punct && !TITLE_WORDS.has(linked.lower)) return null;
    // "Another source speaking to Geo News said": the name a participle speaks to; the subject is
    // before the participle.
    if (tokens[first - 1]?.lower === 'to' && first - 2 > from && linked && !linked.capital && linked.lower.endsWith('ing')) {
      return mentionBefore(tokens, { ...cue, index: first - 2 }, from);
    }
    const mention = nameMention(tokens.slice(first, j + 1), appositive);
    return mention && !mention.role && k < first ? { ...mention, role: joined(tokens.slice(k, first)) } : mention;
  }
  // "Clinton’s campaign said": the campaign, office or statement of a person speaks as that person.
  const owned = ownerSpeaking(tokens, j, from);
  if (owned) return owned;
  // Unnamed sources with no determiner: "police said", "security sources told", "residents and officials said".
  const group = bareGroupBefore(tokens, j, from);
  if (group) return group;
  // A description ending at the cue: "the defence minister said", "a senior official told".
  for (let k = j; k >= from && k > j - 5; k--) {
    if (tokens[k]!.punct || CLAUSE_WORDS.has(tokens[k]!.lower)) return null;
    if (DETERMINERS.has(tokens[k]!.lower)) {
      if (k === j) return null;
      // "Her campaign said": the campaign speaks for whom "her" means.
      const owner = POSSESSIVE_PRONOUNS.get(tokens[k]!.lower);
      if (owner && VOICES.has(tokens[j]!.lower)) return { kind: 'pronoun', text: owner, role: null, start: tokens[k]!.start };
      // "Sharif in his budget speech called": the phrase says where or when, the subject stands before it.
      const preposition = tokens[k - 1];
      if (preposition && k - 1 > from && SETTING_PREPOSITIONS.has(preposition.lower)) {
        const subject = mentionBefore(tokens, { ...cue, index: k - 1 }, from);
        if (subject) return subject;
      }
      // "the April terrorist attack", "a Trump tweet": a cue that is also a noun ends the phrase it heads.
      if (ARTICLES.has(tokens[k]!.lower) && NOUN_CUES.has(tokens[cue.index]!.lower)) return null;
      return { kind: 'nominal', text: joined(tokens.slice(k, j + 1)), role: appositive, start: tokens[k]!.start };
    }
  }
  return null;
}

// How many words a description before an aside may hold: "the martyred officer's father".
const ASIDE_DESCRIPTION_WORDS = 5;

/** "His mother", "the martyred officer's father": a short description ending at `j`, opened by a determiner. */
function descriptionEndingAt(tokens: Token[], j: number, from: number): Mention | null {
  for (let k = j - 1; k >= from && k >= j - ASIDE_DESCRIPTION_WORDS; k--) {
    const token = tokens[k]!;
    if (token.punct || CLAUSE_WORDS.has(token.lower)) return null;
    if (!DETERMINERS.has(token.lower)) continue;
    const before = tokens[k - 1];
    // It opens its clause: "…. His mother, …, said", not "met his mother, who said".
    if (before && k - 1 >= from && !before.punct && !CLAUSE_OPENERS.has(before.lower)) return null;
    const owner = POSSESSIVE_PRONOUNS.get(token.lower);
    if (owner && VOICES.has(tokens[j]!.lower)) return { kind: 'pronoun', text: owner, role: null, start: token.start };
    return { kind: 'nominal', text: joined(tokens.slice(k, j + 1)), role: null, start: token.start };
  }
  return null;
}

// Words before a name that make it the one spoken to or met, not a speaker: "told X", "met X".
const ADDRESSEE_BEFORE = new Set(['told', 'tells', 'tell', 'to', 'with', 'asked', 'asks', 'interviewed', 'informed', 'briefed', 'urged', 'thanked', 'met', 'called', 'assured', 'reassured']);

// Nouns for unnamed sources and groups that speak without a determiner: "police said", "security
// sources told", "officials said". Kept as the text's noun phrase, as an analyst would cite them.
const GROUP_SOURCES = new Set([
  'police', 'officials', 'sources', 'source', 'residents', 'witnesses', 'eyewitnesses', 'locals', 'villagers', 'authorities', 'officers',
  'analysts', 'experts', 'activists', 'lawmakers', 'protesters', 'protestors', 'relatives', 'prosecutors', 'investigators', 'rescuers',
  'doctors', 'diplomats', 'militants', 'insurgents', 'demonstrators', 'elders', 'critics', 'observers', 'supporters', 'leaders',
  'members', 'troops', 'soldiers', 'forces', 'organisers', 'organizers', 'family', 'families', 'students', 'traders', 'farmers',
  'workers', 'medics', 'aides', 'insiders', 'spokespeople', 'representatives', 'participants', 'speakers', 'survivors', 'parents',
]);
// How many words an unnamed source's phrase may hold: "senior security officials", "police and prosecutors".
const GROUP_WORDS = 4;

/** "police", "security sources": an unnamed source as bareGroupBefore/After read it, with no determiner. */
export function isGroupSource(text: string): boolean {
  const space = text.indexOf(' ');
  const first = (space === -1 ? text : text.slice(0, space)).toLowerCase();
  return !DETERMINERS.has(first) && GROUP_SOURCES.has(lastWordOf(text).toLowerCase());
}

/** A lower-case word that may modify or join a source noun: "security", "local", "and". */
function groupWord(token: Token): boolean {
  return !token.punct && !token.capital && (token.lower === 'and' || !isStopword(token.lower)) && !isVerbOnlyCue(token.lower) && !PRONOUNS.has(token.lower);
}

/**
 * "police said", "security sources told": a phrase of lower-case words ending in a source noun, right
 * before the cue and opening its clause (after punctuation, a clause word or the text's start). The
 * first word may be capitalised at a sentence start ("Security sources said").
 */
function bareGroupBefore(tokens: Token[], j: number, from: number): Mention | null {
  const head = tokens[j];
  if (!head || !GROUP_SOURCES.has(head.lower)) return null;
  let k = j;
  while (k - 1 >= from && k > j - GROUP_WORDS + 1 && groupWord(tokens[k - 1]!)) k--;
  // "and" joins two sources; it never opens one.
  while (k < j && tokens[k]!.lower === 'and') k++;
  const before = tokens[k - 1];
  if (k - 1 >= from && before && !before.punct && !CLAUSE_OPENERS.has(before.lower)) {
    // A capitalised first word opening the sentence: "Security sources said".
    if (!(before.capital && groupWord({ ...before, capital: false }) && (k - 2 < from || tokens[k - 2]!.punct))) return null;
    k--;
  }
  if (head.capital && k !== j) return null;
  return { kind: 'nominal', text: joined(tokens.slice(k, j + 1)), role: null, start: tokens[k]!.start };
}

/** "according to police", "said security officials": the same phrase right after the cue. */
function bareGroupAfter(tokens: Token[], i: number): Mention | null {
  let end = i;
  while (end < tokens.length && end < i + GROUP_WORDS && groupWord(tokens[end]!)) end++;
  // The phrase ends at its last source noun: "said police officials on Monday".
  while (end > i && !GROUP_SOURCES.has(tokens[end - 1]!.lower)) end--;
  if (end === i || tokens[i]!.lower === 'and') return null;
  const next = tokens[end];
  // "said police had …": a verb after it makes the phrase the start of what was said.
  if (next && !next.punct && !['on', 'in', 'at', 'from', 'of', 'who', 'familiar'].includes(next.lower)) return null;
  return { kind: 'nominal', text: joined(tokens.slice(i, end)), role: null, start: tokens[i]!.start };
}

// Words that may stand before a clause's subject: "…, and Asif said", "while Chaudhry told".
const CLAUSE_OPENERS = new Set(['which', 'who', 'whom', 'and', 'but', 'while', 'when', 'as', 'that', 'because', 'so', 'then', 'after', 'before', 'though', 'although', 'since', 'where', 'meanwhile']);
const PRONOUN_GENDER = new Map([['he', 1], ['she', -1]]);
// A title says it outright; a pronoun after a name may mean someone else: a title outweighs a few.
const TITLE_GENDER_WEIGHT = 3;
const TITLE_GENDER = new Map([
  ['mr', 1], ['mr.', 1], ['mrs', -1], ['mrs.', -1], ['ms', -1], ['ms.', -1], ['congressman', 1], ['congresswoman', -1], ['spokesman', 1],
  ['spokeswoman', -1], ['chairman', 1], ['chairwoman', -1], ['assemblyman', 1], ['assemblywoman', -1], ['king', 1], ['queen', -1],
  ['prince', 1], ['princess', -1], ['begum', -1], ['sahib', 1], ['sahiba', -1], ['businessman', 1], ['businesswoman', -1],
]);
// How many tokens after a name its gender may be read from the first pronoun.
const GENDER_REACH = 40;
// How many clause subjects back a pronoun may reach for a person of the right kind.
const SUBJECT_LOOKBACK = 12;

/** A person or organisation named at `start` (in sentence `sentence` of the body, found when first needed). */
export interface Referent {
  start: number;
  name: string;
  sentence?: number;
  /** Opens its clause ("Asif dismissed…"), or speaks a quotation. */
  subject: boolean;
}

const NEWLINE = 0x0a;
const MODIFIED_NOUNS = new Set([...TITLE_WORDS, ...VOICES, 'elders', 'podcast', 'show', 'program', 'programme', 'newspaper', 'network', 'delegation', 'voters', 'supporters', 'residents', 'officials', 'leaders', 'aides', 'advisers']);
const PLACE_PREPOSITIONS = new Set(['in', 'near', 'across', 'throughout', 'outside', 'inside', 'around']);
const LOCATIVE = new Set(['in', 'at', 'from', 'across', 'near', 'throughout', 'outside', 'inside', 'around', 'into']);
// How many people named (or quoted) a pronoun looks back over at most: a text with no full stop
// would otherwise make every pronoun walk back over the whole text.
const REFERENT_CANDIDATES = 64;
// How many sentences back a pronoun may look for the person it stands for.
const REFERENT_SENTENCES = 4;

// Abbreviated titles, spelt out so that "Sen. Rubio" is "the senator".
const TITLE_ABBREVIATIONS = new Map([
  ['sen', 'senator'], ['rep', 'representative'], ['gov', 'governor'], ['gen', 'general'], ['lt', 'lieutenant'], ['col', 'colonel'],
  ['maj', 'major'], ['capt', 'captain'], ['adm', 'admiral'], ['sgt', 'sergeant'], ['supt', 'superintendent'], ['prof', 'professor'],
  ['dr', 'doctor'], ['pres', 'president'], ['congressman', 'representative'], ['congresswoman', 'representative'],
]);

/** The names filed under every one of `keys` (none when there are no keys), in the order filed. */
function holdingAll(index: Map<string, Set<string>>, keys: string[]): string[] {
  if (keys.length === 0) return [];
  const sets = keys.map((key) => index.get(key));
  if (sets.some((set) => set === undefined)) return [];
  const [smallest, ...rest] = (sets as Set<string>[]).sort((a, b) => a.size - b.size);
  return [...smallest!].filter((name) => rest.every((set) => set.has(name)));
}

/** The title words of a role or description, spelt out, honorifics left aside. */
function titleWords(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/\s+/)) {
    const word = raw.replace(/\.$/, '');
    if (!TITLE_WORDS.has(word) || HONORIFICS.has(word)) continue;
    out.push(TITLE_ABBREVIATIONS.get(word) ?? word);
  }
  return out;
}

// How many lower-case words may stand between a modifying name and its noun ("Republican presidential candidate").
const MODIFIER_REACH = 3;

/** Whether the words from tokens[end] are a noun the name before them modifies. */
function modifiesNoun(tokens: Token[], end: number): boolean {
  for (let k = end; k < tokens.length && k < end + MODIFIER_REACH; k++) {
    const token = tokens[k]!;
    if (token.punct || token.capital) return false;
    // "Republican partners", "PPP senators": a plural of the nouns too.
    if (MODIFIED_NOUNS.has(token.lower) || (token.lower.endsWith('s') && MODIFIED_NOUNS.has(token.lower.slice(0, -1)))) return true;
    // "Clinton told campaign staff": a verb first makes the name its subject.
    if (isStopword(token.lower) || CUES.has(token.lower)) return false;
  }
  return false;
}

const OBJECT_PREPOSITIONS = new Set(['of', 'on', 'for', 'at', 'in', 'from', 'with', 'by', 'about', 'against', 'to', 'into', 'over', 'under']);

/**
 * Whether the name run tokens[start, end) is reported as speaking: "…, Stovall said." or "said James
 * Henson, director of …". A later "he said" most likely continues that voice.
 */
function reportsSpeech(tokens: Token[], start: number, end: number): boolean {
  // "According to Ham, the administration has …": the source of what the sentence reports.
  if (tokens[start - 1]?.lower === 'to' && tokens[start - 2]?.lower === 'according') return true;
  if (whoSays(tokens, end)) return true;
  // "the Commission on Presidential Debates announced": the name is inside the speaker's, not it.
  if (OBJECT_PREPOSITIONS.has(tokens[start - 1]?.lower ?? '')) return false;
  // "Ryan did not exude confidence when Tapper asked whether …": speech in a clause set inside
  // another is not what the sentence reports.
  // Not "as" ("…, as Asif said") nor "asked" ("…, asked Asif"): those attribute the sentence.
  const opener = tokens[start - 1];
  if (opener && !opener.capital && SUBORDINATE_OPENERS.has(opener.lower) && opener.lower !== 'as' && opener.lower !== 'asked') return false;
  let j = end;
  while (j < tokens.length && j < end + 3 && BETWEEN_SUBJECT_AND_CUE.has(tokens[j]!.lower)) j++;
  if (j < tokens.length && SPEECH.has(tokens[j]!.lower) && !tokens[j]!.capital) return true;
  const before = tokens[start - 1];
  if (before === undefined || !SPEECH.has(before.lower) || before.capital || tokens[start - 2]?.text !== ',') return false;
  // "Ada Fisher, an RNC member, said Trump will do well": a verb after the name makes it the
  // subject of what was said, not its speaker.
  const after = tokens[end];
  return after === undefined || after.punct;
}

// How far past a name its appositive may run before ", who said": "Sen. Dianne Feinstein of
// California, the ranking Democrat on the Senate Intelligence Committee, who said".
const WHO_REACH = 24;

/** Whether the name ending before tokens[end] is the one a relative clause reports speaking: "…, who said". */
function whoSays(tokens: Token[], end: number): boolean {
  // Only past an appositive or affiliation: in "Obama wasn’t treated … by listeners, who wondered" the
  // clause is about someone else.
  const next = tokens[end]?.lower ?? '';
  if (next !== ',' && !AFFILIATION_LINKS.has(next)) return false;
  for (let k = end; k < tokens.length && k < end + WHO_REACH; k++) {
    const token = tokens[k]!;
    // "Imran Khan and Nawaz Sharif, who said": the clause is the nearer name's.
    if (endsSentence(token) || token.text === ';' || token.lower === 'and' || token.lower === 'or') return false;
    if (token.lower !== 'who') continue;
    if (tokens[k - 1]?.text !== ',') return false;
    let j = k + 1;
    while (j < tokens.length && j < k + 4 && BETWEEN_SUBJECT_AND_CUE.has(tokens[j]!.lower)) j++;
    return SPEECH.has(tokens[j]?.lower ?? '');
  }
  return false;
}

/** A name run tokens[start, end) that opens a clause and is followed by its verb (or an appositive). */
function opensClause(tokens: Token[], start: number, end: number): boolean {
  const before = tokens[start - 1];
  const after = tokens[end];
  if (before && !before.punct && !CLAUSE_OPENERS.has(before.lower)) return false;
  return after !== undefined && (after.text === ',' || (!after.punct && !after.capital));
}

// A line with this many capitalised words and no lower-case word but function words is a headline.
const HEADLINE_WORDS = 5;

/**
 * Marks the tokens of headline lines ("Clinton Wades In: Urges Britain to Remain In European Union."):
 * lines of title-case words, which a body often opens with or uses as subheadings.
 */
function headlineTokens(tokens: Token[], body: string): Uint8Array {
  const marks = new Uint8Array(tokens.length);
  let lineStart = 0;
  let capitals = 0;
  let lower = 0;
  const close = (end: number): void => {
    if (capitals >= HEADLINE_WORDS && lower === 0) marks.fill(1, lineStart, end);
    lineStart = end;
    capitals = 0;
    lower = 0;
  };
  const breakAfter = (from: number): number => {
    const at = body.indexOf('\n', from);
    return at === -1 ? Number.POSITIVE_INFINITY : at;
  };
  let nextBreak = breakAfter(0);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.start > nextBreak) {
      close(i);
      nextBreak = breakAfter(token.start);
    }
    // One lower-case word settles that the line is prose: most lines are, by their first few words,
    // and the rest of the line is skipped to the first token after its break.
    if (lower > 0) {
      i = firstTokenAtOrAfter(tokens, nextBreak + 1) - 1;
      continue;
    }
    if (token.punct) continue;
    if (token.capital) capitals++;
    else if (!isStopword(token.lower) && !isDigitCode(token.lower.charCodeAt(0))) lower++;
  }
  close(tokens.length);
  return marks;
}

/** A form of a name as an article uses it. */
interface NameForm {
  /** How often it occurs. */
  count: number;
  /** Where it is first used. */
  firstSeen: number;
  /** Where it is first used with a title or honorific before it ("President Obama", "Mr. Obama"), or Infinity. */
  firstTitled: number;
  /** Its words in lower case. */
  words: string[];
}

/**
 * The names an article uses, so a short mention ("Asif", "Mr. Chaudhry") is read as the fullest form
 * used ("Khawaja Asif") and keeps the title the article gave ("Defence Minister"). Built from every
 * run of capitalised words in the body: a name whose last word ends a longer name is that name.
 */
export class NameIndex {
  /** Every form of a name the article uses, in the order first seen. */
  private readonly forms = new Map<string, NameForm>();
  /** Every form of a name, by its last word (lower case), in the order first seen. */
  private readonly byLastWord = new Map<string, string[]>();
  private readonly roles = new Map<string, string>();
  private roleLookup: ReturnType<NameIndex['roleIndex']> | null = null;
  /** byRole's answers, by description. */
  private readonly describedPeople = new Map<string, string[]>();
  /** The offset of each sentence's first comma (or Infinity), found when first asked. */
  private readonly firstCommas = new Map<number, number>();
  private readonly roleCache = new Map<string, string | null>();
  /** Every form of a name, by each of its words in lower case, in the order first seen: what fullest() reads. */
  private readonly byWord = new Map<string, string[]>();
  /** Pronouns and repeated mentions ask for the same names again and again. */
  private readonly canonicalCache = new Map<string, string>();
  /** Names outside quotations that open a clause ("Asif dismissed…"), in order: what "he" refers to. */
  private readonly subjects: { start: number; name: string; token: number }[] = [];
  /** Gender votes per name, counted when first asked: positive for he, negative for she. */
  private genderVotes: Map<string, number> | null = null;

  /** Capitalised words seen inside a sentence, not only opening one: "However" and "Asked" never are. */
  private readonly midSentence = new Set<string>();
  /** Start offset and sentence number of each body token, for placing a position in its sentence. */
  private readonly tokens: Token[];
  private readonly quoted: readonly { start: number; end: number }[];
  private readonly body: string;
  private tokenSentences: Int32Array | null = null;
  /** The start offset of each token, filled with tokenSentences: sentenceAt searches these, not the token objects. */
  private tokenStarts: Int32Array | null = null;
  /** The first token of each sentence, filled with tokenSentences. */
  private readonly sentenceStarts: number[] = [];
  private readonly organisations = new Map<string, boolean>();
  /** Names the article puts right after "in", "across", "near", "throughout": places, whatever else they open. */
  private readonly places = new Set<string>();
  /** One-word names the text ever puts after "in", "from", "at", "into" …: where things happen. */
  private readonly located = new Set<string>();
  /** Canonical names the text makes the subject of a speech verb ("Law said"), built when first asked. */
  private speakersSeen: Set<string> | null = null;
  private readonly pronounSubjectSentences = new Map<string, Set<number>>();
  private readonly pronounOpenedSentences = new Map<string, Set<number>>();
  /** Every name outside quotations (possessives too: "Clinton’s website"), in order, with its sentence. */
  private readonly mentions: (Referent & { token: number; reports?: boolean })[] = [];
  /** Organisations named after "the" ("The CTD said"), kept apart from `mentions`, which pronouns read. */
  private readonly bodyMentions: (Referent & { token: number; reports?: boolean })[] = [];
  /**
   * Last word -> a full name the text gave only as an owner ("US President Donald Trump’s claims").
   * Not a form of the name (see `add`), but proof that the one-word name is somebody's.
   */
  private readonly ownedFullNames = new Map<string, string>();

  /**
   * `bodyTokens` are tokenize(body); `quoted` are the quotation spans in order: names inside them
   * count for the fullest form only.
   */
  constructor(bodyTokens: Token[], quoted: { start: number; end: number }[], body = '') {
    const headline = headlineTokens(bodyTokens, body);
    // "(Subscribe to our podcast.)": a bracket opens a sentence of its own, as a full stop does.
    for (let i = 1; i < bodyTokens.length; i++) {
      const token = bodyTokens[i]!;
      if (token.capital && !headline[i] && !endsSentence(bodyTokens[i - 1]!) && bodyTokens[i - 1]!.text !== '(') this.midSentence.add(token.text);
    }
    this.tokens = bodyTokens;
    this.quoted = quoted;
    this.body = body;
    let q = 0;
    // One past the last name read as a place, and whether it went into `places`.
    let placeEnd = -1;
    let placeListed = false;
    for (let i = 0; i < bodyTokens.length; ) {
      // "Jeb Bush Super PAC Chief Praises Marco Rubio Donor’s …": in a headline every word looks like
      // a name, and "Praises Marco Rubio" would become Rubio's fullest name.
      if (headline[i]) {
        i++;
        continue;
      }
      if (!isNameToken(bodyTokens[i]!)) {
        const token = bodyTokens[i]!;
        // "Clinton’s website": the owner is as much in mind as a subject for a later "she".
        if (token.capital && token.possessive && !token.punct) {
          while (q < quoted.length && quoted[q]!.end <= token.start) q++;
          const insideQuote = q < quoted.length && quoted[q]!.start <= token.start;
          const name = stripPossessive(token.text);
          if (!insideQuote && name && (this.midSentence.has(token.text) || name.length > 1)) {
            this.mentions.push({ start: token.start, name, token: i, subject: false });
          }
        }
        i++;
        continue;
      }
      const end = nameRunFrom(bodyTokens, i);
      // "Obama consultant Cornell Belcher picked up…": the clause's subject is the later name.
      const described = nameRunPastTitles(bodyTokens, i, false, end);
      // "FBI Director James Comey’s statement": the possessive ends the name, not "James".
      const owner = bodyTokens[end];
      const owned = described.start === i && owner !== undefined && owner.possessive && owner.capital && owner.start === bodyTokens[end - 1]!.end + 1;
      const mention = nameMention(owned ? [...bodyTokens.slice(i, end), withoutPossessive(owner)] : bodyTokens.slice(i, end), null);
      // A possessive is counted as no form of a name: "Bill Clinton’s wife" says little about who "Clinton" is.
      if (mention && !owned && this.isName(mention.text)) this.add(mention, i);
      if (owned) {
        while (q < quoted.length && quoted[q]!.end <= owner.start) q++;
        const insideQuote = q < quoted.length && quoted[q]!.start <= owner.start;
        if (mention && !insideQuote) this.mentions.push({ start: mention.start, name: mention.text, token: i, subject: false });
        if (mention && mention.text.includes(' ') && !this.ownedFullNames.has(lastWordOf(mention.text))) this.ownedFullNames.set(lastWordOf(mention.text), mention.text);
        i = end + 1;
        continue;
      }
      const subject = described.start === i ? mention : nameMention(bodyTokens.slice(described.start, described.end), null);
      if (subject && subject !== mention) this.add({ ...subject, role: subject.role ?? joined(bodyTokens.slice(end, described.start)) }, described.start);
      if (subject && this.isName(subject.text)) {
        while (q < quoted.length && quoted[q]!.end <= subject.start) q++;
        const insideQuote = q < quoted.length && quoted[q]!.start <= subject.start;
        // "from Iraq and Syria", "in Bangor, Maine,": a name joined to a place is a place too, and
        // opens no clause.
        const joiner = placeEnd > 0 && i - 1 === placeEnd ? bodyTokens[i - 1]!.text : '';
        const closed = bodyTokens[described.end]?.text;
        // After a comma only a region closed by punctuation: not "in Lahore, Sharif said".
        const joinedToPlace: boolean = ((joiner === 'and' || joiner === 'or') && !reportsSpeech(bodyTokens, described.start, described.end) && !cueAt(bodyTokens, described.end)) || (joiner === ',' && (closed === ',' || closed === '.'));
        const opens = !joinedToPlace && opensClause(bodyTokens, i, described.end);
        // "in North Carolina", "the United States": a place or a thing, not whom a later "he" means.
        const located = LOCATIVE.has(bodyTokens[i - 1]?.lower ?? '') || joinedToPlace;
        const place = located || bodyTokens[i]!.lower === 'the' || bodyTokens[i - 1]?.lower === 'the';
        const listed: boolean = (PLACE_PREPOSITIONS.has(bodyTokens[i - 1]?.lower ?? '') || (joinedToPlace && placeListed)) && described.start === i;
        if (listed) this.places.add(subject.text);
        if (located && described.start === i) this.located.add(subject.text);
        if (located) {
          placeEnd = described.end;
          placeListed = listed;
        }
        // "the Florida senator", "New Mexico governor", "Republican presidential candidate", "POLITICO's
        // Off Message podcast": a name modifying the noun after it is not the person a later "he" means.
        const modifier = !insideQuote && described.start === i && modifiesNoun(bodyTokens, described.end);
        if (!insideQuote && opens && !modifier) this.subjects.push({ start: subject.start, name: subject.text, token: described.start });
        if (!insideQuote && !place && !modifier) {
          const reports = reportsSpeech(bodyTokens, described.start, described.end);
          this.mentions.push({ start: subject.start, name: subject.text, token: described.start, subject: opens, reports });
        } else if (!insideQuote && !located && !modifier && this.isOrganisationName(subject.text)) {
          // "The CTD said", "the ISPR added": no person for "he", but a body the speaker ranking may credit.
          this.bodyMentions.push({ start: subject.start, name: subject.text, token: described.start, subject: opens, reports: reportsSpeech(bodyTokens, described.start, described.end) });
        }
      }
      i = described.end;
    }
  }

  /**
   * Numbers the sentences, once, when a pronoun first asks: a new one after a full stop outside a
   * quotation, after one closing a quotation when a capital follows ("…do so.” Morris says"), and at
   * each line break.
   */
  private sentences(): Int32Array {
    if (this.tokenSentences) return this.tokenSentences;
    const { tokens, quoted, body } = this;
    const sentences = new Int32Array(tokens.length);
    const starts = new Int32Array(tokens.length);
    let sentence = 0;
    let q = 0;
    let previousQuote = -1;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      while (q < quoted.length && quoted[q]!.end <= token.start) q++;
      const quote = q < quoted.length && quoted[q]!.start <= token.start ? q : -1;
      if (i > 0) {
        const previous = tokens[i - 1]!;
        let stop = endsSentence(previous) && (previousQuote === -1 || (quote !== previousQuote && token.capital));
        for (let c = previous.end; !stop && c < token.start; c++) stop = body.charCodeAt(c) === NEWLINE;
        if (stop) sentence++;
      }
      if (i === 0 || sentences[i - 1] !== sentence) this.sentenceStarts.push(i);
      sentences[i] = sentence;
      starts[i] = token.start;
      previousQuote = quote;
    }
    this.tokenStarts = starts;
    return (this.tokenSentences = sentences);
  }

  /** The sentences whose clause subject is "he" (or "she"), outside quotations, found when first asked. */
  private pronounSubjects(pronoun: string): Set<number> {
    let found = this.pronounSubjectSentences.get(pronoun);
    if (found) return found;
    found = new Set();
    this.pronounSubjectSentences.set(pronoun, found);
    const opened = new Set<number>();
    this.pronounOpenedSentences.set(pronoun, opened);
    const sentences = this.sentences();
    const { tokens, quoted } = this;
    let q = 0;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.lower !== pronoun) continue;
      while (q < quoted.length && quoted[q]!.end <= token.start) q++;
      if (q < quoted.length && quoted[q]!.start <= token.start) continue;
      const before = tokens[i - 1];
      const after = tokens[i + 1];
      if ((before === undefined || before.punct || CLAUSE_OPENERS.has(before.lower)) && after && !after.punct && !after.capital) {
        found.add(sentences[i]!);
        if (this.sentenceStarts[sentences[i]!] === i) opened.add(sentences[i]!);
      }
    }
    return found;
  }

  /** The sentences that open with "he" (or "she") as their subject, outside quotations. */
  private pronounOpens(pronoun: string): Set<number> {
    this.pronounSubjects(pronoun);
    return this.pronounOpenedSentences.get(pronoun)!;
  }

  /** Whether the sentence holding token `at` opens with a subordinate clause or participle phrase. */
  private opensSubordinate(sentence: number): boolean {
    this.sentences();
    const opener = this.tokens[this.sentenceStarts[sentence] ?? -1];
    if (!opener?.capital) return false;
    // "Pressed on whether …": a participle, capitalised only because it opens the sentence.
    return SUBORDINATE_OPENERS.has(opener.lower) || ((opener.lower.endsWith('ed') || opener.lower.endsWith('ing')) && !this.isName(opener.text));
  }

  /**
   * Whether `position` comes before the first comma of sentence `sentence`. The comma is found once
   * per sentence: a long sentence full of "he said “…”" would otherwise be walked once per speaker.
   */
  private beforeFirstComma(position: number, sentence: number): boolean {
    let comma = this.firstCommas.get(sentence);
    if (comma === undefined) {
      const { tokens } = this;
      const sentences = this.sentences();
      comma = Number.POSITIVE_INFINITY;
      for (let i = this.sentenceStarts[sentence] ?? tokens.length; i < tokens.length && sentences[i] === sentence; i++) {
        if (tokens[i]!.text === ',') {
          comma = tokens[i]!.start;
          break;
        }
      }
      this.firstCommas.set(sentence, comma);
    }
    return position <= comma;
  }

  /** isOrganisation, remembered: a pronoun asks about the same few names again and again. */
  private isOrganisationName(name: string): boolean {
    let known = this.organisations.get(name);
    if (known === undefined) this.organisations.set(name, (known = isOrganisation(name)));
    return known;
  }

  /** The sentence number of the token at or before `position`. */
  sentenceAt(position: number): number {
    const sentences = this.sentences();
    const starts = this.tokenStarts!;
    // The first token starting after `position`, by binary search.
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : sentences[lo - 1]!;
  }


  /**
   * Whom "he" or "she" at `position` refers to: in the nearest sentence before it that names a
   * fitting person, the speaker of a quotation there or the person reported speaking ("…, Stovall
   * said."), else the clause subject (a speaker inside an opening "When …," clause ranks as one),
   * else the first named.
   * `speakers` are the people quoted so far, with the offsets of their mentions. Null when no
   * fitting person is named within a few sentences.
   */
  referent(position: number, pronoun: string, speakers: Referent[]): Referent | null {
    // Someone quoted is no place, though the article once puts the name after "in" ("someone in Paul Ryan who").
    const fits = (name: string, speaker: boolean): boolean =>
      !this.isOrganisationName(name) && (speaker || !this.isPlaceKnown(name)) && this.fitsPronoun(name, pronoun) && (speaker || this.isPersonKnown(name));
    const here = this.sentenceAt(position);
    let sentence = -1;
    let best = null as Referent | null;
    let rank = 0;
    // Of two candidates of one rank in one sentence, `earlier` keeps the first in the text, else the last.
    const consider = (candidate: Referent & { sentence: number }, candidateRank: number, earlier: boolean): void => {
      if (candidate.sentence < here - REFERENT_SENTENCES || candidate.sentence < sentence) return;
      const tie = candidateRank === rank && best !== null && (earlier ? candidate.start < best.start : candidate.start > best.start);
      if (candidate.sentence > sentence || candidateRank > rank || tie) {
        sentence = candidate.sentence;
        best = candidate;
        rank = candidateRank;
      }
    };
    for (let i = speakers.length - 1; i >= 0 && i >= speakers.length - REFERENT_CANDIDATES; i--) {
      const speaker = speakers[i]!;
      if (speaker.start >= position) continue;
      const at = (speaker.sentence ??= this.sentenceAt(speaker.start));
      if (at < sentence || at < here - REFERENT_SENTENCES) break;
      // "When Maddow said Sanders calls it “Medicare for all,” Clinton seized on it": a speaker in a
      // clause set before the main one is no likelier than its subject.
      const subordinate = this.opensSubordinate(at) && this.beforeFirstComma(speaker.start, at);
      if (fits(speaker.name, true)) consider({ ...speaker, sentence: at }, subordinate ? 2 : 3, false);
    }
    const sentences = this.sentences();
    let m = firstAtOrAfter(this.mentions, position) - 1;
    for (const last = m; m >= 0 && m > last - REFERENT_CANDIDATES; m--) {
      const mention = this.mentions[m]!;
      const at = sentences[mention.token]!;
      if (at < sentence || at < here - REFERENT_SENTENCES) break;
      const name = this.canonical(mention.name);
      // "… he also hosted Bush": a sentence whose subject is this same pronoun goes on about the
      // person before it, not about the other people it names.
      // Nor, when the pronoun opens it, the subjects of its later clauses: "He said he plans to thank
      // his donors and Republican partners".
      // A name opening the sentence is what it is about, though: "Suu Kyi's fate is unclear, but she said …".
      // Not for "they", which quotes.ts asks with for a guess: "… the reasons that they should act.
      // “…”" is no sentence about the person before it, just one with a "they" in it.
      const opens = this.sentenceStarts[at] === mention.token;
      if (pronoun !== 'they' && !mention.reports && !opens && (mention.subject ? this.pronounOpens(pronoun) : this.pronounSubjects(pronoun)).has(at)) continue;
      // Walking back, an earlier mention of the same rank wins: the sentence's first name; unless the
      // sentence opens with a subordinate clause ("Asked whether Trump …, Ban demurred"), whose
      // subjects come before the main one.
      if (fits(name, false)) consider({ start: mention.start, name, sentence: at, subject: mention.subject }, mention.reports ? 3 : mention.subject ? 2 : 1, !this.opensSubordinate(at));
    }
    return best;
  }

  /**
   * Which of he/she refers to each person, read from the text rather than from a list of first
   * names: the first he or she after a clause that a name opens ("Asif said … He added") votes for
   * it, and so does a gendered title before the name ("Mrs.", "spokeswoman", "Begum"). Used only to
   * skip a wrong-gender candidate when resolving a pronoun.
   */
  private learnGenders(): Map<string, number> {
    const tokens = this.tokens;
    const votes = (this.genderVotes = new Map<string, number>());
    let m = 0;
    const quoted = this.quoted;
    this.subjects.forEach((subject, s) => {
      const bound = Math.min(tokens.length, this.subjects[s + 1]?.token ?? tokens.length);
      let until = Math.min(bound, subject.token + GENDER_REACH);
      while (m < this.mentions.length && this.mentions[m]!.token <= subject.token) m++;
      const nextName = this.mentions[m]?.token ?? tokens.length;
      let q = firstAtOrAfter(quoted, tokens[subject.token]!.start);
      let afterQuote = false;
      for (let i = subject.token + 1; i < until; i++) {
        // "…,” Jake Sullivan said: “… She has always valued …”": inside a quotation the speaker is "I".
        // Nor do quoted words count in the reach: "Alvi described the attack as “…” And he made a
        // point"; but past it, a pronoun right after a quotation ("“…” he said") is its speaker's.
        const start = tokens[i]!.start;
        while (q < quoted.length && quoted[q]!.end <= start) q++;
        if (q < quoted.length && quoted[q]!.start <= start) {
          // Jump past the quotation at once, stretching the reach by the words skipped.
          const past = firstTokenAtOrAfter(tokens, quoted[q]!.end);
          until = Math.min(bound, until + past - i);
          i = past - 1;
          afterQuote = true;
          continue;
        }
        const justAfterQuote = afterQuote;
        afterQuote = false;
        const first = tokens[i]!.lower.charCodeAt(0);
        if (first !== LOWER_H && first !== LOWER_S) continue;
        const vote = PRONOUN_GENDER.get(pronounOf(tokens[i]!) ?? '');
        // The first he or she after the clause, before the next clause a name opens; past another
        // name ("Imran Khan attacked Maryam Nawaz, saying she lied") only as the subject of a speech
        // verb ("He added"): in "Ruhle asked Flynn to describe Putin. He did not" he is Flynn.
        if (vote === undefined) continue;
        if (justAfterQuote && i >= subject.token + GENDER_REACH) break;
        // "Pate claimed in an interview with Breitbart News that he’s …": after "that", the subject.
        if (i > nextName && !(tokens[i - 1]!.lower === 'that' || cueAt(tokens, i + 1)?.speakerAfter)) break;
        const name = this.canonical(subject.name);
        votes.set(name, (votes.get(name) ?? 0) + vote);
        break;
      }
    });
    // "Mrs. Clinton", "Congresswoman Gwen Graham", "spokesman Brian Fallon": the title tells.
    for (const mention of this.mentions) {
      let first = mention.token;
      while (first < tokens.length && tokens[first]!.start < mention.start) first++;
      // Only the titles right before the name: "Mrs. Clinton met Trump" says nothing of Trump.
      for (let k = first - 1; k >= 0 && k >= first - 3; k--) {
        const word = tokens[k]!.lower;
        const vote = TITLE_GENDER.get(word);
        if (vote !== undefined) {
          const name = this.canonical(mention.name);
          votes.set(name, (votes.get(name) ?? 0) + vote * TITLE_GENDER_WEIGHT);
          break;
        }
        if (!TITLE_WORDS.has(word.endsWith('.') ? word.slice(0, -1) : word)) break;
      }
    }
    return votes;
  }

  /** Whether "he" or "she" may refer to this person: not when the text says otherwise. */
  fitsPronoun(name: string, pronoun: string): boolean {
    // "Security Forces", "officials": a group of people is "they", never "it".
    if (pronoun === 'it' && isGroupSource(name)) return false;
    const gender = this.genderOf(name);
    return gender === null || (pronoun !== 'he' && pronoun !== 'she') || gender === pronoun;
  }

  private genderVotesOf(name: string): number {
    return (this.genderVotes ?? this.learnGenders()).get(this.canonical(name)) ?? 0;
  }

  /** 'he', 'she', or null when the text does not tell. */
  genderOf(name: string): 'he' | 'she' | null {
    const votes = (this.genderVotes ?? this.learnGenders()).get(this.canonical(name)) ?? 0;
    return votes > 0 ? 'he' : votes < 0 ? 'she' : null;
  }

  /**
   * A name the article puts after a place preposition ("in", "near", …) or joins to a place ("Iraq
   * and Syria", "Tulsa, Oklahoma,"), and never gives a title ("Speaker Paul Ryan" is a person
   * wherever he is put).
   */
  private isPlace(name: string): boolean {
    return (this.places.has(name) || COUNTRIES.has(name.toLowerCase())) && !this.isTitled(name);
  }

  /** Whether the article gave this name a title ("President Obama", "Lt Gen Chaudhry"). */
  private isTitled(name: string): boolean {
    const role = this.role(name);
    return role !== null && this.roleIndex().titlesOf.get(role)!.length > 0;
  }

  /**
   * Whether a name is a person's as far as the text shows: a full name, one the text calls he or
   * she, or one it gives a title ("President Obama"); "Syria" and "Republicans" are none of these.
   */
  private isPerson(name: string): boolean {
    // "Deputy Prime Minister …": the office read as a name is nobody in particular.
    if (titlesOnly(name)) return false;
    if (this.isTitled(name)) return true;
    // "Pakistan reaffirmed …", "India forgot …": a country reports speech and collects gender votes
    // from the pronouns around it, but is never "he".
    if (COUNTRIES.has(name.toLowerCase())) return false;
    if (name.includes(' ')) return !isThingName(name);
    // "Durbin" is the surname of the "Richard J. Durbin" the text gave in full.
    const full = this.canonical(name);
    if (full.includes(' ')) return !isThingName(full);
    // "Pakistan reaffirmed …, he said": a country opening a clause gathers a gender vote from the
    // pronoun after it; a lone one-word name is taken for a person only when the text says so twice
    // or makes it report speech ("Law said"), and never when it also puts it after "in" or "from".
    if (this.places.has(name) || this.located.has(name)) return false;
    // "US President Donald Trump’s claims … Trump has": the full name, given only as an owner, says who.
    const owned = this.ownedFullNames.get(name);
    if (owned && !isThingName(owned) && !this.isOrganisationName(owned)) return true;
    // "Dr. Ata-ur-Rehman said": a one-word name the text once wrote after a title or honorific.
    if ((this.forms.get(full)?.firstTitled ?? this.forms.get(name)?.firstTitled ?? Number.POSITIVE_INFINITY) < Number.POSITIVE_INFINITY) return true;
    const votes = Math.abs(this.genderVotesOf(name));
    if (votes === 0) return false;
    return votes >= 2 || this.reportsSpeech(full);
  }

  /** Whether the text makes this name the subject of a speech verb anywhere ("Law said"). */
  private reportsSpeech(canonical: string): boolean {
    if (!this.speakersSeen) {
      this.speakersSeen = new Set();
      for (const list of [this.mentions, this.bodyMentions]) for (const m of list) if (m.reports) this.speakersSeen.add(this.canonical(m.name));
    }
    return this.speakersSeen.has(canonical);
  }

  /** A one-word "name" seen only opening sentences ("However", "Asked") is an ordinary word. */
  isName(name: string): boolean {
    return name.includes(' ') || this.midSentence.has(name);
  }

  /** Counts a form of a name; `from` is the index of a token at or before the mention's first. */
  private add(mention: Mention, from: number): void {
    const { tokens } = this;
    let first = from;
    while (tokens[first]!.start < mention.start) first++;
    let form = this.forms.get(mention.text);
    if (!form) {
      const words = this.wordsOf(mention.text, first);
      form = { count: 0, firstSeen: mention.start, firstTitled: Number.POSITIVE_INFINITY, words };
      this.forms.set(mention.text, form);
      for (const word of words) {
        let withWord = this.byWord.get(word);
        if (!withWord) this.byWord.set(word, (withWord = []));
        withWord.push(mention.text);
      }
      const last = words[words.length - 1]!;
      let sameLast = this.byLastWord.get(last);
      if (!sameLast) this.byLastWord.set(last, (sameLast = []));
      sameLast.push(mention.text);
    }
    form.count++;
    if (form.firstTitled === Number.POSITIVE_INFINITY) {
      const before = tokens[first - 1];
      if (before && TITLE_WORDS.has(before.lower)) form.firstTitled = mention.start;
    }
    if (mention.role && !this.roles.has(mention.text)) this.roles.set(mention.text, mention.role);
  }

  /**
   * The lower-case words of a name read from the body tokens starting at tokens[first], joined by
   * single spaces: the tokens already hold them, so the name is not lower-cased and split again.
   */
  private wordsOf(name: string, first: number): string[] {
    const { tokens } = this;
    const words = [tokens[first]!.lower];
    let length = tokens[first]!.text.length;
    for (let k = first + 1; length < name.length && k < tokens.length; k++) {
      words.push(tokens[k]!.lower);
      length += 1 + tokens[k]!.text.length;
    }
    return length === name.length ? words : name.toLowerCase().split(' ');
  }

  /** A name's words in lower case: those of its form, when the article uses it. */
  private lowerWords(name: string): string[] {
    return this.forms.get(name)?.words ?? name.toLowerCase().split(' ');
  }

  /** A longer name the article uses that ends like this one and contains all its words ("Asif" → "Khawaja Asif"). */
  canonical(name: string): string {
    let known = this.canonicalCache.get(name);
    if (known === undefined) this.canonicalCache.set(name, (known = this.fullest(name)));
    return known;
  }

  private fullest(name: string): string {
    // "Al-Awlaki" opening a sentence is "Anwar al-Awlaki": words compare without case.
    const words = this.lowerWords(name);
    const last = words[words.length - 1]!;
    const names = this.byLastWord.get(last);
    if (!names) return name;
    const organisation = this.isOrganisationName(name);
    // The most used of the longer forms: "Donald Trump" over a one-off "Republican Donald Trump".
    let best = name;
    let bestCount = 0;
    let bestWords = words.length;
    // Only names holding every word qualify: read those of the rarest word, not every "… Khan".
    let rarest: readonly string[] = names;
    for (const word of words) {
      const withWord = this.byWord.get(word) ?? [];
      if (withWord.length < rarest.length) rarest = withWord;
    }
    const titled = this.forms.get(name)?.firstTitled ?? Number.POSITIVE_INFINITY;
    for (const candidate of rarest) {
      const { count, firstSeen, words: candidateWords } = this.forms.get(candidate)!;
      if (candidateWords[candidateWords.length - 1] !== last) continue;
      if (candidateWords.length <= words.length || count < bestCount || (count === bestCount && candidateWords.length <= bestWords)) continue;
      if (!words.every((w) => candidateWords.includes(w)) || this.isOrganisationName(candidate) !== organisation) continue;
      // "President Obama … Mr. Obama said … the first lady, Michelle Obama": news gives a person's
      // full name before a titled short one, so a longer name first used after that is someone else's.
      if (firstSeen > titled) continue;
      best = candidate;
      bestCount = count;
      bestWords = candidateWords.length;
    }
    return best;
  }


  /** The title the article gave this name anywhere ("Defence Minister"), if any. */
  role(name: string): string | null {
    if (this.roles.has(name)) return this.roles.get(name)!;
    let known = this.roleCache.get(name);
    if (known !== undefined) return known;
    known = null;
    const words = this.lowerWords(name);
    for (const candidate of this.byLastWord.get(words[words.length - 1]!) ?? []) {
      if (this.roles.has(candidate) && this.canonical(candidate) === name) {
        known = this.roles.get(candidate)!;
        break;
      }
    }
    this.roleCache.set(name, known);
    return known;
  }

  /** The nearest person (or organisation) opening a clause before `position`, canonical, with its offset. */
  subjectBefore(position: number, organisation: boolean, pronoun: string): { name: string; start: number } | null {
    const lo = firstAtOrAfter(this.subjects, position);
    for (let i = lo - 1; i >= 0 && i >= lo - SUBJECT_LOOKBACK; i--) {
      const { start, name } = this.subjects[i]!;
      const canonical = this.canonical(name);
      if (this.isOrganisationName(canonical) !== organisation || !this.fitsPronoun(canonical, pronoun) || this.isPlaceKnown(name) || this.isPlaceKnown(canonical)) continue;
      // "Syria", "Republicans" open clauses too; "he" and "she" want a person: a full name, or one
      // the text has called he or she.
      if (!organisation && !this.isPersonKnown(canonical)) continue;
      return { name: canonical, start };
    }
    return null;
  }

  /**
   * The names outside quotations from `from` up to `to`, canonical, in text order, at most `limit`
   * of the last ones: the candidates a speaker ranking reads near one quotation, never the whole text.
   */
  mentionsBetween(from: number, to: number, limit: number): { name: string; start: number; subject: boolean; reports: boolean; addressed: boolean }[] {
    const out: { name: string; start: number; subject: boolean; reports: boolean; addressed: boolean }[] = [];
    let sorted = true;
    for (let l = 0; l < 2; l++) {
      const list = l === 0 ? this.mentions : this.bodyMentions;
      const first = firstAtOrAfter(list, from);
      const last = firstAtOrAfter(list, to);
      // Every quotation reads the names before it, and a role noun up to 60 of them: each name's
      // reading is made once per article and shared (callers only read it).
      const read = this.mentionReadings[l]!;
      for (let m = Math.max(first, last - limit); m < last; m++) {
        let reading = read[m];
        if (!reading) {
          const mention = list[m]!;
          read[m] = reading = { name: this.canonical(mention.name), start: mention.start, subject: mention.subject, reports: mention.reports ?? false, addressed: this.addressed(mention.token) };
        }
        if (sorted && out.length > 0 && out[out.length - 1]!.start > reading.start) sorted = false;
        out.push(reading);
      }
    }
    // Both lists run in text order, and mostly only the first gives any: then the sort would keep
    // the order as it is (it is stable), and is skipped.
    if (!sorted) out.sort((a, b) => a.start - b.start);
    return out.length > limit ? out.slice(-limit) : out;
  }

  /** mentionsBetween's reading of each entry of `mentions` and of `bodyMentions`, made when first asked. */
  private readonly mentionReadings: { name: string; start: number; subject: boolean; reports: boolean; addressed: boolean }[][] = [[], []];

  private firstSeen: Map<string, number> | null = null;

  /** Where the text first names this person or body (by its canonical name); Infinity when never. */
  firstMentionOf(name: string): number {
    if (!this.firstSeen) {
      const seen = new Map<string, number>();
      for (const list of [this.mentions, this.bodyMentions]) {
        for (const mention of list) {
          const key = this.canonical(mention.name);
          if (!seen.has(key) || seen.get(key)! > mention.start) seen.set(key, mention.start);
        }
      }
      this.firstSeen = seen;
    }
    return this.firstSeen.get(this.canonical(name)) ?? Number.POSITIVE_INFINITY;
  }

  /** Whether the name at this token is spoken to: "told Geo News’s Hamid Mir", "speaking to X", "met X". */
  private addressed(token: number): boolean {
    let k = token - 1;
    // Past an outlet or title owning the name: "told Geo News’s Hamid Mir".
    while (k >= 0 && k > token - 4 && this.tokens[k]!.capital && !this.tokens[k]!.punct) k--;
    return ADDRESSEE_BEFORE.has(this.tokens[k]?.lower ?? '');
  }

  /** What a name stands for as far as the text shows: a person, an organisation, a place. */
  kindOf(name: string): { person: boolean; organisation: boolean; place: boolean } {
    // Every quotation's candidates ask about the same few names; what the text shows of them is
    // fixed once the index is built.
    let kind = this.kinds.get(name);
    if (!kind) {
      const organisation = this.isOrganisationName(name);
      this.kinds.set(name, (kind = { person: !organisation && this.isPersonKnown(name), organisation, place: this.isPlaceKnown(name) }));
    }
    return kind;
  }

  private readonly kinds = new Map<string, { person: boolean; organisation: boolean; place: boolean }>();

  /**
   * isPerson and isPlace, remembered: every pronoun weighs the same few names again, and what the
   * text shows of a name is fixed once the index is built.
   */
  private isPersonKnown(name: string): boolean {
    let known = this.persons.get(name);
    if (known === undefined) this.persons.set(name, (known = this.isPerson(name)));
    return known;
  }

  private isPlaceKnown(name: string): boolean {
    let known = this.placeNames.get(name);
    if (known === undefined) this.placeNames.set(name, (known = this.isPlace(name)));
    return known;
  }

  private readonly persons = new Map<string, boolean>();
  private readonly placeNames = new Map<string, boolean>();

  /** People whose title contains this description's head noun ("the defence minister" → Defence Minister). */
  byRole(description: string): string[] {
    let found = this.describedPeople.get(description);
    if (found) return found;
    // Every word of the description in the role; or, for a short one whose other words are names
    // ("the Florida senator"), its titles spelt out: "Sen. Marco Rubio".
    const words = description.toLowerCase().split(' ').filter((w) => !DETERMINERS.has(w));
    const others = description.split(' ').filter((w) => !DETERMINERS.has(w.toLowerCase()) && !TITLE_WORDS.has(w.toLowerCase()));
    const titles = words.length <= 3 && others.every((w) => /^\p{Lu}/u.test(w)) ? titleWords(description) : [];
    const { byWord, byTitle } = this.roleIndex();
    found = [];
    for (const name of [...holdingAll(byWord, words), ...holdingAll(byTitle, titles)]) {
      const canonical = this.canonical(name);
      if (!found.includes(canonical)) found.push(canonical);
    }
    this.describedPeople.set(description, found);
    return found;
  }

  /**
   * The names holding each role word and each title, and each role's titles, built once when first
   * asked: descriptions ("the minister") and pronouns ask about roles again and again, and an article
   * naming thousands of officials would otherwise be read through once per question.
   */
  private roleIndex(): { byWord: Map<string, Set<string>>; byTitle: Map<string, Set<string>>; titlesOf: Map<string, string[]> } {
    if (this.roleLookup) return this.roleLookup;
    const byWord = new Map<string, Set<string>>();
    const byTitle = new Map<string, Set<string>>();
    const titlesOf = new Map<string, string[]>();
    const file = (index: Map<string, Set<string>>, key: string, name: string): void => {
      let names = index.get(key);
      if (!names) index.set(key, (names = new Set()));
      names.add(name);
    };
    for (const [name, role] of this.roles) {
      // "Deputy Prime Minister and Foreign Minister (DPM/FM), Senator …": "Foreign Minister" is the
      // title read as a name, and holds no office for "the DPM" to resolve to.
      let titles = titlesOf.get(role);
      if (!titles) titlesOf.set(role, (titles = titleWords(role)));
      if (titlesOnly(name)) continue;
      for (const word of role.toLowerCase().split(/\s+/)) file(byWord, word, name);
      for (const title of titles) file(byTitle, title, name);
    }
    return (this.roleLookup = { byWord, byTitle, titlesOf });
  }
}
