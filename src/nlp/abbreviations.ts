// The one abbreviation lexicon: the sentence splitter and the speaker tokenizer both read it, so a
// full stop after "Pvt." or "Jan." is part of the word, or a sentence end, the same way everywhere.
// Lower-case, without the period.

// Words after which a full stop never ends a sentence: a name, rank or example always follows.
export const NEVER_FINAL = new Set([
  'mr', 'mrs', 'ms', 'messrs', 'dr', 'prof', 'gen', 'gens', 'lt', 'col', 'maj', 'brig', 'capt', 'cmdr', 'cdr', 'adm',
  'sgt', 'cpl', 'pvt', 'sen', 'sens', 'rep', 'reps', 'gov', 'rev', 'hon', 'fr', 'st', 'mt', 'ft', 'supt', 'insp', 'pres',
  'e.g', 'i.e', 'vs', 'v', 'cf', 'viz', 'approx', 'incl', 'esp', 'ca',
]);
// Abbreviations that introduce a number ("No. 5", "Jan. 12", "Rs. 500"); before anything else they may end a sentence.
export const BEFORE_NUMBER = new Set([
  'no', 'nos', 'vol', 'art', 'sec', 'para', 'pp', 'p', 'ch', 'fig', 'rs', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug',
  'sep', 'sept', 'oct', 'nov', 'dec',
]);
// Abbreviations that end sentences as often as they sit inside one ("in the U.S. The" / "U.S. troops").
export const AMBIGUOUS = new Set(['inc', 'ltd', 'co', 'corp', 'bros', 'jr', 'sr', 'etc', 'govt', 'dept', 'univ', 'al', 'plc']);

/** A word whose full stop may belong to it (whether it also ends the sentence depends on what follows). */
export function isAbbreviation(word: string): boolean {
  return NEVER_FINAL.has(word) || BEFORE_NUMBER.has(word) || AMBIGUOUS.has(word);
}
