// What every input format is parsed into, before analysis. Offsets used by analysis (sentences,
// quotes) refer to `articleBody()`: the paragraphs joined by blank lines.

export type SourceFormat = 'text' | 'markdown' | 'json' | 'html';

export interface Paragraph {
  text: string;
  /** Index into `sections` of the subheading this paragraph sits under, or null before the first. */
  section: number | null;
}

export interface Article {
  title: string;
  /** True when no title was given and one was cut from the lead. */
  titleDerived: boolean;
  dateline: string | null;
  /**
   * The outlet's own highlights (a print standfirst's bullet lines), when it gave some; never part of
   * the body. Optional so that an Article built before they were read (stored rows, fixtures) is valid.
   */
  highlights?: string[];
  outlet: string | null;
  url: string | null;
  /** ISO 8601 date or date-time, as given by the source. */
  published: string | null;
  paragraphs: Paragraph[];
  /** Subheadings, in order. */
  sections: string[];
  /** Lines kept on record but never part of the body: scraper leftovers, boilerplate. */
  noise: string[];
  format: SourceFormat;
  /** The id the source gave (a JSONL `id`), if any. */
  sourceId: string | null;
}

export const PARAGRAPH_SEPARATOR = '\n\n';

export function articleBody(article: Pick<Article, 'paragraphs'>): string {
  return article.paragraphs.map((p) => p.text).join(PARAGRAPH_SEPARATOR);
}

/**
 * Sentences that make up a story's lead: what story clustering compares besides titles (/topic, the
 * digest, `brief clusters`). Ingest stores each article's lead (articles.lead), so changing this
 * takes effect for articles ingested afterwards; migration 006 computed the stored ones with 2.
 */
export const LEAD_SENTENCES = 2;

/** A story's lead: its first LEAD_SENTENCES sentences, joined by spaces. */
export function storyLead(sentences: readonly { text: string }[]): string {
  return sentences.slice(0, LEAD_SENTENCES).map((s) => s.text).join(' ');
}

/** Why an input was refused, worded for the person who gave it. */
export class RejectedInput extends Error {
  override name = 'RejectedInput';
}

/**
 * The article's date, for listing and windows: when it was published, else when it arrived.
 * `articleDateSql` in src/store/rules.ts is the same rule in SQL.
 */
export function articleDate(article: { published: string | null; addedAt: string }): string {
  return article.published ?? article.addedAt;
}

/**
 * When the article's news happened, as precisely as known, in ms: its publication time when that
 * has one, else when it arrived, since a date alone says which day, not when. Recency ranking (the
 * digest) needs the hour; listing needs only `articleDate`.
 */
export function articleMoment(article: { published: string | null; addedAt: string }): number {
  const published = article.published && article.published.length > 10 ? Date.parse(article.published) : Number.NaN;
  return Number.isNaN(published) ? Date.parse(article.addedAt) : published;
}
