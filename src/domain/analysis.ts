// What an article's analysis is: the sentences, quotes, topics and event signature computed once at
// ingest and stored, as every layer reads them. Types and pure rules only: this module imports
// nothing but other domain modules, so any layer can depend on it.

export type OccurrenceKind =
  | 'suicide-bombing' | 'attack' | 'operation' | 'strike' | 'clash'
  | 'reaction' | 'statement' | 'meeting' | 'call' | 'press-conference' | 'sitting' | 'visit'
  | 'commentary' | 'other';

export interface EventSignature {
  kind: OccurrenceKind;
  /** For a reaction or statement: who speaks, as an actor id ("pm", "na-speaker"); null when unknown. */
  speaker: string | null;
  /** Every actor who speaks in a joint reaction ("President, PM condemn …"), sorted; optional: stored signatures predate it. */
  speakers?: string[];
  /** Actor ids named in the headline and lead, sorted. */
  actors: string[];
  /** Gazetteer names of the local places the headline and lead name (districts, tehsils, towns), sorted. */
  places: string[];
  /**
   * Regions named or implied (countries other than Pakistan, provinces, capitals): "Doha" and "Qatar"
   * meet here, as do two stories from Balochistan. Optional: stored signatures predate it.
   */
  regions?: string[];
  /** Casualty and body counts the headline and lead give, sorted. */
  casualties: number[];
  /** Day number (days since 1970-01-01, UTC) the occurrence happened on, when the text says; else null. */
  eventDay: number | null;
}

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

export type BodySentence = Omit<AnalysedSentence, 'score' | 'components' | 'summaryRank'>;

/** The summary as sentences in document order: the first `count` picks of the summariser. */
export function summarySentences<T extends Pick<AnalysedSentence, 'index' | 'summaryRank'>>(sentences: T[], count: number): T[] {
  return sentences
    .filter((s) => s.summaryRank !== null && s.summaryRank < count)
    .sort((a, b) => a.index - b.index);
}
