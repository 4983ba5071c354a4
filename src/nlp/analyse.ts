// Everything computed about an article at ingest, so commands only read and format. One function,
// used by ingest and by every batch CLI command, so the two can never disagree.
import { type Article, articleBody, PARAGRAPH_SEPARATOR } from '../articles/article.ts';
import { extractQuotes } from './quotes.ts';
import { articleSignature, type EventSignature } from './signature.ts';
import { splitSentences } from './sentences.ts';
import { scoreSentences } from './summarise.ts';
import { tagTopics, type Taxonomy } from './topics.ts';

export interface AnalysedSentence {
  index: number;
  paragraph: number;
  /** Offsets into articleBody(article). */
  start: number;
  end: number;
  text: string;
  score: number;
  /** Named parts of the score (centrality, position, …), kept so a user can ask why. */
  components: Record<string, number>;
  /** Order in which the summariser picks this sentence (0 = first); null if never. */
  summaryRank: number | null;
}

export interface AnalysedQuote {
  index: number;
  text: string;
  speaker: string | null;
  role: string | null;
  cue: string | null;
  partial: boolean;
  start: number;
  end: number;
  /** How sure the speaker ranking is of `speaker`, 0–1; absent for quotes stored before it existed. */
  confidence?: number;
  /** Other names the text gave the speaker ("the military's media wing", "PM Shehbaz"), for search. */
  speakerForms?: string[];
}

/**
 * A quotation whose speaker a cue word names ("said", "according to"). Without one the speaker was
 * inferred from the sentence around it: fit to list as such, not to headline a story with.
 */
export function isAttributed(quote: Pick<AnalysedQuote, 'speaker' | 'cue'>): boolean {
  return quote.speaker !== null && quote.cue !== null;
}

export interface TopicTag {
  topicId: string;
  score: number;
  /** The body sentence (index) that shows the article is about the topic; null when only the title does. */
  evidence: number | null;
}

export interface Analysis {
  sentences: AnalysedSentence[];
  quotes: AnalysedQuote[];
  topics: TopicTag[];
  /** What occurrence it reports, for story clustering (signature.ts). */
  signature: EventSignature;
}

/** Sentences of the body with paragraph numbers and body offsets. Never crosses a paragraph. */
export function bodySentences(article: Pick<Article, 'paragraphs'>): Omit<AnalysedSentence, 'score' | 'components' | 'summaryRank'>[] {
  const out: Omit<AnalysedSentence, 'score' | 'components' | 'summaryRank'>[] = [];
  let offset = 0;
  article.paragraphs.forEach((paragraph, p) => {
    for (const span of splitSentences(paragraph.text)) {
      out.push({ index: out.length, paragraph: p, start: offset + span.start, end: offset + span.end, text: span.text });
    }
    offset += paragraph.text.length + PARAGRAPH_SEPARATOR.length;
  });
  return out;
}

/** The whole analysis of one article; ingest and every batch CLI command call exactly this. */
export function analyseArticle(article: Article, taxonomy: Taxonomy): Analysis {
  const body = articleBody(article);
  const sentences = bodySentences(article);
  return {
    sentences: scoreSentences(article, sentences),
    quotes: extractQuotes(article, body, sentences),
    topics: tagTopics(article, sentences, taxonomy.topics, taxonomy.model),
    signature: articleSignature(article, sentences),
  };
}

/** The summary as sentences in document order: the first `count` picks of the summariser. */
export function summarySentences<T extends Pick<AnalysedSentence, 'index' | 'summaryRank'>>(sentences: T[], count: number): T[] {
  return sentences
    .filter((s) => s.summaryRank !== null && s.summaryRank < count)
    .sort((a, b) => a.index - b.index);
}
