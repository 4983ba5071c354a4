// How a quotation and its speaker are shown, and which quotation speaks for a story: one policy for
// /summary, /topic, /quotes and the digest.
import { type AnalysedQuote, isAttributed } from '../domain/analysis.ts';
import { isUncertain } from '../nlp/speaker-ranking.ts';
import { clip } from './text.ts';

type Shown = Pick<AnalysedQuote, 'text' | 'speaker' | 'role' | 'cue' | 'partial'> & { confidence?: number | null };

/**
 * The quoted words as shown alone: the comma, semicolon or colon that led into "…, he said" belongs
 * to the sentence around the quotation, not to it.
 */
export function quotationText(quote: Pick<AnalysedQuote, 'text'>, limit?: number): string {
  const words = quote.text.trim().replace(/[\s,;:]+$/, '');
  return `“${limit === undefined ? words : clip(words, limit)}”`;
}

/** "Speaker, role", or the speaker alone. */
export function speakerLabel(quote: Pick<AnalysedQuote, 'speaker' | 'role'>): string {
  return quote.speaker ? `${quote.speaker}${quote.role ? `, ${quote.role}` : ''}` : 'Speaker not named';
}

/**
 * The speaker as a list of quotations shows it: a speaker read from the sentence around the quote
 * rather than named by a cue is marked inferred, and one the ranking was unsure of is offered as
 * likely, not stated.
 */
export function hedgedSpeakerLabel(quote: Shown): string {
  if (!quote.speaker) return speakerLabel(quote);
  const hedge = isUncertain(quote) ? ' (attribution uncertain)' : isAttributed(quote) ? '' : ' (inferred)';
  return `${speakerLabel(quote)}${hedge}`;
}

/**
 * The quotation that speaks for an article or a story: only one whose speaker a cue names (an
 * inferred speaker is fit to list, not to headline with); a whole quotation says more than a
 * fragment; among equals the first, the article's lead voice.
 */
export function keyQuote<Q extends Pick<AnalysedQuote, 'speaker' | 'cue' | 'partial'>>(quotes: readonly Q[]): Q | null {
  const attributed = quotes.filter(isAttributed);
  return attributed.find((q) => !q.partial) ?? attributed[0] ?? null;
}
